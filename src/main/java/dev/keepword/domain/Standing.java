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
     * Assesses the commitments one party owes.
     *
     * @param reviewInSilence the ladder reached its disengagement review while this party stayed silent
     */
    public static Assessment assess(List<Commitment> owned, Instant now, Terms terms, int maxRenegotiations,
                                    boolean reviewInSilence) {
        Instant windowStart = now.minus(Duration.ofDays(terms.reliabilityWindowDays()));
        List<Verdict> verdicts = new ArrayList<>();
        for (Commitment c : owned) {
            verdict(c, now, maxRenegotiations).filter(v -> !v.at().isBefore(windowStart)).ifPresent(verdicts::add);
        }
        verdicts.sort(Comparator.comparing(Verdict::at));
        int kept = (int) verdicts.stream().filter(Verdict::kept).count();
        Reliability reliability = new Reliability(verdicts.size(), kept);
        if (reviewInSilence) {
            return new Assessment(Level.DISENGAGE_REVIEW, reliability);
        }
        int misses = reliability.misses();
        boolean cleanStreak = verdicts.size() >= terms.cleanStreak()
                && verdicts.subList(verdicts.size() - terms.cleanStreak(), verdicts.size()).stream().allMatch(Verdict::kept);
        Level level = misses == 0 || cleanStreak ? Level.GOOD
                : misses >= terms.serialMisses() ? Level.SERIAL_DEFAULTER : Level.SLIPPING;
        return new Assessment(level, reliability);
    }

    /** Whether one commitment fell due (and when), and whether it was kept on time. */
    record Verdict(Instant at, boolean kept) {
    }

    static java.util.Optional<Verdict> verdict(Commitment c, Instant now, int maxRenegotiations) {
        if (c.state() == State.CANCELLED) {
            return java.util.Optional.empty();
        }
        boolean lateMove = false;
        int moves = 0;
        for (HistoryEntry h : c.history()) {
            if (h.action() == Action.RENEGOTIATED) {
                moves++;
                Matcher m = MOVE.matcher(h.detail());
                boolean afterDue = m.find() && h.at().isAfter(Instant.parse(m.group(1)));
                if (afterDue || moves > maxRenegotiations) {
                    lateMove = true;
                }
            }
        }
        if (c.state() == State.DONE) {
            Instant doneAt = c.history().stream().filter(h -> h.action() == Action.DONE).map(HistoryEntry::at)
                    .reduce((a, b) -> b).orElse(c.due());
            return java.util.Optional.of(new Verdict(doneAt, !lateMove && !doneAt.isAfter(c.due())));
        }
        if (c.due().isBefore(now)) {
            return java.util.Optional.of(new Verdict(c.due(), false));
        }
        return lateMove ? java.util.Optional.of(new Verdict(now, false)) : java.util.Optional.empty();
    }

    /** Whether the commitment was or is late: done after its due date, overdue now, or moved late. */
    public static boolean missed(Commitment c, Instant now, int maxRenegotiations) {
        return verdict(c, now, maxRenegotiations).map(v -> !v.kept()).orElse(false);
    }
}
