package dev.keepword.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What late client inputs cost an engagement per its agreement: the timeline slips by the working days on which
 * any client input was late, fees accrue per working day after the grace, and work may pause. Computed, never billed.
 */
class ConsequencesTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final List<LocalDate> HOLIDAYS = List.of(LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 26));
    private static final WorkingCalendar CALENDAR = new WorkingCalendar(LONDON, WorkingHours.OFFICE, HOLIDAYS, null, null);
    private static final Instant RECORDED = Instant.parse("2026-11-23T10:00:00Z");

    private long ids;

    @Test
    void theTimelineSlipsByTheUnionOfTheWorkingDaysOnWhichClientInputsWereLate() {
        Engagement e = engagement(terms(true, "50", 1, 0));
        Commitment mondays = owed("sam", "2026-11-30T17:00:00Z"); // late Tue, Wed, Thu, Fri
        Commitment wednesdays = owed("sam", "2026-12-02T17:00:00Z"); // late Thu, Fri: the same days

        Consequences c = Consequences.of(e, List.of(mondays, wednesdays), CALENDAR, Instant.parse("2026-12-04T12:00:00Z"));

        assertEquals(4, c.slipWorkingDays());
        assertEquals(2, c.lateInputs());
        assertEquals(0, new BigDecimal("200").compareTo(c.lateFees()), c.lateFees().toPlainString()); // (4-1)+(2-1) days
        assertEquals("EUR", c.currency());
        assertFalse(c.pauseWork());
    }

    @Test
    void weekendsAndTheAgreementsHolidaysAreNotLateDays() {
        Engagement e = engagement(terms(true, "0", 0, 0));
        Commitment christmasEve = owed("sam", "2026-12-24T17:00:00Z");

        Consequences c = Consequences.of(e, List.of(christmasEve), CALENDAR, Instant.parse("2026-12-29T12:00:00Z"));

        assertEquals(2, c.slipWorkingDays()); // Fri 25 is a holiday, then a weekend: Mon 28 and Tue 29
        assertEquals("timeline +2 working days", c.words());
    }

    @Test
    void aLateInputStopsCostingWhenItIsDoneAndOneDoneOnTimeCostsNothing() {
        Engagement e = engagement(terms(true, "10", 0, 0));
        Commitment late = done(owed("sam", "2026-11-30T17:00:00Z"), "2026-12-02T10:00:00Z");
        Commitment onTime = done(owed("sam", "2026-12-01T17:00:00Z"), "2026-12-01T16:59:00Z");

        Consequences c = Consequences.of(e, List.of(late, onTime), CALENDAR, Instant.parse("2026-12-11T12:00:00Z"));

        assertEquals(2, c.slipWorkingDays());
        assertEquals(1, c.lateInputs());
        assertEquals(0, new BigDecimal("20").compareTo(c.lateFees()));
    }

    @Test
    void lateFeesAreExactDecimalsAccruingOnlyAfterTheGrace() {
        Engagement e = engagement(terms(true, "12.50", 2, 0));
        Commitment fiveDaysLate = owed("sam", "2026-11-30T17:00:00Z");
        Commitment oneDayLate = owed("sam", "2026-12-06T17:00:00Z"); // due on a Sunday: Monday is its first late day

        Consequences c = Consequences.of(e, List.of(fiveDaysLate, oneDayLate), CALENDAR, Instant.parse("2026-12-07T12:00:00Z"));

        assertEquals(new BigDecimal("37.50"), c.lateFees()); // (5 - 2) x 12.50; the one-day slip is within the grace
        assertEquals("timeline +5 working days · late fees 37.5 EUR", c.words());
    }

    @Test
    void workMayPauseOnceAnOpenInputIsLateBeyondTheThreshold() {
        Engagement pausing = engagement(terms(true, "0", 0, 3));
        Engagement never = engagement(terms(true, "0", 0, 0));
        Commitment open = owed("sam", "2026-11-30T17:00:00Z");
        Commitment closedLate = done(owed("sam", "2026-11-23T17:00:00Z"), "2026-12-04T10:00:00Z");

        Consequences twoDays = Consequences.of(pausing, List.of(open), CALENDAR, Instant.parse("2026-12-02T12:00:00Z"));
        Consequences threeDays = Consequences.of(pausing, List.of(open), CALENDAR, Instant.parse("2026-12-03T12:00:00Z"));
        Consequences onlyClosed = Consequences.of(pausing, List.of(closedLate), CALENDAR, Instant.parse("2026-12-11T12:00:00Z"));
        Consequences noThreshold = Consequences.of(never, List.of(open), CALENDAR, Instant.parse("2026-12-31T12:00:00Z"));

        assertFalse(twoDays.pauseWork());
        assertTrue(threeDays.pauseWork());
        assertEquals("timeline +3 working days · work may pause per the agreement", threeDays.words());
        assertFalse(onlyClosed.pauseWork());
        assertFalse(noThreshold.pauseWork());
    }

    @Test
    void onceThePauseHasStoppedWorkTheWordsSaySoNotThatItMay() {
        Engagement pausing = engagement(terms(true, "0", 0, 3));
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        Commitment late = owed("sam", "2026-11-30T17:00:00Z");
        Commitment stopped = late.markWorkPaused(List.of("#7"), now);
        Commitment nothingWaited = late.markWorkPaused(List.of(), now);
        Commitment redated = ((Outcome.Ok<Commitment>) stopped.move(pausing, "maya", Instant.parse("2026-11-30T18:00:00Z"),
                "new date agreed", now)).value();

        assertEquals("timeline +3 working days · work paused per the agreement",
                Consequences.of(pausing, List.of(stopped), CALENDAR, now).words());
        assertTrue(Consequences.of(pausing, List.of(stopped), CALENDAR, now).workPaused());
        // Marked, but nothing waited on it: nothing stopped, so it still only may.
        assertEquals("timeline +3 working days · work may pause per the agreement",
                Consequences.of(pausing, List.of(nothingWaited), CALENDAR, now).words());
        // A date agreed since: the pause was for the old one.
        assertFalse(Consequences.of(pausing, List.of(redated), CALENDAR, now).workPaused());
        // Arrived: nothing is paused any more, and nothing may pause.
        assertFalse(Consequences.of(pausing, List.of(done(stopped, "2026-12-03T13:00:00Z")), CALENDAR,
                Instant.parse("2026-12-04T12:00:00Z")).workPaused());
    }

    @Test
    void theConsultancysOwnAndCancelledCommitmentsCostTheClientNothing() {
        Engagement e = engagement(terms(true, "100", 0, 1));
        Commitment consultants = owed("maya", "2026-11-30T17:00:00Z");
        Commitment cancelled = ((Outcome.Ok<Commitment>) owed("sam", "2026-11-30T17:00:00Z")
                .cancel(e, "maya", "not needed", Instant.parse("2026-12-03T10:00:00Z"))).value();

        Consequences c = Consequences.of(e, List.of(consultants, cancelled), CALENDAR, Instant.parse("2026-12-11T12:00:00Z"));

        assertEquals(new Consequences(0, BigDecimal.ZERO, "EUR", false, false, 0), c);
        assertEquals("no timeline slip", c.words());
    }

    @Test
    void anInputLateByHoursOnItsOwnDayIsNotYetAWorkingDayLate() {
        Engagement e = engagement(terms(true, "100", 0, 0));
        Commitment thisMorning = owed("sam", "2026-12-01T09:00:00Z");

        Consequences c = Consequences.of(e, List.of(thisMorning), CALENDAR, Instant.parse("2026-12-01T16:00:00Z"));

        assertEquals(0, c.slipWorkingDays());
        assertEquals(0, c.lateInputs());
    }

    @Test
    void withoutDayForDaySlipTheTimelineStaysButFeesStillAccrue() {
        Engagement e = engagement(terms(false, "40", 0, 0));
        Commitment late = owed("sam", "2026-11-30T17:00:00Z");

        Consequences c = Consequences.of(e, List.of(late), CALENDAR, Instant.parse("2026-12-02T12:00:00Z"));

        assertEquals(0, c.slipWorkingDays());
        assertEquals(0, new BigDecimal("80").compareTo(c.lateFees()));
        assertEquals("no timeline slip · late fees 80 EUR", c.words());
    }

    @Test
    void oneWorkingDayReadsInTheSingular() {
        Consequences c = new Consequences(1, new BigDecimal("0.00"), "GBP", false, false, 1);

        assertEquals("timeline +1 working day", c.words());
    }

    @Test
    void theClauseEscalationsQuoteStatesEveryConsequenceInPlainEnglish() {
        String full = terms(true, "12.50", 3, 10).consequencesClause();
        String singular = terms(false, "25", 1, 1).consequencesClause();
        String bare = terms(true, "0", 0, 0).consequencesClause();

        assertEquals("When a client input is late, the timeline moves by the same number of working days. A late fee of "
                + "12.5 EUR per working day applies after 3 working days. Work pauses once an input is 10 working days late.", full);
        assertEquals("Late client inputs do not move the timeline automatically. A late fee of 25 EUR per working day applies "
                + "after 1 working day. Work pauses once an input is 1 working day late.", singular);
        assertEquals("When a client input is late, the timeline moves by the same number of working days.", bare);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Terms terms(boolean slipDayForDay, String fee, int grace, int pauseAfter) {
        return new Terms(2, slipDayForDay, new BigDecimal(fee), "EUR", grace, pauseAfter, 3, 90, 3, 3, 3);
    }

    private static Engagement engagement(Terms terms) {
        Agreement a = new Agreement(LocalTime.of(17, 0), 2, LocalTime.of(9, 30), 3, 2, 6, HOLIDAYS, 5, terms);
        return new Engagement("ws", "acme", "acme", List.of("sam", "lee"), List.of("maya"), "acme-internal", LONDON, 2, a);
    }

    private Commitment owed(String owner, String due) {
        return Commitment.create("ws", ++ids, "acme", "send the logo", Kind.INPUT, owner, owner.equals("maya") ? "sam" : "maya",
                Instant.parse(due), "maya", RECORDED);
    }

    private static Commitment done(Commitment c, String at) {
        Engagement any = engagement(Terms.DEFAULT);
        return ((Outcome.Ok<Commitment>) c.done(any, c.owner(), "", Instant.parse(at))).value();
    }
}
