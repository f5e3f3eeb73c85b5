package dev.keepword.domain;

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
 * @param dailyNudgeCap      the most nudges one person receives in one local day
 * @param holidays           public holidays on which nobody in the engagement is nudged
 * @param overdueNudges      the most daily reminders after the due date, before the ladder's next rung takes over
 * @param terms              the consequences and standing rules
 */
public record Agreement(LocalTime defaultDueTime, int headsUpWorkingDays, LocalTime nudgeTime, int maxSnoozes,
                        int maxRenegotiations, int dailyNudgeCap, List<LocalDate> holidays, int overdueNudges,
                        Terms terms) {

    public static final Agreement DEFAULT =
            new Agreement(LocalTime.of(17, 0), 2, LocalTime.of(9, 30), 3, 2, 6, List.of(), 5, Terms.DEFAULT);

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
    }

    public Agreement withTerms(Terms newTerms) {
        return new Agreement(defaultDueTime, headsUpWorkingDays, nudgeTime, maxSnoozes, maxRenegotiations, dailyNudgeCap,
                holidays, overdueNudges, newTerms);
    }

    public boolean isHoliday(LocalDate date) {
        return holidays.contains(date);
    }
}
