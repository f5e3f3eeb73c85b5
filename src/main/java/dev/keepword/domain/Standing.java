package dev.keepword.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A party's standing and reliability, derived from the history of what they owed. One slip is not a pattern:
 * a first miss makes them SLIPPING, several in the window a SERIAL_DEFAULTER, and a clean streak earns GOOD back.
 * A renegotiation before the due date (within the agreement's cap) is not a miss. Pure.
 */
public final class Standing {

    /** The standings, from best to worst. */
    public enum Level {
        GOOD, SLIPPING, SERIAL_DEFAULTER, DISENGAGE_REVIEW;

        public String words() {
            return switch (this) {
                case GOOD -> "good standing";
                case SLIPPING -> "slipping";
                case SERIAL_DEFAULTER -> "serial defaulter";
                case DISENGAGE_REVIEW -> "disengagement review";
            };
        }
    }

    /** Kept on time ÷ fell due, over the window. */
    public record Reliability(int fellDue, int keptOnTime) {
        public int misses() {
            return fellDue - keptOnTime;
        }

        /** "4 of 5 on time (80%)", or "nothing fell due yet". */
        public String words() {
            if (fellDue == 0) {
                return "nothing fell due yet";
            }
            return keptOnTime + " of " + fellDue + " on time (" + Math.round(100.0 * keptOnTime / fellDue) + "%)";
        }
    }

    /** The verdict on one party. */
    public record Assessment(Level level, Reliability reliability) {
    }

    private static final Pattern MOVE = Pattern.compile("^from (\\S+) to (\\S+)");

    private Standing() {
    }

    /**
     * Assesses the commitments one party owes. Standing counts <em>lapses</em>, not items: misses that became late
     * within a day of each other (three things due the same day, each a day late) are one lapse, one bad day; a
     * commitment late for a week is one lapse too.
     *
     * @param reviewInSilence the ladder reached its disengagement review while this party stayed silent
     */
    public static Assessment assess(List<Commitment> owned, Instant now, Terms terms, int maxRenegotiations,
                                    boolean reviewInSilence) {
        List<Verdict> verdicts = verdicts(owned, now, terms, maxRenegotiations);
        int kept = (int) verdicts.stream().filter(Verdict::kept).count();
        Reliability reliability = new Reliability(verdicts.size(), kept);
        if (reviewInSilence) {
            return new Assessment(Level.DISENGAGE_REVIEW, reliability);
        }
        int misses = reliability.misses();
        boolean cleanStreak = verdicts.size() >= terms.cleanStreak()
                && verdicts.subList(verdicts.size() - terms.cleanStreak(), verdicts.size()).stream().allMatch(Verdict::kept);
        Level level = misses == 0 || cleanStreak ? Level.GOOD
                : lapses(verdicts) >= terms.serialMisses() ? Level.SERIAL_DEFAULTER : Level.SLIPPING;
        return new Assessment(level, reliability);
    }

    /** How many separate lapses (spells of lateness) the party had in the window. */
    public static int lapses(List<Commitment> owned, Instant now, Terms terms, int maxRenegotiations) {
        return lapses(verdicts(owned, now, terms, maxRenegotiations));
    }

    /**
     * Where the window standing and reliability look at begins: nothing judged before it counts. Only commitments
     * that can be judged on or after it (open ones due since, or ever moved; ones done since) need to be assessed.
     */
    public static Instant windowStart(Instant now, Terms terms) {
        return now.minus(Duration.ofDays(terms.reliabilityWindowDays()));
    }

    private static List<Verdict> verdicts(List<Commitment> owned, Instant now, Terms terms, int maxRenegotiations) {
        Instant windowStart = windowStart(now, terms);
        List<Verdict> verdicts = new ArrayList<>();
        for (Commitment c : owned) {
            verdict(c, now, maxRenegotiations).filter(v -> !v.at().isBefore(windowStart)).ifPresent(verdicts::add);
        }
        verdicts.sort(Comparator.comparing(Verdict::at));
        return verdicts;
    }

    /** How long one lapse lasts: misses that became late within a day of its first are the same bad day. */
    static final Duration LAPSE = Duration.ofDays(1);

    /** Misses grouped into lapses: one that became late less than a day after a lapse began belongs to it. */
    private static int lapses(List<Verdict> verdicts) {
        List<Instant> starts = verdicts.stream().filter(v -> !v.kept()).map(Verdict::lateFrom).sorted().toList();
        int lapses = 0;
        Instant began = null;
        for (Instant start : starts) {
            if (began == null || !start.isBefore(began.plus(LAPSE))) {
                lapses++;
                began = start;
            }
        }
        return lapses;
    }

    /** Whether one commitment fell due (and when), whether it was kept on time, and, for a miss, when it became late. */
    record Verdict(Instant at, boolean kept, Instant lateFrom) {
    }

    /** One renegotiation and whether it counts as late (after the due date, or past the agreement's free moves). */
    public record Move(HistoryEntry entry, Instant from, boolean late, boolean counted) {
    }

    /**
     * Every move of the commitment, judged. A move that settles a blocker flagged before the due date is neither late
     * nor one of the free renegotiations: the wait was not the owner's doing.
     */
    public static List<Move> moves(Commitment c, int maxRenegotiations) {
        List<Move> out = new ArrayList<>();
        int counted = 0;
        Instant blockedSince = null;
        for (HistoryEntry h : c.history()) {
            if (h.action() == Action.BLOCKED || h.action() == Action.PAUSED) {
                blockedSince = blockedSince == null ? h.at() : blockedSince;
            } else if (h.action() == Action.RENEGOTIATED) {
                Matcher m = MOVE.matcher(h.detail());
                Instant from = m.find() ? Instant.parse(m.group(1)) : h.at();
                boolean settlesBlocker = blockedSince != null && !blockedSince.isAfter(from);
                blockedSince = null;
                // The timeline moving with a late client input is the agreement's doing, never the owner's move.
                if (settlesBlocker || HistoryEntry.KEEPWORD.equals(h.actor())) {
                    out.add(new Move(h, from, false, false));
                    continue;
                }
                counted++;
                out.add(new Move(h, from, h.at().isAfter(from) || counted > maxRenegotiations, true));
            }
        }
        return out;
    }

    /** How many of the agreement's free renegotiations the commitment has used. */
    public static int freeMovesUsed(Commitment c, int maxRenegotiations) {
        return (int) moves(c, maxRenegotiations).stream().filter(Move::counted).count();
    }

    /**
     * Whether the owner said it was blocked before it fell due and it has stayed blocked since (no new date agreed):
     * then its due date passing is no miss. A consultant hears about it again until it moves on.
     */
    public static boolean blockedInTime(Commitment c) {
        Instant blockedSince = null;
        for (HistoryEntry h : c.history()) {
            if (h.action() == Action.BLOCKED || h.action() == Action.PAUSED) {
                blockedSince = blockedSince == null ? h.at() : blockedSince;
            } else if (h.action() == Action.RENEGOTIATED) {
                blockedSince = null;
            }
        }
        return blockedSince != null && !blockedSince.isAfter(c.due());
    }

    static java.util.Optional<Verdict> verdict(Commitment c, Instant now, int maxRenegotiations) {
        if (c.state() == State.CANCELLED || c.kind() == Kind.CHANGE_REQUEST) {
            return java.util.Optional.empty(); // a change request is a decision for the client, never a miss
        }
        java.util.Optional<Move> lateMove = moves(c, maxRenegotiations).stream().filter(Move::late).findFirst();
        boolean blocked = blockedInTime(c);
        if (c.state() == State.DONE) {
            Instant doneAt = c.doneAt().orElseThrow();
            boolean kept = lateMove.isEmpty() && (blocked || !doneAt.isAfter(c.due()));
            Instant from = lateMove.map(m -> m.from().isBefore(m.entry().at()) ? m.from() : m.entry().at()).orElse(c.due());
            return java.util.Optional.of(new Verdict(doneAt, kept, from));
        }
        if (c.due().isBefore(now) && !blocked) {
            Instant from = lateMove.map(m -> m.from().isBefore(m.entry().at()) ? m.from() : m.entry().at()).orElse(c.due());
            return java.util.Optional.of(new Verdict(c.due(), false, from.isBefore(c.due()) ? from : c.due()));
        }
        return lateMove.map(m -> new Verdict(now, false, m.from().isBefore(m.entry().at()) ? m.from() : m.entry().at()));
    }

    /** Whether the commitment was or is late: done after its due date, overdue now, or moved late. */
    public static boolean missed(Commitment c, Instant now, int maxRenegotiations) {
        return verdict(c, now, maxRenegotiations).map(v -> !v.kept()).orElse(false);
    }
}
