package dev.keepword.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Plans a commitment's climb up its {@link Ladder}: the next rung after the last one sent, at its working day
 * after the due date, in the calendar of whoever that rung addresses. Closed and blocked commitments do not
 * climb; a snooze holds the climb until it ends. Pure.
 */
public final class Escalation {

    /** A planned rung; {@code index} is its place on the ladder. */
    public record Planned(int index, Ladder.Rung rung, Instant at) {
        public String key() {
            return "RUNG:" + rung.name();
        }
    }

    private Escalation() {
    }

    /**
     * The next rung after {@code lastSent} (-1: none yet) whose time is after {@code after}. A rung without anyone
     * to address (a consultant's own commitment in a one-consultant engagement) is passed over.
     */
    public static Optional<Planned> next(Commitment c, Ladder ladder, Agreement a,
                                         Function<Ladder.Audience, Optional<WorkingCalendar>> calendars,
                                         int lastSent, Instant after) {
        if (!c.isOpen() || c.isBlocked() || !climbs(c)) {
            return Optional.empty();
        }
        for (int i = lastSent + 1; i < ladder.rungs().size(); i++) {
            Optional<Planned> p = at(c, ladder, a, calendars, i);
            if (p.isPresent() && p.get().at().isAfter(after)) {
                return p;
            }
        }
        return Optional.empty();
    }

    /** Whether a commitment climbs a ladder at all: a change request never does (a decision is not a default). */
    public static boolean climbs(Commitment c) {
        return c.kind() != Kind.CHANGE_REQUEST;
    }

    /** After downtime: the latest rung due by {@code now}, so a missed stretch of the ladder is one message. */
    public static Planned latestDue(Commitment c, Ladder ladder, Agreement a,
                                    Function<Ladder.Audience, Optional<WorkingCalendar>> calendars, Planned planned,
                                    Instant now) {
        Planned latest = planned;
        for (int i = planned.index() + 1; i < ladder.rungs().size(); i++) {
            Optional<Planned> p = at(c, ladder, a, calendars, i);
            if (p.isPresent() && !p.get().at().isAfter(now)) {
                latest = p.get();
            }
        }
        return latest;
    }

    /** When rung {@code i} falls: its working day after the due date, at the nudge time, held back by a snooze. */
    public static Optional<Planned> at(Commitment c, Ladder ladder, Agreement a,
                                       Function<Ladder.Audience, Optional<WorkingCalendar>> calendars, int i) {
        Ladder.Rung rung = ladder.rungs().get(i);
        Optional<WorkingCalendar> cal = calendars.apply(rung.audience());
        if (cal.isEmpty()) {
            return Optional.empty();
        }
        WorkingCalendar w = cal.get();
        Instant at = w.at(w.plusWorkingDays(w.localDate(c.due()), rung.workingDays()), a.nudgeTime());
        Optional<Instant> answerBy = calendars.apply(Ladder.Audience.OWNER).flatMap(owner -> answerBy(c, a, owner));
        if (answerBy.isPresent() && answerBy.get().isAfter(at)) {
            at = w.fit(answerBy.get()); // check before confronting: the owner had the agreed time to answer
        }
        if (c.snoozedUntil() != null && c.snoozedUntil().isAfter(at)) {
            at = w.fit(c.snoozedUntil());
        }
        return Optional.of(new Planned(i, rung, at));
    }

    /**
     * When the owner's time to answer runs out: the agreement's response time (working days, in the owner's
     * calendar) after the first reminder they could answer from the due day on (the "due today" one, or the first
     * overdue one for a commitment recorded late). No rung of the ladder goes out before then. Empty when the
     * cadence plans no such reminder.
     */
    public static Optional<Instant> answerBy(Commitment c, Agreement a, WorkingCalendar owner) {
        Commitment unsnoozed = new Commitment(c.workspaceId(), c.id(), c.channelId(), c.title(), c.kind(), c.owner(),
                c.owedTo(), c.due(), c.createdBy(), c.createdAt(), c.state(), null, c.snoozes(), c.renegotiations(),
                c.blockedReason(), List.of());
        return Cadence.steps(unsnoozed, a, owner, Cadence.Progress.NONE).stream()
                .filter(p -> p.step() == Cadence.Step.DUE_TODAY || p.step() == Cadence.Step.OVERDUE)
                .findFirst()
                .map(first -> {
                    java.time.ZonedDateTime local = first.at().atZone(owner.zone());
                    return owner.fit(owner.at(owner.plusWorkingDays(local.toLocalDate(), a.terms().responseWorkingDays()),
                            local.toLocalTime()));
                });
    }
}
