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
import java.util.Optional;
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
        String clause = e.terms().clauseFor(e.isClient(c.owner()), c.kind());
        v.put("clause", clause);
        v.put("agreement", new Templates.Lines(List.of(List.of("Our working agreement says: " + clause))));
        v.put("history", Templates.lazy(() -> history(c, reader, now)));
        v.put("cost", Templates.lazy(() -> cost(c, e, now)));
        return v;
    }

    /** "So far: timeline +7 working days · late fees 70 EUR." for a late client item; no line otherwise. */
    static Templates.Lines cost(Commitment c, Engagement e, Instant now) {
        if (!e.isClient(c.owner())) {
            return new Templates.Lines(List.of());
        }
        Consequences one = Consequences.of(e, List.of(c), calendar(e), now);
        return one.lateInputs() == 0 ? new Templates.Lines(List.of())
                : new Templates.Lines(List.of(List.of("So far: " + one.words() + ".")));
    }

    /**
     * The agreement as a notice may cite it: quoted only when the client who owes it acknowledged it; otherwise when
     * it was shared and that it is not acknowledged yet. A consultant's own item always quotes the consultancy's clause.
     */
    static Templates.Lines agreementLine(Commitment c, Engagement e, Optional<Acknowledgements.Ack> ack, boolean toOwner,
                                         ZoneId reader, Instant now) {
        String clause = e.terms().clauseFor(e.isClient(c.owner()), c.kind());
        if (!e.isClient(c.owner()) || ack.map(Acknowledgements.Ack::agreed).orElse(false)) {
            return new Templates.Lines(List.of(List.of("Our working agreement says: " + clause)));
        }
        Object whom = toOwner ? "you" : Message.mention(c.owner());
        return new Templates.Lines(List.of(ack.<List<Object>>map(a -> List.of("Our working agreement was shared with ", whom,
                        " on " + Formats.day(a.shownAt(), reader, now) + " and has not been acknowledged yet; "
                                + "/commit agreement shows it."))
                .orElse(List.of("Our working agreement has not been shared with ", whom, " or acknowledged yet; "
                        + "/commit agreement shows it."))));
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

    /**
     * What holds an open commitment up, for lists: "paused while #3 Brand guidelines is late (as agreed)", "blocked:
     * REASON", or "waits on #3"; empty when nothing does.
     */
    static String holdUp(Commitment c) {
        if (c.isPaused()) {
            return c.blockedReason() + " (as agreed)";
        }
        if (c.isBlocked()) {
            return "blocked: " + c.blockedReason();
        }
        return c.isOpen() && c.waitsOn() != 0 ? "waits on #" + c.waitsOn() : "";
    }

    /** One line per event: when (reader's zone), who, what. */
    static Templates.Lines history(Commitment c, ZoneId reader, Instant now) {
        List<List<Object>> lines = new ArrayList<>();
        for (HistoryEntry h : c.history()) {
            if (h.isMessage()) {
                lines.add(message(h, Formats.when(h.at(), reader, now)));
                continue;
            }
            Object who = HistoryEntry.KEEPWORD.equals(h.actor()) ? "Keepword" : Message.mention(h.actor());
            lines.add(List.of("• " + Formats.when(h.at(), reader, now) + " ", who, " " + words(h, reader, now)));
        }
        return new Templates.Lines(lines);
    }

    /** "• Wed 25 Nov 14:30 (Europe/London) firm reminder sent to @sam" — or not delivered, or not sent, and why. */
    static List<Object> message(HistoryEntry h, String when) {
        Object to = h.to().startsWith("#") ? h.to() : Message.mention(h.to());
        String outcome = h.outcome();
        String why = outcome.indexOf(':') < 0 ? "" : outcome.substring(outcome.indexOf(':') + 1).strip();
        String what = messageName(h.detail());
        return switch (h.outcomeWord()) {
            case "sent" -> List.of("• " + when + " " + what + " sent to ", to);
            case "failed" -> List.of("• " + when + " " + what + " to ", to, " could not be delivered" + (why.isEmpty() ? "" : ": " + why));
            default -> List.of("• " + when + " " + what + " to ", to, " not sent" + (why.isEmpty() ? "" : ": " + why));
        };
    }

    /** A message's name in words: "firm-reminder" → "firm reminder". */
    static String messageName(String what) {
        return switch (what) {
            case "heads-up" -> "friendly heads-up";
            case "due-today" -> "due-today reminder";
            case "reminder" -> "daily reminder";
            case "snooze-end" -> "snooze-over reminder";
            case "consultant-looped-in" -> "\"hasn't answered\" note";
            case "escalation-channel" -> "escalation post";
            case "final-notice-draft" -> "drafted final notice";
            case "sponsor" -> "note for the sponsor";
            case "undeliverable" -> "note that reminders can't be delivered";
            default -> what.replace('-', ' ');
        };
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
            case NOTICE_APPROVED -> detail.isEmpty() ? "sent the final notice as drafted" : "sent the final notice in their own words";
            case NOTICE_HELD -> "held the final notice back" + (detail.isEmpty() ? "" : ": " + detail);
            case WAITS_ON -> detail.equals("none") ? "said it no longer waits on anything" : "said it waits on #" + detail;
            case PAUSED -> "paused it, as the agreement says: " + detail;
            case RESUMED -> "noted the wait is over: " + detail;
            case WORK_PAUSED -> detail.startsWith("#") ? "paused the work that needs it, as the agreement says: " + detail
                    : "noted it is late past the agreement's pause (" + detail + ")";
            case REMINDER, ESCALATION, NOTICE -> detail;
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
