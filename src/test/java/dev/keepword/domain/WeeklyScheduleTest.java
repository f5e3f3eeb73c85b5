package dev.keepword.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The weekly summary's schedule: local time kept across DST changes, holidays move it to the next working day. */
class WeeklyScheduleTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void mondayNineInNewYorkStaysNineWhenTheClocksSpringForward() {
        WeeklySchedule s = monday(NEW_YORK, List.of());

        Instant beforeDst = s.next(Instant.parse("2026-03-01T00:00:00Z"));
        Instant afterDst = s.next(beforeDst);

        assertEquals(Instant.parse("2026-03-02T14:00:00Z"), beforeDst); // 09:00 EST
        assertEquals(Instant.parse("2026-03-09T13:00:00Z"), afterDst); // 09:00 EDT, the day after the change
        assertEquals(Instant.parse("2026-11-02T14:00:00Z"), s.next(Instant.parse("2026-10-26T13:00:00Z"))); // back to EST
    }

    @Test
    void mondayNineInBerlinStaysNineWhenTheClocksFallBack() {
        WeeklySchedule s = monday(BERLIN, List.of());

        assertEquals(Instant.parse("2026-10-19T07:00:00Z"), s.next(Instant.parse("2026-10-18T00:00:00Z"))); // CEST
        assertEquals(Instant.parse("2026-10-26T08:00:00Z"), s.next(Instant.parse("2026-10-19T07:00:00Z"))); // CET
        assertEquals(Instant.parse("2026-03-30T07:00:00Z"), s.next(Instant.parse("2026-03-23T08:00:00Z"))); // CEST again
    }

    @Test
    void aTimeTheClocksSkipMovesLaterByTheGap() {
        WeeklySchedule s = new WeeklySchedule(DayOfWeek.SUNDAY, LocalTime.of(2, 30), NEW_YORK, List.of(), null);

        assertEquals(Instant.parse("2026-03-08T07:30:00Z"), s.nominal(LocalDate.of(2026, 3, 2))); // 03:30 EDT
    }

    @Test
    void aPublicHolidayMovesTheSummaryToTheNextWorkingDay() {
        WeeklySchedule s = monday(BERLIN, List.of(LocalDate.of(2026, 12, 28), LocalDate.of(2026, 12, 29)));

        Instant posted = s.next(Instant.parse("2026-12-22T00:00:00Z"));

        assertEquals(Instant.parse("2026-12-30T08:00:00Z"), posted); // Wednesday 09:00 CET
        assertEquals(LocalDate.of(2026, 12, 28), s.weekAt(posted));
        assertEquals(Instant.parse("2026-12-28T08:00:00Z"), s.nextNominal(Instant.parse("2026-12-22T00:00:00Z")));
        assertEquals(Instant.parse("2027-01-04T08:00:00Z"), s.next(posted));
    }

    @Test
    void aFridayHolidayPushesTheSummaryIntoTheNextWeekWithoutLosingIt() {
        WeeklySchedule s = new WeeklySchedule(DayOfWeek.FRIDAY, LocalTime.of(16, 0), NEW_YORK,
                List.of(LocalDate.of(2026, 11, 27)), null);

        Instant posted = s.next(Instant.parse("2026-11-21T00:00:00Z"));

        assertEquals(Instant.parse("2026-11-30T21:00:00Z"), posted); // Monday 16:00 EST
        assertEquals(LocalDate.of(2026, 11, 23), s.weekAt(posted)); // still the summary of the week of the 23rd
        assertEquals(Instant.parse("2026-12-04T21:00:00Z"), s.next(posted));
    }

    @Test
    void theWeekAtAnInstantIsTheLatestWhoseCronTimeHasPassed() {
        WeeklySchedule s = monday(NEW_YORK, List.of());

        assertEquals(LocalDate.of(2026, 11, 23), s.weekAt(Instant.parse("2026-11-30T13:59:59Z")));
        assertEquals(LocalDate.of(2026, 11, 30), s.weekAt(Instant.parse("2026-11-30T14:00:00Z")));
        assertEquals(LocalDate.of(2026, 11, 30), s.weekAt(Instant.parse("2026-12-06T23:00:00Z")));
    }

    @Test
    void anEngagementDefaultsToMondayNineInItsZoneWithItsHolidays() {
        Engagement e = new Engagement("ws", "acme", "acme", List.of("sam"), List.of("maya"), "acme-internal", BERLIN, 2,
                Agreement.DEFAULT);

        WeeklySchedule s = WeeklySchedule.of(e);

        assertEquals(new WeeklySchedule(DayOfWeek.MONDAY, LocalTime.of(9, 0), BERLIN, List.of(), null), s);
    }

    @Test
    void anEngagementsChosenDayAndTimeAreItsScheduleAndKeepTheLocalTimeAcrossDst() {
        Engagement e = new Engagement("ws", "acme", "acme", List.of("sam"), List.of("maya"), "acme-internal", NEW_YORK, 2,
                Agreement.DEFAULT).withSummary(DayOfWeek.FRIDAY, LocalTime.of(16, 0), "acme-updates");

        WeeklySchedule s = WeeklySchedule.of(e);

        assertEquals(new WeeklySchedule(DayOfWeek.FRIDAY, LocalTime.of(16, 0), NEW_YORK, List.of(), null), s);
        assertEquals(Instant.parse("2026-03-06T21:00:00Z"), s.next(Instant.parse("2026-03-01T00:00:00Z"))); // EST
        assertEquals(Instant.parse("2026-03-13T20:00:00Z"), s.next(Instant.parse("2026-03-07T00:00:00Z"))); // EDT
        assertEquals("acme-updates", e.summaryChannelOrOwn());
        assertEquals("acme", e.withSummary(DayOfWeek.FRIDAY, LocalTime.of(16, 0), "acme").summaryChannelOrOwn());
    }

    @Test
    void theAgreementsDefaultDayAndTimeApplyWhenTheEngagementChoseNone() {
        Agreement fridays = Agreement.DEFAULT.withSummary(DayOfWeek.FRIDAY, LocalTime.of(15, 45, 30));
        Engagement e = new Engagement("ws", "acme", "acme", List.of("sam"), List.of("maya"), "acme-internal", BERLIN, 2,
                fridays);

        assertEquals(new WeeklySchedule(DayOfWeek.FRIDAY, LocalTime.of(15, 45), BERLIN, List.of(), null),
                WeeklySchedule.of(e)); // whole minutes, as the cron trigger has them
        assertEquals("acme", e.summaryChannelOrOwn());
    }

    private static WeeklySchedule monday(ZoneId zone, List<LocalDate> holidays) {
        return new WeeklySchedule(DayOfWeek.MONDAY, LocalTime.of(9, 0), zone, holidays, null);
    }
}
