package dev.keepword.app;

import dev.keepword.domain.Action;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Consequences;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.HistoryEntry;
import dev.keepword.domain.Standing;
import dev.keepword.domain.WorkingCalendar;
import dev.keepword.domain.WorkingHours;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The values a template speaks with: a commitment's title, people, times in the reader's zone, history, consequences. */
final class Narration {
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z");

    private Narration() {
    }

    /** The values every commitment template can use; {@code now} sets how late it is. */
    static Map<String, Object> of(Commitment c, Engagement e, ZoneId reader, Instant now) {
        Map<String, Object> v = new HashMap<>();
        v.put("title", Message.bold("#" + c.id() + " " + c.title()));
        v.put("id", String.valueOf(c.id()));
        v.put("owner", Message.mention(c.owner()));
        v.put("owed_to", c.owedTo() == null ? "the team" : Message.mention(c.owedTo()));
        v.put("due", Formats.when(c.due(), reader, now));
        v.put("late", late(c, e, now));
        v.put("clause", e.terms().consequencesClause());
        v.put("history", history(c, reader, now));
        return v;
    }

    /**
     * "3 working days", or "less than a working day": lateness is counted in the one unit the agreement uses
     * (slip, fees and the ladder all count working days), in the engagement's calendar.
     */
    static String late(Commitment c, Engagement e, Instant now) {
        if (!c.due().isBefore(now)) {
            return "not yet";
        }
        WorkingCalendar cal = calendar(e);
        int days = 0;
        for (var d = cal.localDate(c.due()).plusDays(1); !d.isAfter(cal.localDate(now)) && days < 3660; d = d.plusDays(1)) {
            if (cal.isWorkingDay(d)) {
                days++;
            }
        }
        return days == 0 ? "less than a working day" : Formats.plural(days, "working day");
    }

    /** "4 working days" between two instants in a calendar (at least "less than a working day"). */
    static String plainSpan(Instant from, Instant to, WorkingCalendar cal) {
        int days = 0;
        for (var d = cal.localDate(from).plusDays(1); !d.isAfter(cal.localDate(to)) && days < 3660; d = d.plusDays(1)) {
            if (cal.isWorkingDay(d)) {
                days++;
            }
        }
        return days == 0 ? "less than a working day" : Formats.plural(days, "working day");
    }

    static WorkingCalendar calendar(Engagement e) {
        return new WorkingCalendar(e.zone(), WorkingHours.OFFICE, e.agreement().holidays(), null, null);
    }

    static void addConsequences(Map<String, Object> v, Engagement e, List<Commitment> all, Instant now) {
        v.put("consequences", Consequences.of(e, all, calendar(e), now).words());
    }

    static void addStanding(Map<String, Object> v, Standing.Assessment a) {
        v.put("standing", a.level().words());
        v.put("reliability", a.reliability().words());
    }

    /** One line per event: when (reader's zone), who, what. */
    static Templates.Lines history(Commitment c, ZoneId reader, Instant now) {
        List<List<Object>> lines = new ArrayList<>();
        for (HistoryEntry h : c.history()) {
            lines.add(List.of("• " + Formats.when(h.at(), reader, now) + " ", Message.mention(h.actor()),
                    " " + words(h, reader, now)));
        }
        return new Templates.Lines(lines);
    }

    private static String words(HistoryEntry h, ZoneId reader, Instant now) {
        String detail = times(h.detail(), reader, now);
        return switch (h.action()) {
            case CREATED -> "recorded it, " + detail;
            case RENEGOTIATED -> "moved it " + detail;
            case SNOOZED -> "snoozed reminders " + detail;
            case BLOCKED -> "said it is blocked: " + detail;
            case DONE -> "marked it done" + (detail.isEmpty() ? "" : ": " + detail);
            case CANCELLED -> "cancelled it" + (detail.isEmpty() ? "" : ": " + detail);
            case REASSIGNED -> "reassigned it " + detail;
            case APPROVED -> "approved it";
            case DECLINED -> "declined it" + (detail.isEmpty() ? "" : ": " + detail);
        };
    }

    /** Instants stored in history details, shown in the reader's zone. */
    private static String times(String detail, ZoneId reader, Instant now) {
        Matcher m = INSTANT.matcher(detail);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(Formats.when(Instant.parse(m.group()), reader, now)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static boolean isAction(HistoryEntry h, Action a) {
        return h.action() == a;
    }
}
