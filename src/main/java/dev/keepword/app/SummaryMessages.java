package dev.keepword.app;

import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Side;
import dev.keepword.domain.WeekReport;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The words of the weekly summary and the on-demand report. The shared version (the engagement channel) is factual
 * and courteous and shows both sides the same way; the internal one (the escalation channel) adds standing, silent
 * parties, accrued consequences and disengagement-review recommendations. Prose comes from the templates
 * ({@code summary-*} in {@code config/templates.yml}, with the wording below as the fallback); item lines are built
 * here. Pure.
 */
final class SummaryMessages {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_YEAR = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    /** The wording used when {@code templates.yml} has no such key. */
    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("summary-heading", "Weekly summary for {engagement}: {period}. Both sides' commitments, as recorded."),
            Map.entry("summary-report-heading", "Report for {engagement}: {period}."),
            Map.entry("summary-late", "Posted late: this summary was due {planned}, while Keepword was not running. Sorry for the delay."),
            Map.entry("summary-side", "{side}: {counts}."),
            Map.entry("summary-overdue", "Overdue now:"),
            Map.entry("summary-nothing-overdue", "Nothing is overdue."),
            Map.entry("summary-due-next", "Due in the week ahead:"),
            Map.entry("summary-nothing-due-next", "Nothing falls due in the week ahead."),
            Map.entry("summary-internal-heading", "Internal summary for {engagement}: {period}. The client sees the shared summary in {channel}."),
            Map.entry("summary-standing", "Standing and reliability:"),
            Map.entry("summary-silent", "Gone quiet: {person}, not heard from for {silent}, with {count} open here."),
            Map.entry("summary-consequences", "Consequences so far: {consequences}."),
            Map.entry("summary-review", "Disengagement review recommended for {person}: the reminders ran out unanswered. This is a recommendation only; you decide what happens next."));

    private static final Templates FALLBACK = new Templates(DEFAULTS);

    private final Templates templates;

    SummaryMessages(Templates templates) {
        this.templates = templates;
    }

    /** What the internal version adds about one member. */
    record MemberLine(String userId, String standing, String reliability, Optional<Instant> changedOn) {
    }

    /** A client member who has gone quiet. */
    record Silent(String userId, String silentFor, int open) {
    }

    /** Facts only the internal version shows. */
    record Internal(List<MemberLine> members, List<Silent> silent, String consequences, List<String> reviews) {
    }

    /** The heading line's facts: which engagement and period, and when it was planned (for a late post). */
    record Heading(boolean report, String period, Optional<Instant> lateSince) {
    }

    Message shared(Engagement e, WeekReport r, Heading h, Instant now) {
        Message.Builder m = Message.builder();
        render(h.report() ? "summary-report-heading" : "summary-heading", Map.of("engagement", Message.channel(e.channelId()),
                "period", h.period()), m);
        body(m, e, r, h, now);
        return m.build();
    }

    Message internal(Engagement e, WeekReport r, Heading h, Internal extra, Instant now) {
        Message.Builder m = Message.builder();
        render(h.report() ? "summary-report-heading" : "summary-internal-heading", Map.of("engagement",
                Message.channel(e.channelId()), "period", h.period(), "channel", Message.channel(e.channelId())), m);
        body(m, e, r, h, now);
        ZoneId zone = e.zone();
        render("summary-standing", Map.of(), m);
        for (MemberLine ml : extra.members()) {
            m.line("• ", Message.mention(ml.userId()), ": " + ml.standing() + ", " + ml.reliability()
                    + ml.changedOn().map(t -> " (changed " + DAY.format(t.atZone(zone)) + ")").orElse(""));
        }
        for (Silent s : extra.silent()) {
            render("summary-silent", Map.of("person", Message.mention(s.userId()), "silent", s.silentFor(),
                    "count", String.valueOf(s.open())), m);
        }
        render("summary-consequences", Map.of("consequences", extra.consequences()), m);
        for (String who : extra.reviews()) {
            render("summary-review", Map.of("person", Message.mention(who)), m);
        }
        return m.build();
    }

    private void body(Message.Builder m, Engagement e, WeekReport r, Heading h, Instant now) {
        ZoneId zone = e.zone();
        h.lateSince().ifPresent(planned -> render("summary-late", Map.of("planned", Formats.when(planned, zone, now)), m));
        for (Side side : List.of(Side.CLIENT, Side.CONSULTANT)) {
            WeekReport.SideRecord s = r.side(side);
            Map<String, Object> v = new HashMap<>();
            v.put("side", side == Side.CLIENT ? "Client" : "Consultancy");
            v.put("counts", counts(s));
            render("summary-side", v, m);
            items(m, "kept on time", s.keptOnTime(), zone, now, null);
            items(m, "kept late", s.keptLate(), zone, now, null);
            items(m, "missed", s.missed(), zone, now, "due ");
            items(m, "renegotiated before the due date", s.renegotiated(), zone, now, "now due ");
        }
        if (r.overdue().isEmpty()) {
            render("summary-nothing-overdue", Map.of(), m);
        } else {
            render("summary-overdue", Map.of(), m);
            r.overdue().forEach(c -> m.line("• ", Message.bold("#" + c.id() + " " + c.title()), " — ",
                    Message.mention(c.owner()), ", due " + Formats.when(c.due(), zone, now) + ", "
                            + Narration.late(c, e, now) + " late"));
        }
        if (r.dueNext().isEmpty()) {
            render("summary-nothing-due-next", Map.of(), m);
        } else {
            render("summary-due-next", Map.of(), m);
            r.dueNext().forEach(c -> m.line("• ", Message.bold("#" + c.id() + " " + c.title()), " — ",
                    Message.mention(c.owner()), ", due " + Formats.when(c.due(), zone, now)));
        }
    }

    private static void items(Message.Builder m, String label, List<Commitment> list, ZoneId zone, Instant now,
                              String due) {
        if (list.isEmpty()) {
            return;
        }
        List<Object> parts = new ArrayList<>(List.of("   " + label + ": "));
        for (int i = 0; i < list.size(); i++) {
            Commitment c = list.get(i);
            parts.add(i == 0 ? "" : "; ");
            parts.add(Message.bold("#" + c.id() + " " + c.title()));
            parts.add(" (");
            parts.add(Message.mention(c.owner()));
            parts.add(due != null && c.isOpen() ? ", " + due + Formats.when(c.due(), zone, now) + ")" : ")");
        }
        m.line(parts.toArray());
    }

    static String counts(WeekReport.SideRecord s) {
        if (s.isEmpty()) {
            return "nothing fell due, was done or was moved";
        }
        List<String> parts = new ArrayList<>();
        parts.add(s.keptOnTime().size() + " kept on time");
        parts.add(s.keptLate().size() + " kept late");
        parts.add(s.missed().size() + " missed");
        parts.add(s.renegotiated().size() + " renegotiated");
        return String.join(", ", parts);
    }

    /** "Mon 23 Nov – Sun 29 Nov 2026": the period's first and last local day. */
    static String period(Instant from, Instant to, ZoneId zone) {
        var first = from.atZone(zone).toLocalDate();
        var last = to.minusNanos(1).atZone(zone).toLocalDate();
        return (first.getYear() == last.getYear() ? DAY : DAY_YEAR).format(first) + " – " + DAY_YEAR.format(last);
    }

    private void render(String key, Map<String, Object> values, Message.Builder m) {
        (templates.has(key) ? templates : FALLBACK).render(key, values, m);
    }
}
