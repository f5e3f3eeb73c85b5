package dev.keepword.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.keepword.domain.DueDates.Due;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DueDatesTest {

    private static final LocalTime DEFAULT_TIME = LocalTime.of(17, 0);
    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** The main reference point: Wednesday 10 June 2026, 10:00 in London. */
    private static final LocalDateTime WEDNESDAY_MORNING = LocalDateTime.of(2026, 6, 10, 10, 0);

    private static final String EXAMPLES = "Try something like \"friday 5pm\", \"tomorrow\", \"in 3 working days\", "
            + "\"Dec 3\" or \"2026-12-03\".";

    // ---------------------------------------------------------------------------------------------------------
    // Readable phrases

    @ParameterizedTest(name = "[{index}] \"{0}\" on Wed 10 Jun 10:00 → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # weekdays: today counts while still ahead; "next" never means today
            friday                        | 2026-06-12T17:00 | false
            fri                           | 2026-06-12T17:00 | false
            Friday.                       | 2026-06-12T17:00 | false
            '   FRIDAY   '                | 2026-06-12T17:00 | false
            by friday                     | 2026-06-12T17:00 | false
            before Friday                 | 2026-06-12T17:00 | false
            on fri                        | 2026-06-12T17:00 | false
            this friday                   | 2026-06-12T17:00 | false
            next friday                   | 2026-06-12T17:00 | false
            next tuesday                  | 2026-06-16T17:00 | false
            tues                          | 2026-06-16T17:00 | false
            tue                           | 2026-06-16T17:00 | false
            mon                           | 2026-06-15T17:00 | false
            thu                           | 2026-06-11T17:00 | false
            thur                          | 2026-06-11T17:00 | false
            thurs                         | 2026-06-11T17:00 | false
            sat                           | 2026-06-13T17:00 | false
            sun                           | 2026-06-14T17:00 | false
            wednesday                     | 2026-06-10T17:00 | false
            this wednesday                | 2026-06-10T17:00 | false
            next wednesday                | 2026-06-17T17:00 | false
            wed 9am                       | 2026-06-17T09:00 | true
            friday 3pm                    | 2026-06-12T15:00 | true
            fri 5:30pm                    | 2026-06-12T17:30 | true
            next tuesday at 3pm           | 2026-06-16T15:00 | true
            friday morning                | 2026-06-12T09:00 | true
            friday midnight               | 2026-06-12T23:59 | true
            # today, tonight, tomorrow and parts of the day
            today                         | 2026-06-10T17:00 | false
            tonight                       | 2026-06-10T20:00 | true
            tomorrow                      | 2026-06-11T17:00 | false
            tomorrow morning              | 2026-06-11T09:00 | true
            tomorrow afternoon            | 2026-06-11T14:00 | true
            tomorrow evening              | 2026-06-11T18:00 | true
            tomorrow 9:30am               | 2026-06-11T09:30 | true
            tomorrow at noon              | 2026-06-11T12:00 | true
            this afternoon                | 2026-06-10T14:00 | true
            this evening                  | 2026-06-10T18:00 | true
            # end of day
            eod                           | 2026-06-10T17:00 | false
            EOD.                          | 2026-06-10T17:00 | false
            cob                           | 2026-06-10T17:00 | false
            end of day                    | 2026-06-10T17:00 | false
            by end of day                 | 2026-06-10T17:00 | false
            close of business             | 2026-06-10T17:00 | false
            tomorrow eod                  | 2026-06-11T17:00 | false
            friday cob                    | 2026-06-12T17:00 | false
            # relative days move the local date; relative hours add an exact duration
            in 3 days                     | 2026-06-13T17:00 | false
            in 1 day                      | 2026-06-11T17:00 | false
            in 2 weeks                    | 2026-06-24T17:00 | false
            in a week                     | 2026-06-17T17:00 | false
            in 3 days 9am                 | 2026-06-13T09:00 | true
            in 2 working days             | 2026-06-12T17:00 | false
            in 3 business days            | 2026-06-15T17:00 | false
            in 5 working days             | 2026-06-17T17:00 | false
            in 3 hours                    | 2026-06-10T13:00 | true
            in 90 minutes                 | 2026-06-10T11:30 | true
            in 2h                         | 2026-06-10T12:00 | true
            in 30m                        | 2026-06-10T10:30 | true
            1h                            | 2026-06-10T11:00 | true
            2h                            | 2026-06-10T12:00 | true
            30m                           | 2026-06-10T10:30 | true
            in an hour                    | 2026-06-10T11:00 | true
            in half an hour               | 2026-06-10T10:30 | true
            in 1h 30m                     | 2026-06-10T11:30 | true
            # dates
            Dec 3                         | 2026-12-03T17:00 | false
            December 3                    | 2026-12-03T17:00 | false
            Dec 3rd                       | 2026-12-03T17:00 | false
            3 Dec                         | 2026-12-03T17:00 | false
            3rd December                  | 2026-12-03T17:00 | false
            3 Dec 2026                    | 2026-12-03T17:00 | false
            Dec 3, 2026                   | 2026-12-03T17:00 | false
            on the 3rd of December        | 2026-12-03T17:00 | false
            2026-12-03                    | 2026-12-03T17:00 | false
            2026-12-03 15:30              | 2026-12-03T15:30 | true
            2026-12-03T15:30              | 2026-12-03T15:30 | true
            3 Dec 5pm                     | 2026-12-03T17:00 | true
            June 10                       | 2026-06-10T17:00 | false
            Jun 1                         | 2027-06-01T17:00 | false
            Feb 29                        | 2028-02-29T17:00 | false
            # times alone: today if still ahead, otherwise tomorrow
            5pm                           | 2026-06-10T17:00 | true
            5 pm                          | 2026-06-10T17:00 | true
            5 p.m.                        | 2026-06-10T17:00 | true
            at 5pm                        | 2026-06-10T17:00 | true
            5:30pm                        | 2026-06-10T17:30 | true
            17:00                         | 2026-06-10T17:00 | true
            9am                           | 2026-06-11T09:00 | true
            noon                          | 2026-06-10T12:00 | true
            midday                        | 2026-06-10T12:00 | true
            midnight                      | 2026-06-10T23:59 | true
            12pm                          | 2026-06-10T12:00 | true
            12am                          | 2026-06-11T00:00 | true
            3pm friday                    | 2026-06-12T15:00 | true
            # weeks and months, on working days
            end of week                   | 2026-06-12T17:00 | false
            eow                           | 2026-06-12T17:00 | false
            end of the week               | 2026-06-12T17:00 | false
            this week                     | 2026-06-12T17:00 | false
            end of week 3pm               | 2026-06-12T15:00 | true
            next week                     | 2026-06-15T17:00 | false
            end of next week              | 2026-06-19T17:00 | false
            end of month                  | 2026-06-30T17:00 | false
            eom                           | 2026-06-30T17:00 | false
            end of the month              | 2026-06-30T17:00 | false
            this month                    | 2026-06-30T17:00 | false
            next month                    | 2026-07-01T17:00 | false
            # numbers spelled out, the day after tomorrow, noon
            in two days                   | 2026-06-12T17:00 | false
            in three weeks                | 2026-07-01T17:00 | false
            two weeks                     | 2026-06-24T17:00 | false
            in twelve days                | 2026-06-22T17:00 | false
            in a couple of days           | 2026-06-12T17:00 | false
            in two working days           | 2026-06-12T17:00 | false
            in three business days        | 2026-06-15T17:00 | false
            in four hours                 | 2026-06-10T14:00 | true
            in five minutes               | 2026-06-10T10:05 | true
            in one week                   | 2026-06-17T17:00 | false
            in two days at noon           | 2026-06-12T12:00 | true
            the day after tomorrow        | 2026-06-12T17:00 | false
            day after tomorrow            | 2026-06-12T17:00 | false
            by the day after tomorrow 3pm | 2026-06-12T15:00 | true
            noon                          | 2026-06-10T12:00 | true
            by noon                       | 2026-06-10T12:00 | true
            noon tomorrow                 | 2026-06-11T12:00 | true
            friday noon                   | 2026-06-12T12:00 | true
            end of next week              | 2026-06-19T17:00 | false
            by the end of next week       | 2026-06-19T17:00 | false
            end of next week noon         | 2026-06-19T12:00 | true
            """)
    void readsPhrasesRelativeToAWednesdayMorning(String phrase, LocalDateTime expected, boolean timeGiven) {
        assertDue(phrase, WEDNESDAY_MORNING, LONDON, expected, timeGiven);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" on Fri 12 Jun 16:00 → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            friday                        | 2026-06-12T17:00 | false
            friday 3pm                    | 2026-06-19T15:00 | true
            next friday                   | 2026-06-19T17:00 | false
            5pm                           | 2026-06-12T17:00 | true
            4pm                           | 2026-06-13T16:00 | true
            in 1 working day              | 2026-06-15T17:00 | false
            in 2 business days            | 2026-06-16T17:00 | false
            in 1 day                      | 2026-06-13T17:00 | false
            end of week                   | 2026-06-12T17:00 | false
            Jun 12 9pm                    | 2026-06-12T21:00 | true
            Jun 12 3pm                    | 2027-06-12T15:00 | true
            """)
    void rollsForwardOnlyWhatHasAlreadyPassedOnAFridayAfternoon(String phrase, LocalDateTime expected,
                                                                 boolean timeGiven) {
        assertDue(phrase, LocalDateTime.of(2026, 6, 12, 16, 0), LONDON, expected, timeGiven);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" on Sat 13 Jun 10:00 → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            in 1 working day              | 2026-06-15T17:00 | false
            in 3 working days             | 2026-06-17T17:00 | false
            next week                     | 2026-06-15T17:00 | false
            monday                        | 2026-06-15T17:00 | false
            saturday                      | 2026-06-13T17:00 | false
            end of next week              | 2026-06-19T17:00 | false
            """)
    void skipsTheWeekendWhenCountingWorkingDays(String phrase, LocalDateTime expected, boolean timeGiven) {
        assertDue(phrase, LocalDateTime.of(2026, 6, 13, 10, 0), LONDON, expected, timeGiven);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" on Thu 31 Dec 12:00 → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            next month                    | 2027-01-01T17:00 | false
            tomorrow                      | 2027-01-01T17:00 | false
            Jan 5                         | 2027-01-05T17:00 | false
            Dec 31                        | 2026-12-31T17:00 | false
            end of month                  | 2026-12-31T17:00 | false
            end of next month             | 2027-01-29T17:00 | false
            next week                     | 2027-01-04T17:00 | false
            in 2 working days             | 2027-01-04T17:00 | false
            in 1 week                     | 2027-01-07T17:00 | false
            11am                          | 2027-01-01T11:00 | true
            """)
    void rollsOverTheMonthAndYearOnNewYearsEve(String phrase, LocalDateTime expected, boolean timeGiven) {
        assertDue(phrase, LocalDateTime.of(2026, 12, 31, 12, 0), BERLIN, expected, timeGiven);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" on {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            end of month                  | 2026-05-20T10:00 | 2026-05-29T17:00
            next month                    | 2026-01-30T10:00 | 2026-02-02T17:00
            Dec 3                         | 2026-12-03T18:00 | 2027-12-03T17:00
            Dec 3 9pm                     | 2026-12-03T18:00 | 2026-12-03T21:00
            """)
    void keepsPeriodsOnWorkingDaysAndDatesOnTheirNextOccurrence(String phrase, LocalDateTime reference,
                                                                LocalDateTime expected) {
        assertEquals(expected, due(phrase, reference, LONDON).at().toLocalDateTime());
    }

    @ParameterizedTest(name = "[{index}] \"{2}\" on {0} in {1} → {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # New York springs forward on Sunday 8 March 2026
            2026-03-06T12:00 | America/New_York | monday 9am        | 2026-03-09T09:00-04:00 | true
            2026-03-06T12:00 | America/New_York | in 3 days         | 2026-03-09T17:00-04:00 | false
            2026-03-06T12:00 | America/New_York | in 72 hours       | 2026-03-09T13:00-04:00 | true
            2026-03-06T12:00 | America/New_York | in 1 working day  | 2026-03-09T17:00-04:00 | false
            2026-03-07T12:00 | America/New_York | tomorrow 2:30am   | 2026-03-08T03:30-04:00 | true
            2026-03-07T12:00 | America/New_York | tomorrow          | 2026-03-08T17:00-04:00 | false
            # New York falls back on Sunday 1 November 2026; the repeated hour takes the earlier offset
            2026-10-30T12:00 | America/New_York | monday 9am        | 2026-11-02T09:00-05:00 | true
            2026-10-30T12:00 | America/New_York | in 3 days         | 2026-11-02T17:00-05:00 | false
            2026-10-30T12:00 | America/New_York | in 72 hours       | 2026-11-02T11:00-05:00 | true
            2026-10-30T12:00 | America/New_York | sunday 1:30am     | 2026-11-01T01:30-04:00 | true
            # Berlin springs forward on Sunday 29 March 2026
            2026-03-27T12:00 | Europe/Berlin    | monday 9am        | 2026-03-30T09:00+02:00 | true
            2026-03-27T12:00 | Europe/Berlin    | in 2 working days | 2026-03-31T17:00+02:00 | false
            2026-03-27T12:00 | Europe/Berlin    | in 48 hours       | 2026-03-29T13:00+02:00 | true
            2026-03-27T12:00 | Europe/Berlin    | sunday 2:30am     | 2026-03-29T03:30+02:00 | true
            # Berlin falls back on Sunday 25 October 2026
            2026-10-23T12:00 | Europe/Berlin    | monday 9am        | 2026-10-26T09:00+01:00 | true
            2026-10-23T12:00 | Europe/Berlin    | end of next week  | 2026-10-30T17:00+01:00 | false
            2026-10-23T12:00 | Europe/Berlin    | in 48 hours       | 2026-10-25T11:00+01:00 | true
            """)
    void keepsWallClockTimesAcrossDaylightSavingChanges(LocalDateTime reference, ZoneId zone, String phrase,
                                                         OffsetDateTime expected, boolean timeGiven) {
        Due due = due(phrase, reference, zone);
        assertEquals(expected, due.at().toOffsetDateTime());
        assertEquals(timeGiven, due.timeGiven());
    }

    @Test
    void mondayNineAmAfterSpringForwardIsAnHourCloserThanTheWeekBefore() {
        Instant weekBefore = ZonedDateTime.of(LocalDateTime.of(2026, 2, 27, 12, 0), NEW_YORK).toInstant();
        Instant dstWeek = ZonedDateTime.of(LocalDateTime.of(2026, 3, 6, 12, 0), NEW_YORK).toInstant();

        Instant ordinaryMonday = due("monday 9am", weekBefore, NEW_YORK).instant();
        Instant dstMonday = due("monday 9am", dstWeek, NEW_YORK).instant();

        assertEquals(Duration.ofHours(69), Duration.between(weekBefore, ordinaryMonday));
        assertEquals(Duration.ofHours(68), Duration.between(dstWeek, dstMonday));
        assertEquals(Duration.ofDays(7).minusHours(1), Duration.between(ordinaryMonday, dstMonday));
    }

    @Test
    void workingDaysCanBeConfigured() {
        Instant thursday = ZonedDateTime.of(LocalDateTime.of(2026, 6, 11, 10, 0), LONDON).toInstant();
        Set<DayOfWeek> sundayToThursday = EnumSet.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY);

        Due due = ok(DueDates.parse("in 1 working day", thursday, LONDON, DEFAULT_TIME, sundayToThursday));

        assertEquals(LocalDateTime.of(2026, 6, 14, 17, 0), due.at().toLocalDateTime());
    }

    @Test
    void dueExposesItsInstant() {
        Due due = due("tomorrow", WEDNESDAY_MORNING, LONDON);

        assertEquals(Instant.parse("2026-06-11T16:00:00Z"), due.instant());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Refusals

    static Stream<String> unreadableOrPastPhrases() {
        return Stream.of(
                "", "   ", "\t\n", "asap", "someday", "next", "this", "by", "friday friday", "in -3 days",
                "in 3 fortnights", "in 99999 days", "next year",
                "13pm", "friday 13pm", "0am", "25:00", "tomorrow 24:00", "17:60",
                "Feb 30", "31 Apr", "Dec 32", "2026-13-01", "2026-02-30", "Smarch 3",
                "2026-01-01", "3 Dec 2025", "this morning", "today 9am", "in 0 minutes",
                "<!channel>", "<@U12345> friday", "'; DROP TABLE commitments; --", "friday\" OR \"1\"=\"1",
                "friday\u0000", "\u0007", "fri\u0000day", "\u202Efriday", "🙂", "пятница", "金曜日",
                "a".repeat(10_000), "friday ".repeat(40));
    }

    @ParameterizedTest(name = "[{index}] refuses \"{0}\"")
    @MethodSource("unreadableOrPastPhrases")
    void refusesPhrasesItCannotReadOrThatHavePassed(String phrase) {
        Outcome<Due> outcome = parse(phrase, WEDNESDAY_MORNING, LONDON);

        assertInstanceOf(Outcome.Rejected.class, outcome, () -> "expected a refusal but got " + outcome);
    }

    @Test
    void refusesNullAsUnreadable() {
        assertEquals(unreadable(""), message(parse(null, WEDNESDAY_MORNING, LONDON)));
    }

    @Test
    void explainsWhatItCouldNotReadQuotingThePhraseAsTyped() {
        assertEquals("I couldn't read \"Smarch 3rd\" as a date. " + EXAMPLES,
                message(parse("  Smarch 3rd ", WEDNESDAY_MORNING, LONDON)));
        assertEquals(unreadable("13pm"), message(parse("13pm", WEDNESDAY_MORNING, LONDON)));
        assertEquals(unreadable("Feb 30"), message(parse("Feb 30", WEDNESDAY_MORNING, LONDON)));
        assertEquals(unreadable("2026-13-01"), message(parse("2026-13-01", WEDNESDAY_MORNING, LONDON)));
        assertEquals(unreadable("<!channel>"), message(parse("<!channel>", WEDNESDAY_MORNING, LONDON)));
    }

    @Test
    void cutsALongPhraseToSixtyCharactersWhenQuotingIt() {
        String message = message(parse("x".repeat(10_000), WEDNESDAY_MORNING, LONDON));

        assertEquals(unreadable("x".repeat(60) + "…"), message);
    }

    @Test
    void doesNotSplitACharacterWhenCuttingALongPhrase() {
        String message = message(parse("🙂".repeat(100), WEDNESDAY_MORNING, LONDON));

        assertEquals(unreadable("🙂".repeat(60) + "…"), message);
    }

    @Test
    void explainsThatAnExplicitDateHasPassed() {
        assertEquals(past("2026-01-01", "Thu 1 Jan 17:00"), message(parse("2026-01-01", WEDNESDAY_MORNING, LONDON)));
    }

    @Test
    void explainsThatTodaysPartOfDayHasPassed() {
        assertEquals(past("This morning", "Wed 10 Jun 09:00"), message(parse("This morning", WEDNESDAY_MORNING, LONDON)));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is past: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            yesterday                 | Tue 9 Jun 17:00
            Yesterday 3pm             | Tue 9 Jun 15:00
            the day before yesterday  | Mon 8 Jun 17:00
            last friday               | Fri 5 Jun 17:00
            last wednesday            | Wed 3 Jun 17:00
            3 days ago                | Sun 7 Jun 17:00
            two days ago              | Mon 8 Jun 17:00
            a week ago                | Wed 3 Jun 17:00
            last week                 | Mon 1 Jun 17:00
            last month                | Fri 1 May 17:00
            today 9am                 | Wed 10 Jun 09:00
            3 Dec 2025                | Wed 3 Dec 2025 17:00
            """)
    void refusesDaysAlreadyGoneAsPastNotAsUnreadable(String phrase, String shown) {
        assertEquals(past(phrase, shown), message(parse(phrase, WEDNESDAY_MORNING, LONDON)));
    }

    @Test
    void refusesEndOfDayOnceTheDefaultTimeHasPassed() {
        LocalDateTime evening = LocalDateTime.of(2026, 6, 10, 18, 0);

        assertEquals(past("eod", "Wed 10 Jun 17:00"), message(parse("eod", evening, LONDON)));
    }

    @Test
    void refusesEndOfWeekOnTheWeekendAfterTheLastWorkingDay() {
        LocalDateTime saturday = LocalDateTime.of(2026, 6, 13, 10, 0);

        assertEquals(past("end of week", "Fri 12 Jun 17:00"), message(parse("end of week", saturday, LONDON)));
    }

    @Test
    void refusesADueTimeEqualToNow() {
        LocalDateTime fivePm = LocalDateTime.of(2026, 6, 10, 17, 0);

        assertInstanceOf(Outcome.Rejected.class, parse("today", fivePm, LONDON));
        assertInstanceOf(Outcome.Rejected.class, parse("in 0 hours", fivePm, LONDON));
    }

    @Test
    void neverThrowsAndOnlyAnswersWithFutureTimesForShuffledFragments() {
        List<String> fragments = List.of("in", "next", "this", "by", "at", "friday", "fri", "3", "13", "0", "99",
                "pm", "am", "5pm", ":", "30", "days", "working", "h", "m", "dec", "feb", "29", "2026", "-", "t",
                "end", "of", "week", "month", "eod", "tomorrow", "morning", "noon", "midnight", ".", ",", "'", "\"",
                "\u0000", "🙂", " ", "  ");
        Random random = new Random(20260610L);
        Instant now = ZonedDateTime.of(WEDNESDAY_MORNING, LONDON).toInstant();
        for (int i = 0; i < 5_000; i++) {
            StringBuilder phrase = new StringBuilder();
            int words = 1 + random.nextInt(5);
            for (int w = 0; w < words; w++) {
                phrase.append(fragments.get(random.nextInt(fragments.size()))).append(random.nextBoolean() ? " " : "");
            }
            Outcome<Due> outcome = DueDates.parse(phrase.toString(), now, LONDON, DEFAULT_TIME, WEEKDAYS);
            if (outcome instanceof Outcome.Ok<Due> ok) {
                assertTrue(ok.value().instant().isAfter(now), () -> "\"" + phrase + "\" → " + ok.value());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    private static void assertDue(String phrase, LocalDateTime reference, ZoneId zone, LocalDateTime expected,
                                  boolean timeGiven) {
        Due due = due(phrase, reference, zone);
        assertEquals(expected, due.at().toLocalDateTime(), () -> "\"" + phrase + "\"");
        assertEquals(zone, due.at().getZone());
        assertEquals(timeGiven, due.timeGiven(), () -> "timeGiven for \"" + phrase + "\"");
    }

    private static Due due(String phrase, LocalDateTime reference, ZoneId zone) {
        return ok(parse(phrase, reference, zone));
    }

    private static Due due(String phrase, Instant now, ZoneId zone) {
        return ok(DueDates.parse(phrase, now, zone, DEFAULT_TIME, WEEKDAYS));
    }

    private static Outcome<Due> parse(String phrase, LocalDateTime reference, ZoneId zone) {
        return DueDates.parse(phrase, ZonedDateTime.of(reference, zone).toInstant(), zone, DEFAULT_TIME, WEEKDAYS);
    }

    private static Due ok(Outcome<Due> outcome) {
        if (outcome instanceof Outcome.Ok<Due> ok) {
            return ok.value();
        }
        return fail("expected a due time but got " + outcome);
    }

    private static String message(Outcome<Due> outcome) {
        if (outcome instanceof Outcome.Rejected<Due> rejected) {
            return rejected.message();
        }
        return fail("expected a refusal but got " + outcome);
    }

    private static String past(String quoted, String shown) {
        return "That date is in the past: \"" + quoted + "\" was " + shown + ". Try a later one, e.g. \"friday\".";
    }

    private static String unreadable(String quoted) {
        return "I couldn't read \"" + quoted + "\" as a date. " + EXAMPLES;
    }
}
