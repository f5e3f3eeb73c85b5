package dev.keepword.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;

/**
 * The working agreement of an engagement: the defaults both sides signed up to. Defaults come from
 * {@code config/agreement.yml}; an engagement may override them.
 *
 * @param defaultDueTime     the local time a due phrase without a time gets ("friday" means friday at this time)
 * @param headsUpWorkingDays how many working days before the due date the friendly heads-up goes out
 * @param nudgeTime          the local time of day nudges are planned for (inside the recipient's working hours)
 * @param maxSnoozes         how many times one commitment may be snoozed
 * @param maxRenegotiations  how many times one commitment may be moved before a move counts as late
 * @param dailyNudgeCap      the most messages Keepword starts with one person in one local day
 * @param holidays           public holidays on which nobody in the engagement is nudged
 * @param overdueNudges      the most daily reminders after the due date, before the ladder's next rung takes over
 * @param terms              the consequences and standing rules
 * @param summaryDay         the day the weekly summary goes out, in the engagement's zone (an engagement may choose
 *                           its own with {@code /commit summary})
 * @param summaryTime        the local time the weekly summary goes out
 */
public record Agreement(LocalTime defaultDueTime, int headsUpWorkingDays, LocalTime nudgeTime, int maxSnoozes,
                        int maxRenegotiations, int dailyNudgeCap, List<LocalDate> holidays, int overdueNudges,
                        Terms terms, DayOfWeek summaryDay, LocalTime summaryTime) {

    public static final DayOfWeek DEFAULT_SUMMARY_DAY = DayOfWeek.MONDAY;
    public static final LocalTime DEFAULT_SUMMARY_TIME = LocalTime.of(9, 0);

    public static final Agreement DEFAULT =
            new Agreement(LocalTime.of(17, 0), 2, LocalTime.of(9, 30), 3, 2, 1, List.of(), 5, Terms.DEFAULT);

    /** The weekly summary on Monday 09:00. */
    public Agreement(LocalTime defaultDueTime, int headsUpWorkingDays, LocalTime nudgeTime, int maxSnoozes,
                     int maxRenegotiations, int dailyNudgeCap, List<LocalDate> holidays, int overdueNudges,
                     Terms terms) {
        this(defaultDueTime, headsUpWorkingDays, nudgeTime, maxSnoozes, maxRenegotiations, dailyNudgeCap, holidays,
                overdueNudges, terms, DEFAULT_SUMMARY_DAY, DEFAULT_SUMMARY_TIME);
    }

    public Agreement(LocalTime defaultDueTime, int headsUpWorkingDays, LocalTime nudgeTime, int maxSnoozes,
                     int maxRenegotiations, int dailyNudgeCap, List<LocalDate> holidays, int overdueNudges) {
        this(defaultDueTime, headsUpWorkingDays, nudgeTime, maxSnoozes, maxRenegotiations, dailyNudgeCap, holidays,
                overdueNudges, Terms.DEFAULT);
    }

    public Agreement(LocalTime defaultDueTime, int headsUpWorkingDays, LocalTime nudgeTime, int maxSnoozes,
                     int maxRenegotiations, int dailyNudgeCap, List<LocalDate> holidays) {
        this(defaultDueTime, headsUpWorkingDays, nudgeTime, maxSnoozes, maxRenegotiations, dailyNudgeCap, holidays,
                DEFAULT_OVERDUE_NUDGES);
    }

    private static final int DEFAULT_OVERDUE_NUDGES = 5;

    public Agreement {
        Objects.requireNonNull(defaultDueTime, "defaultDueTime");
        Objects.requireNonNull(nudgeTime, "nudgeTime");
        if (headsUpWorkingDays < 0 || maxSnoozes < 0 || maxRenegotiations < 0 || dailyNudgeCap < 1 || overdueNudges < 0) {
            throw new IllegalArgumentException("agreement numbers must not be negative, and the daily cap at least 1");
        }
        holidays = holidays == null ? List.of() : List.copyOf(holidays);
        terms = terms == null ? Terms.DEFAULT : terms;
        summaryDay = summaryDay == null ? DEFAULT_SUMMARY_DAY : summaryDay;
        summaryTime = summaryTime == null ? DEFAULT_SUMMARY_TIME : summaryTime.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    }

    public Agreement withTerms(Terms newTerms) {
        return new Agreement(defaultDueTime, headsUpWorkingDays, nudgeTime, maxSnoozes, maxRenegotiations, dailyNudgeCap,
                holidays, overdueNudges, newTerms, summaryDay, summaryTime);
    }

    /** The same agreement with the weekly summary on another day and time by default. */
    public Agreement withSummary(DayOfWeek day, LocalTime time) {
        return new Agreement(defaultDueTime, headsUpWorkingDays, nudgeTime, maxSnoozes, maxRenegotiations, dailyNudgeCap,
                holidays, overdueNudges, terms, day, time);
    }

    public boolean isHoliday(LocalDate date) {
        return holidays.contains(date);
    }
}
