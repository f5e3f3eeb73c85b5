package dev.keepword.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

/**
 * What late client inputs have cost an engagement, per its agreement: the timeline slip in working days, the
 * accrued late fees, and whether the consultancy may pause work or has. Computed and reported, never billed. Pure.
 *
 * @param slipWorkingDays working days on which at least one client input was late (when the timeline slips)
 * @param lateFees        accrued late fees in the agreement's currency
 * @param pauseWork       a client input is late beyond the agreement's pause threshold
 * @param workPaused      and its lateness has paused work that needs it ({@link Commitment#stoppedWork})
 */
public record Consequences(int slipWorkingDays, BigDecimal lateFees, String currency, boolean pauseWork,
                           boolean workPaused, int lateInputs) {

    public static Consequences of(Engagement e, List<Commitment> commitments, WorkingCalendar calendar, Instant now) {
        Terms t = e.terms();
        TreeSet<LocalDate> lateDays = new TreeSet<>();
        BigDecimal fees = BigDecimal.ZERO;
        boolean pause = false;
        boolean paused = false;
        int lateInputs = 0;
        for (Commitment c : commitments) {
            if (!e.isClient(c.owner()) || c.state() == State.CANCELLED || c.kind() == Kind.CHANGE_REQUEST
                    || Standing.blockedInTime(c)) {
                continue; // extra work not yet bought, or a wait flagged in time, costs the client nothing
            }
            Instant end = c.state() == State.DONE ? doneAt(c) : now;
            if (!end.isAfter(c.due())) {
                continue;
            }
            List<LocalDate> days = workingDaysLate(calendar, c.due(), end);
            if (days.isEmpty()) {
                continue;
            }
            lateInputs++;
            lateDays.addAll(days);
            int chargeable = Math.max(0, days.size() - t.feeGraceWorkingDays());
            fees = fees.add(t.lateFeePerWorkingDay().multiply(BigDecimal.valueOf(chargeable)));
            if (c.isOpen() && t.pauseAfterWorkingDays() > 0 && days.size() >= t.pauseAfterWorkingDays()) {
                pause = true;
                paused |= c.stoppedWork();
            }
        }
        return new Consequences(t.slipDayForDay() ? lateDays.size() : 0, fees, t.currency(), pause, paused, lateInputs);
    }

    /** The working days after the due date's day up to and including the day of {@code end}. */
    public static List<LocalDate> workingDaysLate(WorkingCalendar cal, Instant due, Instant end) {
        LocalDate from = cal.localDate(due);
        LocalDate to = cal.localDate(end);
        List<LocalDate> days = new java.util.ArrayList<>();
        for (LocalDate d = from.plusDays(1); !d.isAfter(to) && days.size() < 3660; d = d.plusDays(1)) {
            if (cal.isWorkingDay(d)) {
                days.add(d);
            }
        }
        return days;
    }

    private static Instant doneAt(Commitment c) {
        return c.history().stream().filter(h -> h.action() == Action.DONE).map(HistoryEntry::at)
                .reduce((a, b) -> b).orElse(c.due());
    }

    /**
     * "timeline +3 working days · late fees 150 EUR · work may pause per the agreement" (empty parts left out): once the
     * pause has stopped work, "work paused per the agreement", as the client was told then.
     */
    public String words() {
        List<String> parts = new java.util.ArrayList<>();
        parts.add(slipWorkingDays == 0 ? "no timeline slip" : "timeline +" + slipWorkingDays + " working day"
                + (slipWorkingDays == 1 ? "" : "s"));
        if (lateFees.signum() > 0) {
            parts.add("late fees " + lateFees.stripTrailingZeros().toPlainString() + " " + currency);
        }
        if (pauseWork) {
            parts.add(workPaused ? "work paused per the agreement" : "work may pause per the agreement");
        }
        return String.join(" · ", parts);
    }
}
