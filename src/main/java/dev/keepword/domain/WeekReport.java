package dev.keepword.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What happened in an engagement over a period, per side: what was kept on time, kept late, missed and
 * renegotiated; what is overdue now; what falls due in the week after the period; and each side's on-time
 * reliability week by week. The verdicts are {@link Standing}'s: a move before the due date within the agreement's
 * cap is a renegotiation, not a miss; a move after the due date (or past the cap) counts as a miss. Pure.
 *
 * @param from   start of the period (inclusive)
 * @param to     end of the period (exclusive)
 * @param now    when the report was made: "overdue" is as of now
 * @param sides  what each side kept, missed and renegotiated in the period
 * @param trend  each side's on-time record for the weeks up to the period's end, oldest first
 */
public record WeekReport(Instant from, Instant to, Instant now, Map<Side, SideRecord> sides, List<Commitment> overdue,
                         List<Commitment> dueNext, Map<Side, List<WeekPoint>> trend) {

    /** One side's record in the period, each list in due order. */
    public record SideRecord(List<Commitment> keptOnTime, List<Commitment> keptLate, List<Commitment> missed,
                             List<Commitment> renegotiated) {
        public SideRecord {
            keptOnTime = List.copyOf(keptOnTime);
            keptLate = List.copyOf(keptLate);
            missed = List.copyOf(missed);
            renegotiated = List.copyOf(renegotiated);
        }

        public boolean isEmpty() {
            return keptOnTime.isEmpty() && keptLate.isEmpty() && missed.isEmpty() && renegotiated.isEmpty();
        }
    }

    /** One week of a side's record: how many commitments fell due, and how many of them were kept on time. */
    public record WeekPoint(LocalDate weekStart, int fellDue, int keptOnTime) {
        /** Kept on time ÷ fell due, or empty when nothing fell due that week. */
        public Optional<Double> ratio() {
            return fellDue == 0 ? Optional.empty() : Optional.of((double) keptOnTime / fellDue);
        }
    }

    public WeekReport {
        sides = Map.copyOf(sides);
        overdue = List.copyOf(overdue);
        dueNext = List.copyOf(dueNext);
        trend = Map.copyOf(trend);
    }

    public SideRecord side(Side side) {
        return sides.get(side);
    }

    /** The side a commitment's owner is on: consultants, and everyone else as the client. */
    public static Side sideOf(Engagement e, String owner) {
        return e.isConsultant(owner) ? Side.CONSULTANT : Side.CLIENT;
    }

    /**
     * Builds the report for the engagement's commitments over {@code [from, to)} as of {@code now}, with the on-time
     * trend of {@code trendWeeks} weeks ending with the week of {@code to} (weeks start on Monday in the engagement's
     * zone).
     */
    public static WeekReport of(Engagement e, List<Commitment> commitments, Instant from, Instant to, Instant now,
                                int trendWeeks) {
        int cap = e.agreement().maxRenegotiations();
        Map<Side, List<List<Commitment>>> lists = new EnumMap<>(Side.class);
        for (Side s : Side.values()) {
            lists.put(s, List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
        }
        List<Commitment> overdue = new ArrayList<>();
        List<Commitment> dueNext = new ArrayList<>();
        Instant nextStart = to.isAfter(now) ? to : now;
        Instant nextEnd = to.plus(Duration.ofDays(7));
        List<Commitment> sorted = commitments.stream().filter(c -> c.channelId().equals(e.channelId()))
                .sorted(Comparator.comparing(Commitment::due).thenComparing(Commitment::id)).toList();
        for (Commitment c : sorted) {
            if (c.state() == State.CANCELLED || c.kind() == Kind.CHANGE_REQUEST) {
                continue; // a change request is the client's decision to make, never kept, late or missed
            }
            List<List<Commitment>> mine = lists.get(sideOf(e, c.owner()));
            Optional<Instant> doneAt = doneAt(c);
            boolean missed = false;
            boolean renegotiated = false;
            if (doneAt.isPresent() && within(doneAt.get(), from, to)) {
                boolean kept = Standing.verdict(c, now, cap).map(Standing.Verdict::kept).orElse(true);
                mine.get(kept ? 0 : 1).add(c);
            } else if (within(c.due(), from, to) && c.due().isBefore(now) && !Standing.blockedInTime(c)
                    && (c.isOpen() || doneAt.map(d -> !d.isBefore(to)).orElse(false))) {
                missed = true; // fell due in the period and was not done by its end
            }
            for (Standing.Move move : Standing.moves(c, cap)) {
                if (!within(move.entry().at(), from, to)) {
                    continue;
                }
                if (move.late()) {
                    missed = true;
                } else {
                    renegotiated = true;
                }
            }
            if (missed && !mine.get(0).contains(c) && !mine.get(1).contains(c)) {
                mine.get(2).add(c);
            }
            if (renegotiated) {
                mine.get(3).add(c);
            }
            if (c.isOverdue(now) && !Standing.blockedInTime(c)) {
                overdue.add(c);
            } else if (c.isOpen() && !c.due().isBefore(nextStart) && c.due().isBefore(nextEnd)) {
                dueNext.add(c);
            }
        }
        Map<Side, SideRecord> sides = new EnumMap<>(Side.class);
        lists.forEach((s, l) -> sides.put(s, new SideRecord(l.get(0), l.get(1), l.get(2), l.get(3))));
        return new WeekReport(from, to, now, sides, overdue, dueNext, trend(e, sorted, to, now, trendWeeks));
    }

    /** Each side's on-time record per week, for {@code weeks} weeks ending with the week {@code to} falls in. */
    static Map<Side, List<WeekPoint>> trend(Engagement e, List<Commitment> commitments, Instant to, Instant now,
                                            int weeks) {
        ZoneId zone = e.zone();
        LocalDate last = WeeklySchedule.weekStartOf(to.minusNanos(1).atZone(zone).toLocalDate());
        LocalDate first = last.minusWeeks(Math.max(weeks, 1) - 1L);
        Map<Side, int[][]> counts = new EnumMap<>(Side.class);
        for (Side s : Side.values()) {
            counts.put(s, new int[Math.max(weeks, 1)][2]);
        }
        for (Commitment c : commitments) {
            Optional<Standing.Verdict> v = Standing.verdict(c, now, e.agreement().maxRenegotiations());
            if (v.isEmpty() || !v.get().at().isBefore(to)) {
                continue;
            }
            LocalDate week = WeeklySchedule.weekStartOf(v.get().at().atZone(zone).toLocalDate());
            if (week.isBefore(first) || week.isAfter(last)) {
                continue;
            }
            int[] cell = counts.get(sideOf(e, c.owner()))[(int) java.time.temporal.ChronoUnit.WEEKS.between(first, week)];
            cell[0]++;
            if (v.get().kept()) {
                cell[1]++;
            }
        }
        Map<Side, List<WeekPoint>> out = new EnumMap<>(Side.class);
        counts.forEach((s, cells) -> {
            List<WeekPoint> points = new ArrayList<>();
            for (int i = 0; i < cells.length; i++) {
                points.add(new WeekPoint(first.plusWeeks(i), cells[i][0], cells[i][1]));
            }
            out.put(s, points);
        });
        return out;
    }

    static Optional<Instant> doneAt(Commitment c) {
        if (c.state() != State.DONE) {
            return Optional.empty();
        }
        return c.history().stream().filter(h -> h.action() == Action.DONE).map(HistoryEntry::at).reduce((a, b) -> b);
    }

    private static boolean within(Instant t, Instant from, Instant to) {
        return !t.isBefore(from) && t.isBefore(to);
    }
}
