package dev.keepword.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A late commitment's climb up the tier-2 ladder: each rung at its working day after the due date, at the nudge
 * time in the calendar of whoever it addresses; a rung with nobody to address is passed over; a snooze holds the
 * climb; blocked and closed commitments do not climb; after downtime only the latest rung goes out.
 */
class EscalationTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Agreement AGREEMENT = Agreement.DEFAULT; // nudges at 09:30
    private static final Engagement ACME = new Engagement("ws", "acme", "acme", List.of("sam"), List.of("maya"),
            "acme-internal", LONDON, 2, AGREEMENT);
    private static final Ladder LADDER = Ladder.DEFAULT; // looped in +2, channel +5, final notice +7, review +10
    private static final Instant RECORDED = Instant.parse("2026-11-23T10:00:00Z");
    /** Wed 25 Nov 17:00 in New York, 22:00 in London: the same date in both. */
    private static final Instant DUE = Instant.parse("2026-11-25T22:00:00Z");

    /** Sam (New York) owes it, Maya (London) is the consultant, the escalation channel keeps Berlin time. */
    private static final Function<Ladder.Audience, Optional<WorkingCalendar>> CALENDARS = audience -> Optional.of(switch (audience) {
        case OWNER -> calendar(NEW_YORK);
        case ESCALATION -> calendar(LONDON);
        case CHANNEL -> calendar(BERLIN);
    });

    @Test
    void eachRungFallsOnItsWorkingDayAfterTheDueDateAtNudgeTimeInItsReadersZone() {
        Commitment c = owed(DUE);

        List<String> rungs = new ArrayList<>();
        for (int i = 0; i < LADDER.rungs().size(); i++) {
            Escalation.Planned p = Escalation.at(c, LADDER, AGREEMENT, CALENDARS, i).orElseThrow();
            rungs.add(p.index() + " " + p.rung().name() + " " + p.at() + " " + p.key());
        }

        assertEquals(List.of(
                // Fri 27 09:30 London by the ladder, held until Sam had two working days to answer his first reminder
                // (due today, Wed 25 09:30 New York): Fri 27 09:30 New York, 14:30 London.
                "0 consultant-looped-in 2026-11-27T14:30:00Z RUNG:consultant-looped-in",
                "1 escalation-channel 2026-12-02T08:30:00Z RUNG:escalation-channel", // Wed 2 Dec 09:30 Berlin
                "2 final-notice 2026-12-04T14:30:00Z RUNG:final-notice", // Fri 4 Dec 09:30 New York
                "3 disengagement-review 2026-12-09T09:30:00Z RUNG:disengagement-review"), rungs); // Wed 9 Dec London
    }

    @Test
    void workingDaysAreCountedFromTheDueDateAsTheReaderSeesIt() {
        Commitment lateEvening = owed(Instant.parse("2026-11-25T01:30:00Z")); // Tue 24 20:30 in New York, Wed 25 in London

        Instant owner = Escalation.at(lateEvening, LADDER, AGREEMENT, CALENDARS, 2).orElseThrow().at();
        Instant consultant = Escalation.at(lateEvening, LADDER, AGREEMENT, CALENDARS, 0).orElseThrow().at();

        assertEquals(Instant.parse("2026-12-03T14:30:00Z"), owner); // Tue 24 + 7 working days: Thu 3 Dec, New York
        assertEquals(Instant.parse("2026-11-27T09:30:00Z"), consultant); // Wed 25 + 2 working days: Fri 27, London
    }

    @Test
    void holidaysInTheReadersCalendarPushARungToTheNextWorkingDay() {
        Commitment c = owed(Instant.parse("2026-12-22T17:00:00Z")); // Tue 22 Dec, London
        WorkingCalendar christmas = new WorkingCalendar(LONDON, WorkingHours.OFFICE,
                List.of(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25)), null, null);

        Instant looped = Escalation.at(c, LADDER, AGREEMENT, a -> Optional.of(christmas), 0).orElseThrow().at();

        assertEquals(Instant.parse("2026-12-28T09:30:00Z"), looped); // Wed 23, then Mon 28
    }

    @Test
    void theNextRungIsTheFirstAfterTheLastSentWhoseTimeIsStillAhead() {
        Commitment c = owed(DUE);

        Escalation.Planned first = Escalation.next(c, LADDER, AGREEMENT, CALENDARS, -1, DUE).orElseThrow();
        Escalation.Planned afterFirst = Escalation.next(c, LADDER, AGREEMENT, CALENDARS, 0, first.at()).orElseThrow();
        Optional<Escalation.Planned> afterLast = Escalation.next(c, LADDER, AGREEMENT, CALENDARS, 3,
                Instant.parse("2026-12-09T09:30:00Z"));

        assertEquals("consultant-looped-in", first.rung().name());
        assertEquals("escalation-channel", afterFirst.rung().name());
        assertEquals(Optional.empty(), afterLast);
    }

    @Test
    void aRungWithNobodyToAddressIsPassedOver() {
        Commitment mayasOwn = Commitment.create("ws", 2, "acme", "share the draft", Kind.DELIVERABLE, "maya", "sam", DUE,
                "maya", RECORDED);
        Function<Ladder.Audience, Optional<WorkingCalendar>> noColleague = audience ->
                audience == Ladder.Audience.ESCALATION ? Optional.empty() : CALENDARS.apply(audience);

        Escalation.Planned first = Escalation.next(mayasOwn, LADDER, AGREEMENT, noColleague, -1, DUE).orElseThrow();
        Optional<Escalation.Planned> afterFinalNotice = Escalation.next(mayasOwn, LADDER, AGREEMENT, noColleague, 2,
                Instant.parse("2026-12-04T14:30:00Z"));

        assertEquals(1, first.index());
        assertEquals("escalation-channel", first.rung().name());
        assertEquals(Optional.empty(), afterFinalNotice); // the review would address nobody either
        assertEquals(Optional.empty(), Escalation.at(mayasOwn, LADDER, AGREEMENT, noColleague, 0));
    }

    @Test
    void aSnoozeHoldsTheClimbUntilItEnds() {
        Commitment snoozed = ((Outcome.Ok<Commitment>) owed(DUE).snooze(ACME, "sam", Instant.parse("2026-12-03T12:00:00Z"),
                Instant.parse("2026-11-26T15:00:00Z"))).value();

        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < LADDER.rungs().size(); i++) {
            times.add(Escalation.at(snoozed, LADDER, AGREEMENT, CALENDARS, i).orElseThrow().at());
        }
        Escalation.Planned next = Escalation.next(snoozed, LADDER, AGREEMENT, CALENDARS, -1, DUE).orElseThrow();

        assertEquals(List.of(
                Instant.parse("2026-12-03T12:00:00Z"), // looped in: held until the snooze ends
                Instant.parse("2026-12-03T12:00:00Z"), // the channel too
                Instant.parse("2026-12-04T14:30:00Z"), // final notice: after the snooze, unchanged
                Instant.parse("2026-12-09T09:30:00Z")), times);
        assertEquals("consultant-looped-in", next.rung().name());
        assertEquals(Instant.parse("2026-12-03T12:00:00Z"), next.at());
    }

    @Test
    void aSnoozeEndingOutsideTheReadersHoursWaitsForTheirNextWorkingMorning() {
        Commitment snoozed = ((Outcome.Ok<Commitment>) owed(DUE).snooze(ACME, "sam", Instant.parse("2026-11-28T12:00:00Z"),
                Instant.parse("2026-11-26T15:00:00Z"))).value(); // ends on Saturday

        Instant looped = Escalation.at(snoozed, LADDER, AGREEMENT, CALENDARS, 0).orElseThrow().at();

        assertEquals(Instant.parse("2026-11-30T09:00:00Z"), looped); // Monday, when Maya's working hours begin
    }

    @Test
    void blockedDoneAndCancelledCommitmentsDoNotClimb() {
        Commitment c = owed(DUE);
        Instant later = Instant.parse("2026-11-26T15:00:00Z");
        Commitment blocked = ((Outcome.Ok<Commitment>) c.block(ACME, "sam", "waiting for legal", later)).value();
        Commitment done = ((Outcome.Ok<Commitment>) c.done(ACME, "sam", "", later)).value();
        Commitment cancelled = ((Outcome.Ok<Commitment>) c.cancel(ACME, "maya", "", later)).value();

        assertEquals(Optional.empty(), Escalation.next(blocked, LADDER, AGREEMENT, CALENDARS, -1, later));
        assertEquals(Optional.empty(), Escalation.next(done, LADDER, AGREEMENT, CALENDARS, -1, later));
        assertEquals(Optional.empty(), Escalation.next(cancelled, LADDER, AGREEMENT, CALENDARS, -1, later));
        assertTrue(Escalation.next(c, LADDER, AGREEMENT, CALENDARS, -1, later).isPresent());
    }

    @Test
    void afterDowntimeOnlyTheLatestRungDueByNowGoesOut() {
        Commitment c = owed(DUE);
        Escalation.Planned planned = Escalation.at(c, LADDER, AGREEMENT, CALENDARS, 0).orElseThrow();

        Escalation.Planned backThursday = Escalation.latestDue(c, LADDER, AGREEMENT, CALENDARS, planned,
                Instant.parse("2026-12-03T12:00:00Z"));
        Escalation.Planned backInJanuary = Escalation.latestDue(c, LADDER, AGREEMENT, CALENDARS, planned,
                Instant.parse("2027-01-11T12:00:00Z"));
        Escalation.Planned onTime = Escalation.latestDue(c, LADDER, AGREEMENT, CALENDARS, planned, planned.at());

        assertEquals("escalation-channel", backThursday.rung().name()); // not the final notice: that is due Friday
        assertEquals(Instant.parse("2026-12-02T08:30:00Z"), backThursday.at());
        assertEquals("disengagement-review", backInJanuary.rung().name());
        assertEquals(planned, onTime);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static WorkingCalendar calendar(ZoneId zone) {
        return new WorkingCalendar(zone, WorkingHours.OFFICE, List.of(), null, null);
    }

    private static Commitment owed(Instant due) {
        return Commitment.create("ws", 1, "acme", "send the logo", Kind.INPUT, "sam", "maya", due, "maya", RECORDED);
    }
}
