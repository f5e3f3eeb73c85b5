package dev.keepword.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class WorkingCalendarTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** Every day of the week: the DST switches of 2026 all fall on a Sunday. */
    private static final EnumSet<DayOfWeek> EVERY_DAY = EnumSet.allOf(DayOfWeek.class);

    // The reference week: Monday 8 June – Friday 12 June 2026, office hours 09:00–17:30 in New York.
    private static final WorkingCalendar OFFICE_NY = calendar(NEW_YORK, WorkingHours.OFFICE, List.of(), null, null);

    // ---------------------------------------------------------------------------------------------------------
    // fit: ordinary days

    @ParameterizedTest(name = "[{index}] {0} → {1} ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            2026-06-10T10:00 | 2026-06-10T10:00 | inside working hours stays put
            2026-06-10T09:00 | 2026-06-10T09:00 | the start of hours is working time
            2026-06-10T17:29 | 2026-06-10T17:29 | the last working minute stays put
            2026-06-10T07:00 | 2026-06-10T09:00 | before hours moves to that morning
            2026-06-10T00:00 | 2026-06-10T09:00 | midnight moves to that morning
            2026-06-10T17:30 | 2026-06-11T09:00 | the end of hours is already quiet time
            2026-06-10T18:00 | 2026-06-11T09:00 | after hours moves to the next morning
            2026-06-10T23:59 | 2026-06-11T09:00 | late night moves to the next morning
            2026-06-12T18:00 | 2026-06-15T09:00 | friday evening moves to monday
            2026-06-13T11:00 | 2026-06-15T09:00 | saturday moves to monday
            2026-06-14T23:00 | 2026-06-15T09:00 | sunday night moves to monday
            """)
    void fitMovesQuietTimeToTheStartOfTheNextWorkingPeriod(String requested, String expected, String why) {
        Instant at = local(NEW_YORK, requested);

        Instant fitted = OFFICE_NY.fit(at);

        assertEquals(local(NEW_YORK, expected), fitted, why);
    }

    @Test
    void fitSkipsAPublicHoliday() {
        WorkingCalendar cal = calendar(NEW_YORK, WorkingHours.OFFICE, List.of(LocalDate.of(2026, 6, 15)), null, null);

        Instant fromFridayEvening = cal.fit(local(NEW_YORK, "2026-06-12T18:00"));
        Instant fromHolidayMorning = cal.fit(local(NEW_YORK, "2026-06-15T10:00"));

        assertEquals(local(NEW_YORK, "2026-06-16T09:00"), fromFridayEvening);
        assertEquals(local(NEW_YORK, "2026-06-16T09:00"), fromHolidayMorning);
    }

    @Test
    void fitSkipsEveryDayOfAnAwaySpellInclusive() {
        WorkingCalendar cal = calendar(NEW_YORK, WorkingHours.OFFICE, List.of(),
                LocalDate.of(2026, 6, 11), LocalDate.of(2026, 6, 15));

        Instant beforeTheSpell = cal.fit(local(NEW_YORK, "2026-06-10T10:00"));
        Instant eveningBeforeTheSpell = cal.fit(local(NEW_YORK, "2026-06-10T18:00"));
        Instant onItsLastDay = cal.fit(local(NEW_YORK, "2026-06-15T10:00"));

        assertEquals(local(NEW_YORK, "2026-06-10T10:00"), beforeTheSpell);
        assertEquals(local(NEW_YORK, "2026-06-16T09:00"), eveningBeforeTheSpell);
        assertEquals(local(NEW_YORK, "2026-06-16T09:00"), onItsLastDay);
    }

    @Test
    void anAwaySpellWithoutAFirstDayCoversEverythingUpToItsLastDay() {
        WorkingCalendar cal = calendar(NEW_YORK, WorkingHours.OFFICE, List.of(), null, LocalDate.of(2026, 6, 11));

        Instant fitted = cal.fit(local(NEW_YORK, "2026-06-10T10:00"));

        assertEquals(local(NEW_YORK, "2026-06-12T09:00"), fitted);
    }

    @Test
    void fitUsesTheRecipientsZone() {
        WorkingCalendar berlin = calendar(BERLIN, WorkingHours.OFFICE, List.of(), null, null);
        Instant at = Instant.parse("2026-06-10T16:00:00Z"); // 18:00 in Berlin, 12:00 in New York

        Instant inBerlin = berlin.fit(at);
        Instant inNewYork = OFFICE_NY.fit(at);

        assertEquals(local(BERLIN, "2026-06-11T09:00"), inBerlin);
        assertEquals(at, inNewYork);
    }

    // ---------------------------------------------------------------------------------------------------------
    // fit across daylight-saving switches. All four days are Sundays, so these calendars work every day.

    @ParameterizedTest(name = "[{index}] {0} hours {1}-{2}: {3} → {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # New York springs forward on Sun 8 Mar 2026: 02:00 EST becomes 03:00 EDT at 07:00Z
            America/New_York | 09:00 | 17:30 | 2026-03-08T01:00-05:00 | 2026-03-08T09:00-04:00
            America/New_York | 01:30 | 03:30 | 2026-03-08T01:00-05:00 | 2026-03-08T01:30-05:00
            America/New_York | 01:30 | 03:30 | 2026-03-08T01:59-05:00 | 2026-03-08T01:59-05:00
            America/New_York | 01:30 | 03:30 | 2026-03-08T03:15-04:00 | 2026-03-08T03:15-04:00
            America/New_York | 01:30 | 03:30 | 2026-03-08T03:30-04:00 | 2026-03-09T01:30-04:00
            # a start inside the gap opens the day when the gap ends, the first instant whose wall clock is past it
            America/New_York | 02:30 | 04:00 | 2026-03-08T01:00-05:00 | 2026-03-08T03:00-04:00
            America/New_York | 02:30 | 17:00 | 2026-03-08T00:00-05:00 | 2026-03-08T03:00-04:00
            America/New_York | 02:30 | 03:30 | 2026-03-08T01:00-05:00 | 2026-03-08T03:00-04:00
            America/New_York | 02:30 | 03:30 | 2026-03-07T20:00-05:00 | 2026-03-08T03:00-04:00
            # hours the gap swallows whole: that Sunday has no working time at all
            America/New_York | 02:00 | 03:00 | 2026-03-08T01:00-05:00 | 2026-03-09T02:00-04:00
            America/New_York | 02:15 | 02:45 | 2026-03-07T23:00-05:00 | 2026-03-09T02:15-04:00
            # Berlin springs forward on Sun 29 Mar 2026: 02:00 CET becomes 03:00 CEST at 01:00Z
            Europe/Berlin    | 09:00 | 17:30 | 2026-03-29T01:00+01:00 | 2026-03-29T09:00+02:00
            Europe/Berlin    | 01:30 | 03:30 | 2026-03-29T01:10+01:00 | 2026-03-29T01:30+01:00
            Europe/Berlin    | 01:30 | 03:30 | 2026-03-29T03:10+02:00 | 2026-03-29T03:10+02:00
            Europe/Berlin    | 02:30 | 03:30 | 2026-03-29T01:00+01:00 | 2026-03-29T03:00+02:00
            Europe/Berlin    | 02:30 | 09:00 | 2026-03-28T22:00+01:00 | 2026-03-29T03:00+02:00
            Europe/Berlin    | 02:00 | 03:00 | 2026-03-29T00:30+01:00 | 2026-03-30T02:00+02:00
            # New York falls back on Sun 1 Nov 2026: 02:00 EDT becomes 01:00 EST at 06:00Z; 01:00–02:00 happens twice
            America/New_York | 09:00 | 17:30 | 2026-11-01T01:10-05:00 | 2026-11-01T09:00-05:00
            America/New_York | 01:30 | 03:30 | 2026-11-01T01:10-04:00 | 2026-11-01T01:30-04:00
            America/New_York | 01:30 | 03:30 | 2026-11-01T01:45-04:00 | 2026-11-01T01:45-04:00
            America/New_York | 01:30 | 03:30 | 2026-11-01T01:45-05:00 | 2026-11-01T01:45-05:00
            # the second 01:10 comes after the first 01:30: the next opening is the second 01:30, never the past one
            America/New_York | 01:30 | 03:30 | 2026-11-01T01:10-05:00 | 2026-11-01T01:30-05:00
            America/New_York | 01:30 | 03:30 | 2026-11-01T03:30-05:00 | 2026-11-02T01:30-05:00
            # hours that end inside the repeated hour open again when the clock goes back
            America/New_York | 00:30 | 01:30 | 2026-11-01T01:40-04:00 | 2026-11-01T01:00-05:00
            # Berlin falls back on Sun 25 Oct 2026: 03:00 CEST becomes 02:00 CET at 01:00Z; 02:00–03:00 happens twice
            Europe/Berlin    | 09:00 | 17:30 | 2026-10-25T02:10+01:00 | 2026-10-25T09:00+01:00
            Europe/Berlin    | 02:30 | 04:00 | 2026-10-25T02:10+02:00 | 2026-10-25T02:30+02:00
            Europe/Berlin    | 02:30 | 04:00 | 2026-10-25T02:10+01:00 | 2026-10-25T02:30+01:00
            Europe/Berlin    | 02:30 | 04:00 | 2026-10-25T02:40+01:00 | 2026-10-25T02:40+01:00
            Europe/Berlin    | 01:30 | 03:30 | 2026-10-25T02:50+01:00 | 2026-10-25T02:50+01:00
            """)
    void fitFindsTheNextRealWorkingInstantAcrossDaylightSavingSwitches(String zone, String start, String end,
                                                                      String requested, String expected) {
        WorkingCalendar cal = calendar(ZoneId.of(zone), new WorkingHours(EVERY_DAY, LocalTime.parse(start),
                LocalTime.parse(end)), List.of(), null, null);
        Instant at = OffsetDateTime.parse(requested).toInstant();

        Instant fitted = cal.fit(at);

        assertEquals(OffsetDateTime.parse(expected).toInstant(), fitted);
        assertTrue(cal.isWorkingTime(fitted), "inside working hours");
        assertFalse(fitted.isBefore(at), "never earlier than requested");
    }

    /**
     * Every minute around each 2026 switch in New York and Berlin, with hours on either side of, straddling and
     * swallowed by the gap or the repeated hour: the fitted instant is working time, not before the request, and
     * no working minute lies between them.
     */
    @ParameterizedTest(name = "[{index}] {0} on {1}, hours {2}-{3}")
    @MethodSource("switchDaysAndHours")
    void fitNeverSkipsWorkingTimeNorGoesBackAroundASwitch(ZoneId zone, LocalDate day, LocalTime start, LocalTime end) {
        WorkingCalendar cal = calendar(zone, new WorkingHours(EVERY_DAY, start, end), List.of(), null, null);
        Instant from = day.minusDays(1).atTime(20, 0).atZone(zone).toInstant();
        Instant until = day.plusDays(1).atTime(6, 0).atZone(zone).toInstant();

        List<Instant> minutes = new ArrayList<>();
        for (Instant t = from; t.isBefore(until.plus(Duration.ofDays(3))); t = t.plus(Duration.ofMinutes(1))) {
            minutes.add(t);
        }
        Instant[] firstWorkingMinute = new Instant[minutes.size()]; // brute force, from the far end backwards
        for (int i = minutes.size() - 1; i >= 0; i--) {
            boolean working = cal.isWorkingTime(minutes.get(i));
            firstWorkingMinute[i] = working || i == minutes.size() - 1 ? minutes.get(i) : firstWorkingMinute[i + 1];
        }

        List<String> problems = new ArrayList<>();
        for (int i = 0; minutes.get(i).isBefore(until); i++) {
            Instant at = minutes.get(i);
            Instant fitted = cal.fit(at);
            if (problems.size() < 10 && (!cal.isWorkingTime(fitted) || fitted.isBefore(at)
                    || !fitted.equals(firstWorkingMinute[i]))) {
                problems.add(at + " → " + fitted + " (expected " + firstWorkingMinute[i] + ")");
            }
        }

        assertEquals(List.of(), problems);
    }

    static Stream<Arguments> switchDaysAndHours() {
        List<Arguments> out = new ArrayList<>();
        String[][] hours = {{"00:00", "23:59"}, {"00:30", "01:30"}, {"01:30", "03:30"}, {"02:00", "03:00"},
                {"02:30", "03:30"}, {"02:30", "04:00"}, {"02:15", "02:45"}, {"01:00", "02:00"}, {"03:00", "04:00"},
                {"09:00", "17:30"}};
        Object[][] days = {{NEW_YORK, LocalDate.of(2026, 3, 8)}, {NEW_YORK, LocalDate.of(2026, 11, 1)},
                {BERLIN, LocalDate.of(2026, 3, 29)}, {BERLIN, LocalDate.of(2026, 10, 25)}};
        for (Object[] d : days) {
            for (String[] h : hours) {
                out.add(Arguments.of(d[0], d[1], LocalTime.parse(h[0]), LocalTime.parse(h[1])));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "[{index}] {0} hours {1}-{2}: {3} at {4} → {5}")
    @CsvSource(delimiter = '|', textBlock = """
            # a time the clocks skip becomes the end of the gap, so the nudge keeps its day when hours allow
            America/New_York | 01:00 | 12:00 | 2026-03-08 | 02:30 | 2026-03-08T03:00-04:00
            America/New_York | 01:30 | 03:30 | 2026-03-08 | 02:30 | 2026-03-08T03:00-04:00
            America/New_York | 02:30 | 03:30 | 2026-03-08 | 02:00 | 2026-03-08T03:00-04:00
            America/New_York | 02:00 | 03:00 | 2026-03-08 | 02:30 | 2026-03-09T02:00-04:00
            Europe/Berlin    | 01:30 | 03:30 | 2026-03-29 | 02:30 | 2026-03-29T03:00+02:00
            # an ordinary day keeps the wall clock, either side of the switch
            America/New_York | 01:30 | 03:30 | 2026-03-07 | 02:30 | 2026-03-07T02:30-05:00
            America/New_York | 01:30 | 03:30 | 2026-03-09 | 02:30 | 2026-03-09T02:30-04:00
            # a time before the hours waits for them; one after them waits for the next day
            America/New_York | 09:00 | 17:30 | 2026-03-08 | 08:00 | 2026-03-08T09:00-04:00
            America/New_York | 09:00 | 17:30 | 2026-03-08 | 18:00 | 2026-03-09T09:00-04:00
            # a repeated time means its first occurrence
            America/New_York | 01:00 | 12:00 | 2026-11-01 | 01:30 | 2026-11-01T01:30-04:00
            Europe/Berlin    | 01:00 | 12:00 | 2026-10-25 | 02:30 | 2026-10-25T02:30+02:00
            """)
    void atResolvesTheWallClockOnThatDayIntoARealWorkingInstant(String zone, String start, String end, LocalDate day,
                                                               LocalTime time, String expected) {
        WorkingCalendar cal = calendar(ZoneId.of(zone), new WorkingHours(EVERY_DAY, LocalTime.parse(start),
                LocalTime.parse(end)), List.of(), null, null);

        Instant at = cal.at(day, time);

        assertEquals(OffsetDateTime.parse(expected).toInstant(), at);
        assertTrue(cal.isWorkingTime(at));
    }

    @Test
    void startIsTheFirstRealWorkingInstantOfTheDay() {
        WorkingCalendar straddling = calendar(NEW_YORK, new WorkingHours(EVERY_DAY, LocalTime.of(2, 30),
                LocalTime.of(3, 30)), List.of(), null, null);
        WorkingCalendar office = calendar(NEW_YORK, new WorkingHours(EVERY_DAY, LocalTime.of(9, 0),
                LocalTime.of(17, 30)), List.of(), null, null);

        Instant gapDay = straddling.start(LocalDate.of(2026, 3, 8));
        Instant fallBackDay = office.start(LocalDate.of(2026, 11, 1));

        assertEquals(OffsetDateTime.parse("2026-03-08T03:00-04:00").toInstant(), gapDay);
        assertTrue(straddling.isWorkingTime(gapDay));
        assertEquals(OffsetDateTime.parse("2026-11-01T09:00-05:00").toInstant(), fallBackDay);
    }

    // ---------------------------------------------------------------------------------------------------------
    // isWorkingTime

    @ParameterizedTest(name = "[{index}] {0} working: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-06-10T08:59 | false
            2026-06-10T09:00 | true
            2026-06-10T12:00 | true
            2026-06-10T17:29 | true
            2026-06-10T17:30 | false
            2026-06-13T12:00 | false
            2026-06-15T12:00 | false
            2026-06-16T12:00 | true
            2026-06-18T12:00 | false
            2026-06-19T12:00 | false
            2026-06-22T12:00 | true
            """)
    void workingTimeIsAWorkingDayBetweenStartInclusiveAndEndExclusive(String localTime, boolean working) {
        WorkingCalendar cal = calendar(NEW_YORK, WorkingHours.OFFICE, List.of(LocalDate.of(2026, 6, 15)),
                LocalDate.of(2026, 6, 18), LocalDate.of(2026, 6, 19));

        boolean answer = cal.isWorkingTime(local(NEW_YORK, localTime));

        assertEquals(working, answer);
    }

    @Test
    void workingTimeReadsTheWallClockOfEachHalfOfTheRepeatedHour() {
        WorkingCalendar cal = calendar(NEW_YORK, new WorkingHours(EVERY_DAY, LocalTime.of(1, 30), LocalTime.of(3, 30)),
                List.of(), null, null);

        boolean firstPass = cal.isWorkingTime(OffsetDateTime.parse("2026-11-01T01:10-04:00").toInstant());
        boolean firstPassLate = cal.isWorkingTime(OffsetDateTime.parse("2026-11-01T01:40-04:00").toInstant());
        boolean secondPass = cal.isWorkingTime(OffsetDateTime.parse("2026-11-01T01:10-05:00").toInstant());
        boolean secondPassLate = cal.isWorkingTime(OffsetDateTime.parse("2026-11-01T01:40-05:00").toInstant());

        assertFalse(firstPass);
        assertTrue(firstPassLate);
        assertFalse(secondPass);
        assertTrue(secondPassLate);
    }

    // ---------------------------------------------------------------------------------------------------------
    // working-day arithmetic

    @ParameterizedTest(name = "[{index}] {0} plus {1} working days → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-06-10 | 0 | 2026-06-10
            2026-06-10 | 1 | 2026-06-11
            2026-06-10 | 2 | 2026-06-16
            2026-06-10 | 3 | 2026-06-19
            2026-06-10 | 4 | 2026-06-22
            2026-06-13 | 1 | 2026-06-16
            2026-06-12 | 1 | 2026-06-16
            """)
    void plusWorkingDaysSkipsWeekendsHolidaysAndAwayDays(LocalDate from, int n, LocalDate expected) {
        // Friday 12 June is a holiday; Monday 15 June is a holiday; away Wednesday 17 – Thursday 18 June.
        WorkingCalendar cal = calendar(NEW_YORK, WorkingHours.OFFICE,
                List.of(LocalDate.of(2026, 6, 12), LocalDate.of(2026, 6, 15)),
                LocalDate.of(2026, 6, 17), LocalDate.of(2026, 6, 18));

        LocalDate result = cal.plusWorkingDays(from, n);

        assertEquals(expected, result);
    }

    @ParameterizedTest(name = "[{index}] {0} minus {1} working days → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-06-22 | 0 | 2026-06-22
            2026-06-22 | 1 | 2026-06-19
            2026-06-22 | 2 | 2026-06-16
            2026-06-22 | 3 | 2026-06-11
            2026-06-20 | 1 | 2026-06-19
            2026-06-16 | 1 | 2026-06-11
            """)
    void minusWorkingDaysSkipsWeekendsHolidaysAndAwayDays(LocalDate from, int n, LocalDate expected) {
        WorkingCalendar cal = calendar(NEW_YORK, WorkingHours.OFFICE,
                List.of(LocalDate.of(2026, 6, 12), LocalDate.of(2026, 6, 15)),
                LocalDate.of(2026, 6, 17), LocalDate.of(2026, 6, 18));

        LocalDate result = cal.minusWorkingDays(from, n);

        assertEquals(expected, result);
    }

    @Test
    void nextAndPreviousWorkingDayFollowTheWorkingDaysOfTheWeek() {
        WorkingCalendar sundayToThursday = calendar(ZoneId.of("Asia/Jerusalem"), new WorkingHours(
                EnumSet.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                        DayOfWeek.THURSDAY), LocalTime.of(9, 0), LocalTime.of(18, 0)), List.of(), null, null);

        LocalDate afterThursday = sundayToThursday.nextWorkingDay(LocalDate.of(2026, 6, 11));
        LocalDate beforeSunday = sundayToThursday.previousWorkingDay(LocalDate.of(2026, 6, 14));

        assertEquals(LocalDate.of(2026, 6, 14), afterThursday);
        assertEquals(LocalDate.of(2026, 6, 11), beforeSunday);
    }

    @Test
    void theCalendarOfAPartyTakesTheEngagementsHolidaysAndTheirAwaySpell() {
        Party sam = new Party("T1", "sam", "Sam", NEW_YORK, WorkingHours.OFFICE)
                .away(LocalDate.of(2026, 6, 16), LocalDate.of(2026, 6, 17));
        Agreement agreement = new Agreement(LocalTime.of(17, 0), 2, LocalTime.of(9, 30), 3, 2, 6,
                List.of(LocalDate.of(2026, 6, 15)), 5);

        WorkingCalendar cal = WorkingCalendar.of(sam, agreement);

        assertEquals(LocalDate.of(2026, 6, 18), cal.nextWorkingDay(LocalDate.of(2026, 6, 12)));
        assertTrue(cal.isWorkingDay(LocalDate.of(2026, 6, 12)));
    }

    // ---------------------------------------------------------------------------------------------------------

    // ---------------------------------------------------------------------------------------------------------
    // offTime: why a due time is not working time

    @ParameterizedTest(name = "[{index}] {0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-06-10T17:00 | ''              | inside working hours
            2026-06-10T17:30 | ''              | the end of hours is a fair due time
            2026-06-10T09:00 | ''              | the start of hours
            2026-06-10T17:31 | OUTSIDE_HOURS   | after hours
            2026-06-10T07:00 | OUTSIDE_HOURS   | before hours
            2026-06-13T17:00 | WEEKEND         | saturday
            2026-06-14T12:00 | WEEKEND         | sunday
            2026-06-15T12:00 | HOLIDAY         | a public holiday
            2026-06-17T12:00 | AWAY            | out of office
            """)
    void saysWhyADueTimeIsNotWorkingTime(String due, String expected, String why) {
        WorkingCalendar cal = calendar(NEW_YORK, WorkingHours.OFFICE, List.of(LocalDate.of(2026, 6, 15)),
                LocalDate.of(2026, 6, 16), LocalDate.of(2026, 6, 17));

        Optional<WorkingCalendar.OffTime> off = cal.offTime(local(NEW_YORK, due));

        assertEquals(expected.isEmpty() ? Optional.empty() : Optional.of(WorkingCalendar.OffTime.valueOf(expected)), off, why);
    }

    @Test
    void aWeekdayOutsideSomeonesWorkingDaysIsNotCalledAWeekend() {
        WorkingHours sundayToThursday = new WorkingHours(EnumSet.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY), LocalTime.of(9, 0), LocalTime.of(17, 0));
        WorkingCalendar cal = calendar(BERLIN, sundayToThursday, List.of(), null, null);

        assertEquals(Optional.of(WorkingCalendar.OffTime.NON_WORKING_DAY), cal.offTime(local(BERLIN, "2026-06-12T12:00")));
        assertEquals(Optional.empty(), cal.offTime(local(BERLIN, "2026-06-14T12:00")));
    }

    private static WorkingCalendar calendar(ZoneId zone, WorkingHours hours, List<LocalDate> holidays,
                                            LocalDate awayFrom, LocalDate awayUntil) {
        return new WorkingCalendar(zone, hours, holidays, awayFrom, awayUntil);
    }

    private static Instant local(ZoneId zone, String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), zone).toInstant();
    }
}
