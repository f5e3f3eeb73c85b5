package dev.keepword.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When the owner of a commitment is nudged: a heads-up some working days before the due date, a "due today"
 * nudge on the due day's morning, then one nudge per working day after it, up to the agreement's bound. Every
 * time is resolved in the recipient's {@link WorkingCalendar} and moved into their working hours. Pure.
 */
public final class Cadence {

    /** The kinds of nudge, in the order a commitment meets them. */
    public enum Step {
        HEADS_UP, DUE_TODAY, OVERDUE, SNOOZE_END
    }

    /** One planned nudge. {@code occurrence} tells repeated steps apart (overdue day 1, 2, …; the nth snooze). */
    public record Planned(Step step, int occurrence, Instant at) {
        public String key() {
            return step + ":" + occurrence;
        }
    }

    /** After a snooze ends, regular nudges this close behind it are skipped: the owner was just reminded. */
    static final Duration AFTER_SNOOZE_QUIET = Duration.ofHours(2);

    private Cadence() {
    }

    /**
     * What has been sent for the commitment's current due date: how many overdue nudges, and when the last nudge
     * went out. Planning continues from here, so a changed calendar (out of office, a new zone) never renumbers
     * or repeats what was sent.
     */
    public record Progress(int overdueSent, Instant lastSentAt) {
        public static final Progress NONE = new Progress(0, null);

        /** Progress after {@code sent} went out at {@code at}. */
        public Progress after(Planned sent, Instant at) {
            return new Progress(sent.step() == Step.OVERDUE ? Math.max(overdueSent, sent.occurrence()) : overdueSent, at);
        }

        boolean allows(Instant at) {
            return lastSentAt == null || at.isAfter(lastSentAt);
        }
    }

    /** Every regular step still to come, in time order, with strictly increasing times. */
    public static List<Planned> steps(Commitment c, Agreement a, WorkingCalendar cal, Progress progress) {
        List<Planned> out = new ArrayList<>();
        LocalDate dueDate = cal.localDate(c.due());
        if (a.headsUpWorkingDays() > 0 && progress.overdueSent() == 0) {
            Instant headsUp = cal.at(cal.minusWorkingDays(dueDate, a.headsUpWorkingDays()), a.nudgeTime());
            if (headsUp.isAfter(c.createdAt()) && headsUp.isBefore(c.due()) && progress.allows(headsUp)) {
                out.add(new Planned(Step.HEADS_UP, 0, headsUp));
            }
        }
        LocalDate dueDay = cal.isWorkingDay(dueDate) ? dueDate : cal.previousWorkingDay(dueDate);
        Instant dueToday = cal.at(dueDay, a.nudgeTime());
        if (!dueToday.isBefore(c.due())) {
            dueToday = cal.start(dueDay); // due before the usual nudge time: remind at the start of the day instead
        }
        if (dueToday.isAfter(c.createdAt()) && dueToday.isBefore(c.due()) && progress.allows(dueToday)
                && progress.overdueSent() == 0) {
            out.add(new Planned(Step.DUE_TODAY, 0, dueToday));
        }
        LocalDate day = dueDate;
        // A change request waits on a decision, not a delivery: a reminder on the day and one follow-up, no more.
        int overdueNudges = c.kind() == Kind.CHANGE_REQUEST ? Math.min(1, a.overdueNudges()) : a.overdueNudges();
        for (int n = progress.overdueSent() + 1; n <= overdueNudges; ) {
            day = cal.nextWorkingDay(day);
            Instant at = cal.at(day, a.nudgeTime());
            if (progress.allows(at)) {
                out.add(new Planned(Step.OVERDUE, n++, at));
            }
        }
        List<Planned> increasing = new ArrayList<>();
        for (Planned p : out) {
            if (increasing.isEmpty() || p.at().isAfter(increasing.get(increasing.size() - 1).at())) {
                increasing.add(p);
            }
        }
        return increasing;
    }

    /**
     * The next nudge strictly after {@code after}, or none: closed, blocked (the consultant has it) and
     * exhausted commitments get no more nudges. A snooze holds regular steps back and ends with a nudge of its own.
     */
    public static Optional<Planned> next(Commitment c, Agreement a, WorkingCalendar cal, Progress progress, Instant after) {
        if (!c.isOpen() || c.isBlocked()) {
            return Optional.empty();
        }
        List<Planned> candidates = new ArrayList<>();
        Instant quietUntil = null;
        if (c.snoozedUntil() != null) {
            Instant wake = cal.fit(c.snoozedUntil());
            if (wake.isAfter(after)) { // a snooze that ends in quiet hours still wakes the owner next working morning
                candidates.add(new Planned(Step.SNOOZE_END, c.snoozes(), wake));
            }
            // the quiet spell outlives the snooze: planning right after the snooze-end nudge must still honour it
            quietUntil = wake.plus(AFTER_SNOOZE_QUIET);
        }
        Progress planFrom = progress;
        if (quietUntil != null && (progress.lastSentAt() == null || progress.lastSentAt().isBefore(quietUntil))) {
            // plan as if the owner was reminded just before the quiet spell ends: held-back steps use up no number
            planFrom = new Progress(progress.overdueSent(), quietUntil.minusNanos(1));
        }
        for (Planned p : steps(c, a, cal, planFrom)) {
            if (p.at().isAfter(after)) {
                candidates.add(p);
            }
        }
        return candidates.stream().min(Comparator.comparing(Planned::at));
    }

    /**
     * The step to send when a nudge planned for {@code planned.at()} is delivered at {@code now}: normally that
     * step itself; after downtime, the latest regular step that fell due in between, so a missed window
     * produces one catch-up nudge, never a flood.
     */
    public static Planned latestDue(Commitment c, Agreement a, WorkingCalendar cal, Progress progress, Planned planned,
                                    Instant now) {
        Planned latest = planned;
        for (Planned p : steps(c, a, cal, progress)) {
            if (p.at().isAfter(latest.at()) && !p.at().isAfter(now)) {
                latest = p;
            }
        }
        return latest;
    }
}
