package dev.keepword.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.domain.Cadence.Planned;
import dev.keepword.domain.Cadence.Progress;
import dev.keepword.domain.Cadence.Step;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CadenceTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final EnumSet<DayOfWeek> EVERY_DAY = EnumSet.allOf(DayOfWeek.class);

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mmxxx", Locale.ROOT);

    /** Heads-up 2 working days ahead, nudges at 09:30, five overdue nudges. */
    private static final Agreement STANDARD = agreement(2, "09:30", 5, List.of());

    /** Sam works 09:00–17:30 Monday to Friday in New York. */
    private static final WorkingCalendar SAM = calendar(NEW_YORK, WorkingHours.OFFICE, List.of(), null, null);

    /** Like Sam, but starting at 07:00. */
    private static final WorkingCalendar EARLY_RISER = calendar(NEW_YORK, new WorkingHours(
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(7, 0), LocalTime.of(17, 30)),
            List.of(), null, null);

    // The reference week: recorded Monday 8 June 2026, due Friday 12 June 17:00 in New York.
    private static final String MONDAY_MORNING = "2026-06-08T10:00";
    private static final String FRIDAY_FIVE = "2026-06-12T17:00";

    private static final String STANDARD_OVERDUE = """
            OVERDUE#1 Mon 2026-06-15 09:30-04:00
            OVERDUE#2 Tue 2026-06-16 09:30-04:00
            OVERDUE#3 Wed 2026-06-17 09:30-04:00
            OVERDUE#4 Thu 2026-06-18 09:30-04:00
            OVERDUE#5 Fri 2026-06-19 09:30-04:00
            """;

    // ---------------------------------------------------------------------------------------------------------
    // steps(): the whole plan, as the recipient's wall clock

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("plans")
    void plansEveryStepAtTheRecipientsLocalTime(String scenario, Commitment c, Agreement a, WorkingCalendar cal,
                                                Progress progress, String expected) {
        List<Planned> steps = Cadence.steps(c, a, cal, progress);

        assertEquals(expected, render(steps, cal.zone()), scenario);
    }

    static Stream<Arguments> plans() {
        return Stream.of(
                Arguments.of("the standard sequence for friday 17:00, recorded on monday",
                        commitment(MONDAY_MORNING, FRIDAY_FIVE), STANDARD, SAM, Progress.NONE, """
                                HEADS_UP Wed 2026-06-10 09:30-04:00
                                DUE_TODAY Fri 2026-06-12 09:30-04:00
                                """ + STANDARD_OVERDUE),
                Arguments.of("recorded on the heads-up day before its time: the heads-up still goes out",
                        commitment("2026-06-10T09:00", FRIDAY_FIVE), STANDARD, SAM, Progress.NONE, """
                                HEADS_UP Wed 2026-06-10 09:30-04:00
                                DUE_TODAY Fri 2026-06-12 09:30-04:00
                                """ + STANDARD_OVERDUE),
                Arguments.of("recorded after the heads-up time: no heads-up",
                        commitment("2026-06-10T10:00", FRIDAY_FIVE), STANDARD, SAM, Progress.NONE, """
                                DUE_TODAY Fri 2026-06-12 09:30-04:00
                                """ + STANDARD_OVERDUE),
                Arguments.of("recorded on the due morning after the nudge time: overdue nudges only",
                        commitment("2026-06-12T10:00", FRIDAY_FIVE), STANDARD, SAM, Progress.NONE, STANDARD_OVERDUE),
                Arguments.of("recorded after it was due: overdue nudges only",
                        commitment("2026-06-13T10:00", FRIDAY_FIVE), STANDARD, SAM, Progress.NONE, STANDARD_OVERDUE),
                Arguments.of("a heads-up five working days ahead that would be before it was recorded is dropped",
                        commitment(MONDAY_MORNING, FRIDAY_FIVE), agreement(5, "09:30", 5, List.of()), SAM,
                        Progress.NONE, """
                                DUE_TODAY Fri 2026-06-12 09:30-04:00
                                """ + STANDARD_OVERDUE),
                Arguments.of("a heads-up five working days ahead of a commitment recorded the week before",
                        commitment("2026-06-01T10:00", FRIDAY_FIVE), agreement(5, "09:30", 5, List.of()), SAM,
                        Progress.NONE, """
                                HEADS_UP Fri 2026-06-05 09:30-04:00
                                DUE_TODAY Fri 2026-06-12 09:30-04:00
                                """ + STANDARD_OVERDUE),
                Arguments.of("no heads-up when the agreement asks for none",
                        commitment(MONDAY_MORNING, FRIDAY_FIVE), agreement(0, "09:30", 5, List.of()), SAM,
                        Progress.NONE, """
                                DUE_TODAY Fri 2026-06-12 09:30-04:00
                                """ + STANDARD_OVERDUE),
                Arguments.of("due before the nudge time: due-today at the start of working hours",
                        commitment(MONDAY_MORNING, "2026-06-12T09:15"), STANDARD, SAM, Progress.NONE, """
                                HEADS_UP Wed 2026-06-10 09:30-04:00
                                DUE_TODAY Fri 2026-06-12 09:00-04:00
                                """ + STANDARD_OVERDUE),
                Arguments.of("due exactly at the nudge time: due-today at the start of working hours",
                        commitment(MONDAY_MORNING, "2026-06-12T09:30"), STANDARD, SAM, Progress.NONE, """
                                HEADS_UP Wed 2026-06-10 09:30-04:00
                                DUE_TODAY Fri 2026-06-12 09:00-04:00
                                """ + STANDARD_OVERDUE),
                Arguments.of("due before working hours begin: no due-today nudge at all",
                        commitment(MONDAY_MORNING, "2026-06-12T08:00"), STANDARD, SAM, Progress.NONE, """
                                HEADS_UP Wed 2026-06-10 09:30-04:00
                                """ + STANDARD_OVERDUE),
                Arguments.of("due on a saturday: due-today on friday, heads-up two working days before saturday",
                        commitment(MONDAY_MORNING, "2026-06-13T12:00"), STANDARD, SAM, Progress.NONE, """
                                HEADS_UP Thu 2026-06-11 09:30-04:00
                                DUE_TODAY Fri 2026-06-12 09:30-04:00
                                """ + STANDARD_OVERDUE),
                Arguments.of("due on a holiday friday: due-today on thursday",
                        commitment(MONDAY_MORNING, FRIDAY_FIVE), STANDARD,
                        calendar(NEW_YORK, WorkingHours.OFFICE, List.of(LocalDate.of(2026, 6, 12)), null, null),
                        Progress.NONE, """
                                HEADS_UP Wed 2026-06-10 09:30-04:00
                                DUE_TODAY Thu 2026-06-11 09:30-04:00
                                """ + STANDARD_OVERDUE),
                Arguments.of("a holiday in the middle of the overdue nudges is skipped, numbering continues",
                        commitment(MONDAY_MORNING, FRIDAY_FIVE), STANDARD,
                        calendar(NEW_YORK, WorkingHours.OFFICE, List.of(LocalDate.of(2026, 6, 17)), null, null),
                        Progress.NONE, """
                                HEADS_UP Wed 2026-06-10 09:30-04:00
                                DUE_TODAY Fri 2026-06-12 09:30-04:00
                                OVERDUE#1 Mon 2026-06-15 09:30-04:00
                                OVERDUE#2 Tue 2026-06-16 09:30-04:00
                                OVERDUE#3 Thu 2026-06-18 09:30-04:00
                                OVERDUE#4 Fri 2026-06-19 09:30-04:00
                                OVERDUE#5 Mon 2026-06-22 09:30-04:00
                                """),
                Arguments.of("the agreement's overdue bound is respected",
                        commitment(MONDAY_MORNING, FRIDAY_FIVE), agreement(2, "09:30", 2, List.of()), SAM,
                        Progress.NONE, """
                                HEADS_UP Wed 2026-06-10 09:30-04:00
                                DUE_TODAY Fri 2026-06-12 09:30-04:00
                                OVERDUE#1 Mon 2026-06-15 09:30-04:00
                                OVERDUE#2 Tue 2026-06-16 09:30-04:00
                                """),
                Arguments.of("no overdue nudges when the agreement allows none",
                        commitment(MONDAY_MORNING, FRIDAY_FIVE), agreement(2, "09:30", 0, List.of()), SAM,
                        Progress.NONE, """
                                HEADS_UP Wed 2026-06-10 09:30-04:00
                                DUE_TODAY Fri 2026-06-12 09:30-04:00
                                """),
                Arguments.of("a nudge time before working hours waits for them",
                        commitment(MONDAY_MORNING, FRIDAY_FIVE), agreement(2, "07:00", 2, List.of()), SAM,
                        Progress.NONE, """
                                HEADS_UP Wed 2026-06-10 09:00-04:00
                                DUE_TODAY Fri 2026-06-12 09:00-04:00
                                OVERDUE#1 Mon 2026-06-15 09:00-04:00
                                OVERDUE#2 Tue 2026-06-16 09:00-04:00
                                """),
                Arguments.of("away before anything was sent: overdue nudges start when the owner is back",
                        commitment(MONDAY_MORNING, FRIDAY_FIVE), STANDARD,
                        calendar(NEW_YORK, WorkingHours.OFFICE, List.of(), LocalDate.of(2026, 6, 15),
                                LocalDate.of(2026, 6, 16)),
                        Progress.NONE, """
                                HEADS_UP Wed 2026-06-10 09:30-04:00
                                DUE_TODAY Fri 2026-06-12 09:30-04:00
                                OVERDUE#1 Wed 2026-06-17 09:30-04:00
                                OVERDUE#2 Thu 2026-06-18 09:30-04:00
                                OVERDUE#3 Fri 2026-06-19 09:30-04:00
                                OVERDUE#4 Mon 2026-06-22 09:30-04:00
                                OVERDUE#5 Tue 2026-06-23 09:30-04:00
                                """),
                Arguments.of("away on the due day: due-today on the last working day before, heads-up before that",
                        commitment(MONDAY_MORNING, FRIDAY_FIVE), STANDARD,
                        calendar(NEW_YORK, WorkingHours.OFFICE, List.of(), LocalDate.of(2026, 6, 11),
                                LocalDate.of(2026, 6, 12)),
                        Progress.NONE, """
                                HEADS_UP Tue 2026-06-09 09:30-04:00
                                DUE_TODAY Wed 2026-06-10 09:30-04:00
                                """ + STANDARD_OVERDUE),
                Arguments.of("away after the first overdue nudge: the rest shift, numbering continues from progress",
                        commitment(MONDAY_MORNING, FRIDAY_FIVE), STANDARD,
                        calendar(NEW_YORK, WorkingHours.OFFICE, List.of(), LocalDate.of(2026, 6, 16),
                                LocalDate.of(2026, 6, 18)),
                        new Progress(1, ny("2026-06-15T09:30")), """
                                OVERDUE#2 Fri 2026-06-19 09:30-04:00
                                OVERDUE#3 Mon 2026-06-22 09:30-04:00
                                OVERDUE#4 Tue 2026-06-23 09:30-04:00
                                OVERDUE#5 Wed 2026-06-24 09:30-04:00
                                """),
                Arguments.of("after the heads-up went out, it is not planned again",
                        commitment(MONDAY_MORNING, FRIDAY_FIVE), STANDARD, SAM, new Progress(0, ny("2026-06-10T09:30")),
                        """
                                DUE_TODAY Fri 2026-06-12 09:30-04:00
                                """ + STANDARD_OVERDUE),
                Arguments.of("after three overdue nudges, only the last two remain",
                        commitment(MONDAY_MORNING, FRIDAY_FIVE), STANDARD, SAM, new Progress(3, ny("2026-06-17T09:30")),
                        """
                                OVERDUE#4 Thu 2026-06-18 09:30-04:00
                                OVERDUE#5 Fri 2026-06-19 09:30-04:00
                                """),
                Arguments.of("after every overdue nudge, nothing remains",
                        commitment(MONDAY_MORNING, FRIDAY_FIVE), STANDARD, SAM, new Progress(5, ny("2026-06-19T09:30")),
                        ""),
                Arguments.of("a recipient in berlin gets berlin's 09:30",
                        commitment(MONDAY_MORNING, FRIDAY_FIVE), STANDARD,
                        calendar(BERLIN, WorkingHours.OFFICE, List.of(), null, null), Progress.NONE, """
                                HEADS_UP Wed 2026-06-10 09:30+02:00
                                DUE_TODAY Fri 2026-06-12 09:30+02:00
                                OVERDUE#1 Mon 2026-06-15 09:30+02:00
                                OVERDUE#2 Tue 2026-06-16 09:30+02:00
                                OVERDUE#3 Wed 2026-06-17 09:30+02:00
                                OVERDUE#4 Thu 2026-06-18 09:30+02:00
                                OVERDUE#5 Fri 2026-06-19 09:30+02:00
                                """),
                Arguments.of("friday 20:00 in new york is saturday in berlin, so berlin's due day is friday",
                        commitment(MONDAY_MORNING, "2026-06-12T20:00"), agreement(2, "09:30", 1, List.of()),
                        calendar(BERLIN, WorkingHours.OFFICE, List.of(), null, null), Progress.NONE, """
                                HEADS_UP Thu 2026-06-11 09:30+02:00
                                DUE_TODAY Fri 2026-06-12 09:30+02:00
                                OVERDUE#1 Mon 2026-06-15 09:30+02:00
                                """),
                Arguments.of("across new york's spring-forward weekend every nudge keeps 09:30 on the wall clock",
                        commitment("2026-03-02T10:00", "2026-03-06T17:00"), agreement(2, "09:30", 3, List.of()), SAM,
                        Progress.NONE, """
                                HEADS_UP Wed 2026-03-04 09:30-05:00
                                DUE_TODAY Fri 2026-03-06 09:30-05:00
                                OVERDUE#1 Mon 2026-03-09 09:30-04:00
                                OVERDUE#2 Tue 2026-03-10 09:30-04:00
                                OVERDUE#3 Wed 2026-03-11 09:30-04:00
                                """),
                Arguments.of("across new york's fall-back weekend every nudge keeps 09:30 on the wall clock",
                        commitment("2026-10-26T10:00", "2026-10-30T17:00"), agreement(2, "09:30", 2, List.of()), SAM,
                        Progress.NONE, """
                                HEADS_UP Wed 2026-10-28 09:30-04:00
                                DUE_TODAY Fri 2026-10-30 09:30-04:00
                                OVERDUE#1 Mon 2026-11-02 09:30-05:00
                                OVERDUE#2 Tue 2026-11-03 09:30-05:00
                                """),
                Arguments.of("hours 01:30-03:30 every day, nudge at 02:30, due on the spring-forward sunday",
                        commitment("2026-03-05T00:00", "2026-03-08T03:15"), agreement(2, "02:30", 2, List.of()),
                        calendar(NEW_YORK, new WorkingHours(EVERY_DAY, LocalTime.of(1, 30), LocalTime.of(3, 30)),
                                List.of(), null, null),
                        Progress.NONE, """
                                HEADS_UP Fri 2026-03-06 02:30-05:00
                                DUE_TODAY Sun 2026-03-08 03:00-04:00
                                OVERDUE#1 Mon 2026-03-09 02:30-04:00
                                OVERDUE#2 Tue 2026-03-10 02:30-04:00
                                """),
                Arguments.of("hours 01:30-03:30 every day, nudge at 02:30: the overdue nudge on the gap day keeps its day",
                        commitment("2026-03-05T00:00", "2026-03-07T03:00"), agreement(0, "02:30", 3, List.of()),
                        calendar(NEW_YORK, new WorkingHours(EVERY_DAY, LocalTime.of(1, 30), LocalTime.of(3, 30)),
                                List.of(), null, null),
                        Progress.NONE, """
                                DUE_TODAY Sat 2026-03-07 02:30-05:00
                                OVERDUE#1 Sun 2026-03-08 03:00-04:00
                                OVERDUE#2 Mon 2026-03-09 02:30-04:00
                                OVERDUE#3 Tue 2026-03-10 02:30-04:00
                                """),
                Arguments.of("hours 02:00-03:00 that berlin's spring-forward swallows: sunday's nudge waits for monday's start",
                        commitment("2026-03-26T00:00", "2026-03-28T12:00", BERLIN), agreement(0, "02:30", 2, List.of()),
                        calendar(BERLIN, new WorkingHours(EVERY_DAY, LocalTime.of(2, 0), LocalTime.of(3, 0)),
                                List.of(), null, null),
                        Progress.NONE, """
                                DUE_TODAY Sat 2026-03-28 02:30+01:00
                                OVERDUE#1 Mon 2026-03-30 02:00+02:00
                                OVERDUE#2 Mon 2026-03-30 02:30+02:00
                                """),
                Arguments.of("a nudge time in berlin's repeated hour means its first occurrence",
                        commitment("2026-10-22T00:00", "2026-10-24T12:00", BERLIN), agreement(0, "02:30", 2, List.of()),
                        calendar(BERLIN, new WorkingHours(EVERY_DAY, LocalTime.of(1, 0), LocalTime.of(4, 0)),
                                List.of(), null, null),
                        Progress.NONE, """
                                DUE_TODAY Sat 2026-10-24 02:30+02:00
                                OVERDUE#1 Sun 2026-10-25 02:30+02:00
                                OVERDUE#2 Mon 2026-10-26 02:30+01:00
                                """));
    }

    // ---------------------------------------------------------------------------------------------------------
    // next(): what the dispatcher plans after each send

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("chains")
    void plansOneNudgeAtATimeAsEachIsSent(String scenario, Commitment c, WorkingCalendar cal, Progress progress,
                                          String after, String expected) {
        List<Planned> sent = sendEverything(c, STANDARD, cal, progress, ny(after));

        assertEquals(expected, render(sent, cal.zone()), scenario);
    }

    static Stream<Arguments> chains() {
        Commitment c = commitment(MONDAY_MORNING, FRIDAY_FIVE);
        return Stream.of(
                Arguments.of("from the moment it is recorded, the same sequence as the plan",
                        c, SAM, Progress.NONE, MONDAY_MORNING, """
                                HEADS_UP Wed 2026-06-10 09:30-04:00
                                DUE_TODAY Fri 2026-06-12 09:30-04:00
                                """ + STANDARD_OVERDUE),
                Arguments.of("from the middle of the overdue week",
                        c, SAM, new Progress(3, ny("2026-06-17T09:30")), "2026-06-17T12:00", """
                                OVERDUE#4 Thu 2026-06-18 09:30-04:00
                                OVERDUE#5 Fri 2026-06-19 09:30-04:00
                                """),
                Arguments.of("away from tuesday to thursday after the first overdue nudge: numbering carries on",
                        c, calendar(NEW_YORK, WorkingHours.OFFICE, List.of(), LocalDate.of(2026, 6, 16),
                                LocalDate.of(2026, 6, 18)),
                        new Progress(1, ny("2026-06-15T09:30")), "2026-06-15T10:00", """
                                OVERDUE#2 Fri 2026-06-19 09:30-04:00
                                OVERDUE#3 Mon 2026-06-22 09:30-04:00
                                OVERDUE#4 Tue 2026-06-23 09:30-04:00
                                OVERDUE#5 Wed 2026-06-24 09:30-04:00
                                """),
                Arguments.of("snoozed on monday until tuesday 09:00: the snooze end, then nothing within two hours, no number lost",
                        snoozed(c, "2026-06-16T09:00", 1), SAM, new Progress(1, ny("2026-06-15T09:30")),
                        "2026-06-15T10:00", """
                                SNOOZE_END#1 Tue 2026-06-16 09:00-04:00
                                OVERDUE#2 Wed 2026-06-17 09:30-04:00
                                OVERDUE#3 Thu 2026-06-18 09:30-04:00
                                OVERDUE#4 Fri 2026-06-19 09:30-04:00
                                OVERDUE#5 Mon 2026-06-22 09:30-04:00
                                """),
                Arguments.of("snoozed until tuesday 12:00: tuesday's nudge is held back, the snooze ends it",
                        snoozed(c, "2026-06-16T12:00", 2), SAM, new Progress(1, ny("2026-06-15T09:30")),
                        "2026-06-15T10:00", """
                                SNOOZE_END#2 Tue 2026-06-16 12:00-04:00
                                OVERDUE#2 Wed 2026-06-17 09:30-04:00
                                OVERDUE#3 Thu 2026-06-18 09:30-04:00
                                OVERDUE#4 Fri 2026-06-19 09:30-04:00
                                OVERDUE#5 Mon 2026-06-22 09:30-04:00
                                """),
                Arguments.of("snoozed until tuesday 06:00: it wakes at 09:00, so tuesday's 09:30 nudge is held back",
                        snoozed(c, "2026-06-16T06:00", 1), SAM, new Progress(1, ny("2026-06-15T09:30")),
                        "2026-06-15T10:00", """
                                SNOOZE_END#1 Tue 2026-06-16 09:00-04:00
                                OVERDUE#2 Wed 2026-06-17 09:30-04:00
                                OVERDUE#3 Thu 2026-06-18 09:30-04:00
                                OVERDUE#4 Fri 2026-06-19 09:30-04:00
                                OVERDUE#5 Mon 2026-06-22 09:30-04:00
                                """),
                Arguments.of("an early riser's snooze ends at 07:30: the 09:30 nudge, two hours later, still goes out",
                        snoozed(c, "2026-06-16T07:30", 1), EARLY_RISER, new Progress(1, ny("2026-06-15T09:30")),
                        "2026-06-15T10:00", """
                                SNOOZE_END#1 Tue 2026-06-16 07:30-04:00
                                OVERDUE#2 Tue 2026-06-16 09:30-04:00
                                OVERDUE#3 Wed 2026-06-17 09:30-04:00
                                OVERDUE#4 Thu 2026-06-18 09:30-04:00
                                OVERDUE#5 Fri 2026-06-19 09:30-04:00
                                """),
                Arguments.of("an early riser's snooze ends at 07:31: the 09:30 nudge is within two hours and held back",
                        snoozed(c, "2026-06-16T07:31", 1), EARLY_RISER, new Progress(1, ny("2026-06-15T09:30")),
                        "2026-06-15T10:00", """
                                SNOOZE_END#1 Tue 2026-06-16 07:31-04:00
                                OVERDUE#2 Wed 2026-06-17 09:30-04:00
                                OVERDUE#3 Thu 2026-06-18 09:30-04:00
                                OVERDUE#4 Fri 2026-06-19 09:30-04:00
                                OVERDUE#5 Mon 2026-06-22 09:30-04:00
                                """),
                Arguments.of("snoozed until tuesday 16:00: tuesday's nudge is long before the snooze end",
                        snoozed(c, "2026-06-16T16:00", 1), SAM, new Progress(1, ny("2026-06-15T09:30")),
                        "2026-06-15T10:00", """
                                SNOOZE_END#1 Tue 2026-06-16 16:00-04:00
                                OVERDUE#2 Wed 2026-06-17 09:30-04:00
                                OVERDUE#3 Thu 2026-06-18 09:30-04:00
                                OVERDUE#4 Fri 2026-06-19 09:30-04:00
                                OVERDUE#5 Mon 2026-06-22 09:30-04:00
                                """),
                Arguments.of("snoozed before the due date until thursday evening: it wakes friday morning",
                        snoozed(c, "2026-06-11T20:00", 1), SAM, Progress.NONE, "2026-06-10T08:00", """
                                SNOOZE_END#1 Fri 2026-06-12 09:00-04:00
                                OVERDUE#1 Mon 2026-06-15 09:30-04:00
                                OVERDUE#2 Tue 2026-06-16 09:30-04:00
                                OVERDUE#3 Wed 2026-06-17 09:30-04:00
                                OVERDUE#4 Thu 2026-06-18 09:30-04:00
                                OVERDUE#5 Fri 2026-06-19 09:30-04:00
                                """),
                Arguments.of("planned late on thursday, after the snooze ran out but before it could wake anyone",
                        snoozed(c, "2026-06-11T20:00", 1), SAM, Progress.NONE, "2026-06-11T22:00", """
                                SNOOZE_END#1 Fri 2026-06-12 09:00-04:00
                                OVERDUE#1 Mon 2026-06-15 09:30-04:00
                                OVERDUE#2 Tue 2026-06-16 09:30-04:00
                                OVERDUE#3 Wed 2026-06-17 09:30-04:00
                                OVERDUE#4 Thu 2026-06-18 09:30-04:00
                                OVERDUE#5 Fri 2026-06-19 09:30-04:00
                                """),
                Arguments.of("a snooze long over no longer holds anything back",
                        snoozed(c, "2026-06-09T12:00", 1), SAM, new Progress(1, ny("2026-06-15T09:30")),
                        "2026-06-15T10:00", """
                                OVERDUE#2 Tue 2026-06-16 09:30-04:00
                                OVERDUE#3 Wed 2026-06-17 09:30-04:00
                                OVERDUE#4 Thu 2026-06-18 09:30-04:00
                                OVERDUE#5 Fri 2026-06-19 09:30-04:00
                                """),
                Arguments.of("done: nothing more",
                        with(c, State.DONE, null, 0, ""), SAM, Progress.NONE, MONDAY_MORNING, ""),
                Arguments.of("cancelled: nothing more",
                        with(c, State.CANCELLED, null, 0, ""), SAM, Progress.NONE, MONDAY_MORNING, ""),
                Arguments.of("blocked: the consultant has it, nothing more",
                        with(c, State.OPEN, null, 0, "waiting for legal"), SAM, Progress.NONE, MONDAY_MORNING, ""),
                Arguments.of("blocked while snoozed: not even the snooze end",
                        with(c, State.OPEN, ny("2026-06-16T09:00"), 1, "waiting for legal"), SAM,
                        Progress.NONE, MONDAY_MORNING, ""));
    }

    @Test
    void nextIsTheEarliestStepStrictlyAfterTheGivenInstant() {
        Commitment c = commitment(MONDAY_MORNING, FRIDAY_FIVE);

        Optional<Planned> atTheHeadsUp = Cadence.next(c, STANDARD, SAM, Progress.NONE, ny("2026-06-10T09:30"));
        Optional<Planned> justBefore = Cadence.next(c, STANDARD, SAM, Progress.NONE, ny("2026-06-10T09:29"));

        assertEquals(Optional.of(new Planned(Step.DUE_TODAY, 0, ny("2026-06-12T09:30"))), atTheHeadsUp);
        assertEquals(Optional.of(new Planned(Step.HEADS_UP, 0, ny("2026-06-10T09:30"))), justBefore);
    }

    @Test
    void nothingIsPlannedOnceEveryOverdueNudgeWasSent() {
        Commitment c = commitment(MONDAY_MORNING, FRIDAY_FIVE);

        Optional<Planned> next = Cadence.next(c, STANDARD, SAM, new Progress(5, ny("2026-06-19T09:30")),
                ny("2026-06-19T09:30"));

        assertEquals(Optional.empty(), next);
    }

    // ---------------------------------------------------------------------------------------------------------
    // latestDue(): one catch-up after downtime

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("catchUps")
    void afterDowntimeOnlyTheLatestMissedStepIsSent(String scenario, Planned planned, String now, Planned expected) {
        Commitment c = commitment(MONDAY_MORNING, FRIDAY_FIVE);

        Planned send = Cadence.latestDue(c, STANDARD, SAM, Progress.NONE, planned, ny(now));

        assertEquals(expected, send, scenario);
    }

    static Stream<Arguments> catchUps() {
        Planned headsUp = new Planned(Step.HEADS_UP, 0, ny("2026-06-10T09:30"));
        Planned dueToday = new Planned(Step.DUE_TODAY, 0, ny("2026-06-12T09:30"));
        Planned overdue1 = new Planned(Step.OVERDUE, 1, ny("2026-06-15T09:30"));
        Planned overdue2 = new Planned(Step.OVERDUE, 2, ny("2026-06-16T09:30"));
        Planned overdue5 = new Planned(Step.OVERDUE, 5, ny("2026-06-19T09:30"));
        return Stream.of(
                Arguments.of("delivered on time: the step itself", headsUp, "2026-06-10T09:30", headsUp),
                Arguments.of("delivered a little late: still the step itself", headsUp, "2026-06-10T11:00", headsUp),
                Arguments.of("down from wednesday to friday's nudge time: the due-today nudge, inclusive",
                        headsUp, "2026-06-12T09:30", dueToday),
                Arguments.of("down for five days from wednesday: only monday's overdue nudge",
                        headsUp, "2026-06-15T12:00", overdue1),
                Arguments.of("down for five days from monday: only friday's overdue nudge",
                        overdue1, "2026-06-20T12:00", overdue5),
                Arguments.of("down for weeks: still the one latest step", headsUp, "2026-07-20T12:00", overdue5),
                Arguments.of("a snooze end delivered late gives way to the regular step that fell due since",
                        new Planned(Step.SNOOZE_END, 1, ny("2026-06-15T12:00")), "2026-06-16T10:00", overdue2));
    }

    @Test
    void aCatchUpIsFollowedByTheNextRegularStepNotByTheMissedOnes() {
        Commitment c = commitment(MONDAY_MORNING, FRIDAY_FIVE);
        Planned planned = new Planned(Step.HEADS_UP, 0, ny("2026-06-10T09:30"));
        Instant backUp = ny("2026-06-15T12:00");

        Planned catchUp = Cadence.latestDue(c, STANDARD, SAM, Progress.NONE, planned, backUp);
        Progress progress = Progress.NONE.after(catchUp, backUp);
        Optional<Planned> next = Cadence.next(c, STANDARD, SAM, progress, backUp);

        assertEquals(new Planned(Step.OVERDUE, 1, ny("2026-06-15T09:30")), catchUp);
        assertEquals(Optional.of(new Planned(Step.OVERDUE, 2, ny("2026-06-16T09:30"))), next);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Progress

    @Test
    void progressCountsOverdueNudgesAndRemembersTheLastSend() {
        Instant t = ny("2026-06-16T09:31");

        Progress afterHeadsUp = Progress.NONE.after(new Planned(Step.HEADS_UP, 0, ny("2026-06-10T09:30")), t);
        Progress afterOverdue = new Progress(2, ny("2026-06-15T09:30")).after(new Planned(Step.OVERDUE, 3, t), t);
        Progress afterAStaleOverdue = new Progress(4, ny("2026-06-15T09:30")).after(new Planned(Step.OVERDUE, 3, t), t);
        Progress afterSnoozeEnd = new Progress(1, ny("2026-06-15T09:30")).after(new Planned(Step.SNOOZE_END, 2, t), t);

        assertEquals(new Progress(0, t), afterHeadsUp);
        assertEquals(new Progress(3, t), afterOverdue);
        assertEquals(new Progress(4, t), afterAStaleOverdue);
        assertEquals(new Progress(1, t), afterSnoozeEnd);
    }

    @Test
    void aPlannedStepsKeyNamesItsStepAndOccurrence() {
        Planned p = new Planned(Step.OVERDUE, 3, ny("2026-06-17T09:30"));

        String key = p.key();

        assertEquals("OVERDUE:3", key);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Properties over generated calendars, agreements and commitments across 2026 and its DST weeks

    private static final List<ZoneId> ZONES = Stream.of("America/New_York", "Europe/Berlin", "Europe/London",
            "Asia/Kolkata", "Australia/Sydney", "UTC").map(ZoneId::of).toList();

    /** The weeks around each 2026 switch in New York and Berlin (Sundays 8 Mar, 1 Nov, 29 Mar, 25 Oct). */
    private static final List<LocalDate> DST_WEEKS = List.of(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 10, 26),
            LocalDate.of(2026, 3, 23), LocalDate.of(2026, 10, 19));

    private static final String[][] STRADDLING_HOURS = {{"01:30", "03:30"}, {"02:30", "04:00"}, {"02:00", "03:00"},
            {"02:30", "03:30"}, {"00:00", "23:59"}, {"01:00", "02:30"}, {"02:15", "02:45"}, {"00:30", "02:15"}};

    private static final int CASES = 3_000;

    record Case(int n, Commitment commitment, Agreement agreement, WorkingCalendar calendar, Instant probe) {
        @Override
        public String toString() {
            return "#" + n + " " + calendar + " " + agreement + " created " + commitment.createdAt() + " due "
                    + commitment.due() + " snoozed " + commitment.snoozedUntil() + " probe " + probe;
        }
    }

    static Stream<Case> generatedCases() {
        Random random = new Random(20_260_308L);
        List<Case> cases = new ArrayList<>();
        for (int n = 0; n < CASES; n++) {
            cases.add(generate(n, random));
        }
        return cases.stream();
    }

    private static Case generate(int n, Random r) {
        ZoneId zone = n % 4 == 0 ? (n % 8 == 0 ? NEW_YORK : BERLIN) : ZONES.get(r.nextInt(ZONES.size()));
        LocalDate referenceDay = n % 3 == 0
                ? DST_WEEKS.get(r.nextInt(DST_WEEKS.size())).plusDays(r.nextInt(14) - 3)
                : LocalDate.of(2026, 1, 1).plusDays(r.nextInt(365));
        Instant created = referenceDay.atStartOfDay(zone).toInstant().plusSeconds(60L * r.nextInt(24 * 60));

        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        switch (r.nextInt(3)) {
            case 0 -> days.addAll(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
            case 1 -> days.addAll(EVERY_DAY);
            default -> {
                for (DayOfWeek d : DayOfWeek.values()) {
                    if (r.nextInt(10) < 6) {
                        days.add(d);
                    }
                }
                days.add(DayOfWeek.values()[r.nextInt(7)]);
            }
        }
        LocalTime start;
        LocalTime end;
        if (r.nextInt(4) == 0) {
            String[] h = STRADDLING_HOURS[r.nextInt(STRADDLING_HOURS.length)];
            start = LocalTime.parse(h[0]);
            end = LocalTime.parse(h[1]);
        } else {
            start = LocalTime.of(0, 0).plusMinutes(15L * r.nextInt(14 * 4));
            int minutes = Math.min(60 + 15 * r.nextInt(12 * 4), 23 * 60 + 59 - (start.getHour() * 60 + start.getMinute()));
            end = start.plusMinutes(minutes);
        }
        WorkingHours hours = new WorkingHours(days, start, end);

        List<LocalDate> holidays = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            holidays.add(referenceDay.plusDays(r.nextInt(30) - 5));
        }
        LocalDate awayFrom = null;
        LocalDate awayUntil = null;
        if (r.nextInt(5) == 0) {
            awayFrom = r.nextBoolean() ? null : referenceDay.plusDays(r.nextInt(12));
            awayUntil = (awayFrom == null ? referenceDay : awayFrom).plusDays(r.nextInt(8));
        }
        WorkingCalendar cal = new WorkingCalendar(zone, hours, holidays, awayFrom, awayUntil);

        LocalTime nudgeTime = r.nextInt(3) == 0
                ? LocalTime.of(0, 0).plusMinutes(15L * r.nextInt(24 * 4))
                : LocalTime.of(6, 0).plusMinutes(15L * r.nextInt(6 * 4));
        Agreement agreement = new Agreement(LocalTime.of(17, 0), r.nextInt(4), nudgeTime, 3, 2, 6, holidays,
                r.nextInt(7));

        Instant due = created.plus(Duration.ofMinutes(r.nextInt(16 * 24 * 60) - 2 * 24 * 60));
        Commitment c = Commitment.create("T1", n, "acme", "case " + n, Kind.DELIVERABLE, "sam", "lee", due, "lee",
                created);
        if (r.nextInt(4) == 0) {
            c = with(c, State.OPEN, created.plus(Duration.ofMinutes(r.nextInt(10 * 24 * 60))), 1 + r.nextInt(3), "");
        }
        Instant probe = created.plus(Duration.ofMinutes(r.nextInt(20 * 24 * 60) - 24 * 60));
        return new Case(n, c, agreement, cal, probe);
    }

    @Test
    void planningHoldsItsPromisesForThousandsOfGeneratedCases() {
        List<Case> cases = generatedCases().toList();
        List<String> failures = new ArrayList<>();
        int checkedWallClocks = 0;

        for (Case k : cases) {
            checkedWallClocks += check(k, failures);
        }

        assertEquals(CASES, cases.size());
        assertEquals(List.of(), failures.stream().limit(10).toList(), failures.size() + " failing cases");
        assertTrue(checkedWallClocks > CASES, "the wall-clock property was exercised: " + checkedWallClocks);
    }

    /** Checks one case, adding what went wrong to {@code failures}; returns how many wall clocks it compared. */
    private static int check(Case k, List<String> failures) {
        Commitment c = k.commitment();
        Agreement a = k.agreement();
        WorkingCalendar cal = k.calendar();
        ZoneId zone = cal.zone();
        List<String> wrong = new ArrayList<>();
        int wallClocks = 0;

        List<Planned> steps = Cadence.steps(c, a, cal, Progress.NONE);
        if (steps.size() > 2 + a.overdueNudges()) {
            wrong.add(steps.size() + " steps");
        }
        for (int i = 0; i < steps.size(); i++) {
            Planned p = steps.get(i);
            if (!cal.isWorkingTime(p.at())) {
                wrong.add(p + " is outside working time");
            }
            if (i > 0 && !p.at().isAfter(steps.get(i - 1).at())) {
                wrong.add(p + " does not come after " + steps.get(i - 1));
            }
            if (p.step() == Step.OVERDUE ? !p.at().isAfter(c.due()) : !p.at().isBefore(c.due())) {
                wrong.add(p + " is on the wrong side of the due time");
            }
            if (p.step() != Step.OVERDUE && !p.at().isAfter(c.createdAt())) {
                wrong.add(p + " is before the commitment was recorded");
            }
            ZonedDateTime local = p.at().atZone(zone);
            LocalDate day = local.toLocalDate();
            boolean nudgeInHours = !a.nudgeTime().isBefore(cal.hours().start()) && a.nudgeTime().isBefore(cal.hours().end());
            if (nudgeInHours && !gapAt(zone, day, a.nudgeTime()) && !gapAt(zone, cal.previousWorkingDay(day), a.nudgeTime())) {
                wallClocks++;
                boolean startInstead = p.step() == Step.DUE_TODAY
                        && !ZonedDateTime.of(day, a.nudgeTime(), zone).toInstant().isBefore(c.due())
                        && p.at().equals(cal.start(day));
                if (!local.toLocalTime().equals(a.nudgeTime()) && !startInstead) {
                    wrong.add(p + " is at " + local + ", not at the nudge time");
                }
            }
        }
        int lastOccurrence = 0;
        for (Planned p : steps) {
            if (p.step() == Step.OVERDUE) {
                if (p.occurrence() <= lastOccurrence || p.occurrence() > a.overdueNudges()) {
                    wrong.add("overdue nudges are not numbered upwards within 1.." + a.overdueNudges() + ": " + steps);
                }
                lastOccurrence = p.occurrence();
            }
        }

        Optional<Planned> probed = Cadence.next(c, a, cal, Progress.NONE, k.probe());
        if (probed.isPresent() && !probed.get().at().isAfter(k.probe())) {
            wrong.add("next after " + k.probe() + " is " + probed.get());
        }

        Instant after = c.createdAt();
        Progress progress = Progress.NONE;
        int sent = 0;
        for (Optional<Planned> next = Cadence.next(c, a, cal, progress, after); next.isPresent() && sent < 20;
             next = Cadence.next(c, a, cal, progress, after)) {
            Planned p = next.get();
            if (!p.at().isAfter(after)) {
                wrong.add("next after " + after + " is " + p);
                break;
            }
            if (!cal.isWorkingTime(p.at())) {
                wrong.add(p + " sent outside working time");
            }
            if (p.step() == Step.OVERDUE && (p.occurrence() <= progress.overdueSent() || p.occurrence() > a.overdueNudges())) {
                wrong.add(p + " sent after " + progress.overdueSent() + " overdue nudges");
            }
            progress = progress.after(p, p.at());
            after = p.at();
            sent++;
        }
        if (sent > 3 + a.overdueNudges()) {
            wrong.add(sent + " nudges sent one after another");
        }

        if (!steps.isEmpty()) {
            Planned first = steps.get(0);
            Instant now = first.at().plus(Duration.ofMinutes(Math.floorMod(k.probe().getEpochSecond() / 60, 20 * 24 * 60)));
            Planned send = Cadence.latestDue(c, a, cal, Progress.NONE, first, now);
            Planned expected = steps.stream().filter(p -> !p.at().isAfter(now)).reduce((x, y) -> y).orElse(first);
            if (!send.equals(expected)) {
                wrong.add("catching up at " + now + " sends " + send + ", not " + expected);
            }
        }

        if (!wrong.isEmpty()) {
            failures.add(k + ": " + wrong);
        }
        return wallClocks;
    }

    private static boolean gapAt(ZoneId zone, LocalDate day, LocalTime time) {
        return zone.getRules().getValidOffsets(day.atTime(time)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------

    private static List<Planned> sendEverything(Commitment c, Agreement a, WorkingCalendar cal, Progress progress,
                                                Instant after) {
        List<Planned> sent = new ArrayList<>();
        for (Optional<Planned> next = Cadence.next(c, a, cal, progress, after); next.isPresent() && sent.size() < 20;
             next = Cadence.next(c, a, cal, progress, after)) {
            Planned p = next.get();
            sent.add(p);
            progress = progress.after(p, p.at());
            after = p.at();
        }
        return sent;
    }

    private static String render(List<Planned> steps, ZoneId zone) {
        return steps.stream()
                .map(p -> p.step() + (p.step() == Step.OVERDUE || p.step() == Step.SNOOZE_END ? "#" + p.occurrence() : "")
                        + " " + SHOWN.format(p.at().atZone(zone)) + "\n")
                .collect(Collectors.joining());
    }

    private static Agreement agreement(int headsUp, String nudgeTime, int overdue, List<LocalDate> holidays) {
        return new Agreement(LocalTime.of(17, 0), headsUp, LocalTime.parse(nudgeTime), 3, 2, 6, holidays, overdue);
    }

    private static WorkingCalendar calendar(ZoneId zone, WorkingHours hours, List<LocalDate> holidays,
                                            LocalDate awayFrom, LocalDate awayUntil) {
        return new WorkingCalendar(zone, hours, holidays, awayFrom, awayUntil);
    }

    private static Commitment commitment(String created, String due) {
        return commitment(created, due, NEW_YORK);
    }

    private static Commitment commitment(String created, String due, ZoneId zone) {
        return Commitment.create("T1", 1, "acme", "send the deck", Kind.DELIVERABLE, "sam", "lee", at(zone, due), "lee",
                at(zone, created));
    }

    private static Commitment snoozed(Commitment c, String until, int snoozes) {
        return with(c, State.OPEN, ny(until), snoozes, "");
    }

    private static Commitment with(Commitment c, State state, Instant snoozedUntil, int snoozes, String blocked) {
        return new Commitment(c.workspaceId(), c.id(), c.channelId(), c.title(), c.kind(), c.owner(), c.owedTo(),
                c.due(), c.createdBy(), c.createdAt(), state, snoozedUntil, snoozes, c.renegotiations(), blocked,
                c.history());
    }

    private static Instant ny(String localDateTime) {
        return at(NEW_YORK, localDateTime);
    }

    private static Instant at(ZoneId zone, String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), zone).toInstant();
    }
}
