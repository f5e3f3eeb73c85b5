package dev.keepword.domain;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * When a client who has not been heard from counts as having gone quiet: only once something they owe is overdue (from
 * the working morning after its due date),
 * or a reminder they could answer (not a heads-up, which asks nothing) went unanswered for the agreement's response
 * time. Someone who owes nothing due yet and was asked nothing is never quiet, however long since they spoke. Pure.
 */
public final class Silence {
    private Silence() {
    }

    /**
     * The first moment from which silence counts against the person: the morning after the earliest due date of what
     * they owe (not blocked), or the response time after a reminder sent to them since they were last heard from ({@code since}).
     * Empty when they owe nothing that could make them quiet.
     */
    public static Optional<Instant> accountableFrom(List<Commitment> open, Instant since, WorkingCalendar cal, Agreement a) {
        Terms terms = a.terms();
        Instant earliest = null;
        for (Commitment c : open) {
            if (!c.isOpen() || c.isBlocked()) {
                continue;
            }
            // overdue: from the working morning after the due date, when the owner's first overdue reminder goes out
            earliest = min(earliest, cal.at(cal.nextWorkingDay(cal.localDate(c.due())), a.nudgeTime()));
            for (HistoryEntry h : c.history()) {
                if (h.action() == Action.REMINDER && h.outcomeWord().equals("sent") && !h.detail().equals("heads-up")
                        && h.at().isAfter(since)) {
                    ZonedDateTime local = h.at().atZone(cal.zone());
                    earliest = min(earliest, cal.fit(cal.at(cal.plusWorkingDays(local.toLocalDate(),
                            terms.responseWorkingDays()), local.toLocalTime())));
                }
            }
        }
        return Optional.ofNullable(earliest);
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
