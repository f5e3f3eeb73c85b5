package dev.keepword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.slack.api.util.json.GsonFactory;
import dev.keepword.app.Chat;
import dev.keepword.app.CommitmentExport;
import dev.keepword.app.Delivery;
import dev.keepword.app.Inbound;
import dev.keepword.app.Message;
import dev.keepword.app.MutableClock;
import dev.keepword.app.Outgoing;
import dev.keepword.app.Target;
import dev.keepword.app.WeeklySummaries;
import dev.keepword.config.ConfigFiles;
import dev.keepword.console.ConsoleText;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.HistoryEntry;
import dev.keepword.slack.SlackMessages;
import dev.keepword.domain.Engagement;
import dev.keepword.store.Database;
import dev.keepword.store.JdbcEngagements;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The weekly summary from a fixed week of an engagement's history, through the real wiring on H2: the words on the
 * console and in Block Kit, exactly one summary per week with two instances on one database, a week missed while
 * down posted once and late, and the CSV export read back against the database.
 */
class WeeklySummaryTest {
    private static final String WS = "console";
    /** Monday 23 November 2026, 10:00 in London (the engagement's zone). */
    private static final Instant MONDAY = Instant.parse("2026-11-23T10:00:00Z");
    /** Monday 30 November 2026, 09:00 in London: the summary's time. */
    private static final Instant NEXT_MONDAY_NINE = Instant.parse("2026-11-30T09:00:00Z");

    private final MutableClock clock = new MutableClock(MONDAY);
    private final RecordingChat chat = new RecordingChat();
    private final List<Wiring> opened = new ArrayList<>();
    private final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private Database database;

    @AfterEach
    void close() {
        opened.forEach(Wiring::close);
    }

    @Test
    void theSharedSummaryShowsBothSidesWordForWordOnTheConsole() {
        Wiring wiring = wiring("node-a");
        aWeekOfHistory(wiring);

        wiring.simulatedTime().advanceTo(NEXT_MONDAY_NINE.plusSeconds(60));

        assertEquals(List.of(
                "[#acme] Weekly summary for #acme: Mon 23 Nov – Sun 29 Nov 2026. Both sides' commitments, as recorded."
                        + " | Client: 1 kept on time, 0 kept late, 1 missed, 1 renegotiated."
                        + " |    kept on time: #3 sign the SOW (@lee)"
                        + " |    missed: #1 send the brand guidelines (@sam, due Fri 27 Nov 22:00 (Europe/London))"
                        + " |    renegotiated before the due date: #4 approve the sitemap (@lee, now due Tue 1 Dec 16:00 (Europe/London))"
                        + " | Consultancy: 0 kept on time, 1 kept late, 0 missed, 0 renegotiated."
                        + " |    kept late: #2 share the first homepage draft (@maya)"
                        + " | Overdue now:"
                        + " | • #1 send the brand guidelines — @sam, due Fri 27 Nov 22:00 (Europe/London), 1 working day late"
                        + " | Due in the week ahead:"
                        + " | • #4 approve the sitemap — @lee, due Tue 1 Dec 16:00 (Europe/London)"
                        + " | • #5 send the invoice — @maya, due Wed 2 Dec 17:00 (Europe/London)",
                "[#acme] chart: acme-on-time-2026-11-30.png"), chat.lines("#acme"));
    }

    @Test
    void theInternalSummaryAddsStandingSilenceAndConsequences() {
        Wiring wiring = wiring("node-a");
        aWeekOfHistory(wiring);

        wiring.simulatedTime().advanceTo(NEXT_MONDAY_NINE.plusSeconds(60));

        List<String> internal = chat.lines("#acme-internal");
        assertEquals(1, internal.size(), internal.toString());
        assertTrue(internal.get(0).startsWith("[#acme-internal] Internal summary for #acme: Mon 23 Nov – Sun 29 Nov 2026."
                + " The client sees the shared summary in #acme. | Client: 1 kept on time, 0 kept late, 1 missed,"
                + " 1 renegotiated."), internal.get(0));
        assertTrue(internal.get(0).endsWith(" | Standing and reliability:"
                + " | • @maya: slipping, 0 of 1 on time (0%) (changed Wed 25 Nov)"
                + " | • @sam: slipping, 0 of 1 on time (0%)"
                + " | • @lee: good standing, 1 of 1 on time (100%)"
                + " | Consequences so far: timeline +1 working day."), internal.get(0));
        // Not heard from since Monday, but his #1 (due Fri 17:00 New York) has not yet met a working morning when it
        // was late: gone quiet only from Monday 09:30 in New York, so the report on Tuesday says so.
        wiring.simulatedTime().advanceTo(Instant.parse("2026-12-01T15:00:00Z"));
        String report = say(wiring, "maya", "/commit report last week").get(0).message().plain();
        assertTrue(report.contains("\nGone quiet: @sam, not heard from for 6 working days, with 1 open here.\n"), report);
    }

    @Test
    void theSharedSummaryRendersAsThisBlockKit() {
        Wiring wiring = wiring("node-a");
        aWeekOfHistory(wiring);

        wiring.simulatedTime().advanceTo(NEXT_MONDAY_NINE.plusSeconds(60));

        Message summary = chat.messages("#acme").get(0);
        SlackMessages.Rendered r = SlackMessages.render(summary);
        assertEquals(12, r.blocks().size());
        String json = GsonFactory.createSnakeCase().toJson(r.blocks());
        assertEquals("""
                [{"type":"section","text":{"type":"mrkdwn","text":"Weekly summary for #acme: Mon 23 Nov – Sun 29 Nov 2026. \
                Both sides\\u0027 commitments, as recorded."}},\
                {"type":"section","text":{"type":"mrkdwn","text":"Client: 1 kept on time, 0 kept late, 1 missed, 1 renegotiated."}},\
                {"type":"section","text":{"type":"mrkdwn","text":"   kept on time: *#3 sign the SOW* (@lee)"}},\
                {"type":"section","text":{"type":"mrkdwn","text":"   missed: *#1 send the brand guidelines* (@sam, due Fri 27 Nov \
                22:00 (Europe/London))"}},\
                {"type":"section","text":{"type":"mrkdwn","text":"   renegotiated before the due date: *#4 approve the sitemap* \
                (@lee, now due Tue 1 Dec 16:00 (Europe/London))"}},\
                {"type":"section","text":{"type":"mrkdwn","text":"Consultancy: 0 kept on time, 1 kept late, 0 missed, 0 renegotiated."}},\
                {"type":"section","text":{"type":"mrkdwn","text":"   kept late: *#2 share the first homepage draft* (@maya)"}},\
                {"type":"section","text":{"type":"mrkdwn","text":"Overdue now:"}},\
                {"type":"section","text":{"type":"mrkdwn","text":"• *#1 send the brand guidelines* — @sam, due Fri 27 Nov 22:00 \
                (Europe/London), 1 working day late"}},\
                {"type":"section","text":{"type":"mrkdwn","text":"Due in the week ahead:"}},\
                {"type":"section","text":{"type":"mrkdwn","text":"• *#4 approve the sitemap* — @lee, due Tue 1 Dec 16:00 \
                (Europe/London)"}},\
                {"type":"section","text":{"type":"mrkdwn","text":"• *#5 send the invoice* — @maya, due Wed 2 Dec 17:00 \
                (Europe/London)"}}]""", json);
    }

    @Test
    void twoInstancesOnOneDatabasePostExactlyOneSummaryPerWeek() {
        Wiring a = wiring("node-a");
        Wiring b = new Wiring(database, clock, Wiring.Policies.of(Agreement.DEFAULT), (ws, id) -> Optional.empty(), chat, "node-b",
                dev.keepword.app.DispatchDueNudges.Tuning.DEFAULT);
        opened.add(b);
        say(a, "maya", "/commit send the invoice by 2026-12-02 to @sam kind:payment");
        clock.set(NEXT_MONDAY_NINE);

        // Both instances' schedules fire, twice each (a retried job), and both dispatchers run.
        a.summaries().fire(WS, "acme", clock.now());
        b.summaries().fire(WS, "acme", clock.now());
        b.summaries().fire(WS, "acme", clock.now());
        a.summaries().fire(WS, "acme", clock.now());
        a.dispatcher().runDue(clock.now());
        b.dispatcher().runDue(clock.now());
        clock.set(NEXT_MONDAY_NINE.plusSeconds(7 * 24 * 3600 - 60)); // later that week, again
        b.summaries().fire(WS, "acme", clock.now());
        a.dispatcher().runDue(clock.now());
        b.dispatcher().runDue(clock.now());

        assertEquals(1, chat.messages("#acme").size(), chat.lines("#acme").toString());
        assertEquals(1, chat.messages("#acme-internal").size());
        assertEquals(List.of("SUMMARY SENT", "SUMMARY_INTERNAL SENT"), database.jdbc().query(
                "select step || ' ' || state from outbox where step like 'SUMMARY%' order by step", rs -> rs.getString(1)));
    }

    @Test
    void aWeekMissedWhileDownIsPostedOnceLateAndSaysSo() {
        Wiring wiring = wiring("node-a");
        say(wiring, "maya", "/commit @sam send the brand guidelines by friday kind:input");
        Instant backOnWednesday = Instant.parse("2026-12-02T11:30:00Z");
        clock.set(backOnWednesday);

        // Quartz fires a misfired trigger once when the instance is back; the second fire is the next start.
        wiring.summaries().fire(WS, "acme", clock.now());
        wiring.dispatcher().runDue(clock.now());
        wiring.summaries().fire(WS, "acme", clock.now());
        wiring.dispatcher().runDue(clock.now());

        List<String> lines = chat.lines("#acme");
        assertEquals(1, lines.stream().filter(l -> l.contains("Weekly summary")).count(), lines.toString());
        assertTrue(lines.get(0).startsWith("[#acme] Weekly summary for #acme: Mon 23 Nov – Sun 29 Nov 2026. Both sides'"
                + " commitments, as recorded. | Posted late: this summary was due Mon 30 Nov 09:00 (Europe/London), while"
                + " Keepword was not running. Sorry for the delay. | "), lines.get(0));
    }

    @Test
    void aSummaryOnTimeDoesNotSayLate() {
        Wiring wiring = wiring("node-a");
        say(wiring, "maya", "/commit send the invoice by 2026-12-02 to @sam kind:payment");
        clock.set(NEXT_MONDAY_NINE.plusSeconds(3599));

        wiring.summaries().fire(WS, "acme", clock.now());
        wiring.dispatcher().runDue(clock.now());

        assertTrue(chat.lines("#acme").get(0).contains("| Client: nothing fell due, was done or was moved."));
        assertTrue(chat.lines("#acme").stream().noneMatch(l -> l.contains("Posted late")));
    }

    @Test
    void aWeekWithNothingToSayIsNotPosted() {
        Wiring wiring = wiring("node-a");
        say(wiring, "maya", "/commit send the invoice by friday to @sam");
        say(wiring, "maya", "/commit cancel 1 sent by post");

        wiring.simulatedTime().advanceTo(NEXT_MONDAY_NINE.plusSeconds(60));

        assertEquals(List.of(), chat.lines("#acme"));
        assertEquals(List.of(), chat.lines("#acme-internal"));
        assertEquals(3, wiring.outbox().count("DROPPED"), "what was planned for #1, Sam's recording notice among it");
    }

    @Test
    void exportedCsvReadsBackAsTheDatabaseHistory() {
        Wiring wiring = wiring("node-a");
        aWeekOfHistory(wiring);
        say(wiring, "sam", "/commit done 1 sent, with the \"final\" logo");
        say(wiring, "maya", "/commit =HYPERLINK(\"x\") check, the tracker by friday to @sam");
        say(wiring, "maya", "/commit depends 6 on 4"); // the tracker waits on Lee's sitemap approval

        List<Outgoing> answer = say(wiring, "maya", "/commit export csv");

        assertEquals("Exported 6 commitments (15 events) of #acme as CSV: acme-commitments-2026-11-25.csv is in your"
                + " direct messages.", answer.get(0).message().plain());
        RecordingChat.Upload upload = chat.uploads.get(0);
        assertEquals(new Target.Direct("maya"), upload.target());
        List<List<String>> rows = Csv.parse(new String(upload.content(), StandardCharsets.UTF_8));
        assertEquals(CommitmentExport.COLUMNS, rows.get(0));
        List<List<String>> expected = new ArrayList<>();
        List<Commitment> stored = wiring.commitments().inChannels(WS, List.of("acme")).stream()
                .sorted(Comparator.comparingLong(Commitment::id)).toList();
        for (Commitment c : stored) {
            int seq = 0;
            for (HistoryEntry h : c.history()) {
                seq++;
                expected.add(List.of(String.valueOf(c.id()), c.title(), c.kind().word(), c.owner(),
                        c.owner().equals("maya") ? "consultant" : "client", c.owedTo(), c.due().toString(),
                        c.state().name().toLowerCase(Locale.ROOT), c.createdBy(), c.createdAt().toString(),
                        String.valueOf(c.renegotiations()), String.valueOf(c.snoozes()), c.blockedReason(),
                        c.waitsOn() == 0 ? "" : String.valueOf(c.waitsOn()), String.valueOf(seq), h.at().toString(), h.actor(), h.action().name().toLowerCase(Locale.ROOT),
                        h.detail(), h.to(), h.outcome()));
            }
        }
        List<List<String>> read = rows.subList(1, rows.size()).stream().map(WeeklySummaryTest::unguard).toList();
        assertEquals(expected, read);
        assertTrue(rows.stream().anyMatch(r -> r.get(1).equals("'=HYPERLINK(\"x\") check, the tracker")),
                "a formula-looking title is kept as text");
        assertTrue(rows.stream().anyMatch(r -> r.get(0).equals("6") && r.get(CommitmentExport.COLUMNS.indexOf("waits_on"))
                .equals("4")), "the tracker's rows say what it waits on");
        say(wiring, "maya", "/commit export json");
        String json = new String(chat.uploads.get(1).content(), StandardCharsets.UTF_8);
        assertTrue(json.matches("(?s).*\\{\"id\":6,[^\\[]*\"waits_on\":4,\"history\":\\[.*"), json);
        assertTrue(json.matches("(?s).*\\{\"id\":5,[^\\[]*\"waits_on\":null,\"history\":\\[.*"), json);
    }

    @Test
    void onlyConsultantsExportAndOnlyMembersReport() {
        Wiring wiring = wiring("node-a");

        assertEquals("Only the engagement's consultants (@maya) can export it. /commit report shows you this week's"
                + " record, for example: /commit report last week", say(wiring, "sam", "/commit export").get(0).message().plain());
        assertEquals("I can export as csv (for a spreadsheet) or json, for example: /commit export csv",
                say(wiring, "maya", "/commit export xlsx").get(0).message().plain());
        assertEquals("I can report on this week, last week or a range of dates, for example: /commit report last week"
                        + " or /commit report 2026-11-02 to 2026-11-29",
                say(wiring, "maya", "/commit report yesterday-ish").get(0).message().plain());
        List<Outgoing> elsewhere = wiring.commands().handle(new Inbound(WS, "random", "maya", "report last week"));
        assertEquals("This channel has no engagement, so there is nothing to report. Type it in an engagement's channel,"
                + " for example in #acme: /commit report last week", elsewhere.get(0).message().plain());
    }

    @Test
    void aClientsReportIsTheSharedVersionAndAConsultantsTheInternalOne() {
        Wiring wiring = wiring("node-a");
        aWeekOfHistory(wiring);
        clock.set(NEXT_MONDAY_NINE);

        String client = say(wiring, "sam", "/commit report last week").get(0).message().plain();
        String consultant = say(wiring, "maya", "/commit report 2026-11-23 to 2026-11-29").get(0).message().plain();

        assertTrue(client.startsWith("Report for #acme: Mon 23 Nov – Sun 29 Nov 2026.\nClient: 1 kept on time"), client);
        assertTrue(!client.contains("Standing"), client);
        assertTrue(consultant.startsWith("Report for #acme: Mon 23 Nov – Sun 29 Nov 2026.\nClient: 1 kept on time"), consultant);
        assertTrue(consultant.contains("\nStanding and reliability:\n"), consultant);
    }

    // ------------------------------------------------------------------------------------------------------------
    // /commit summary: the day, time and channel of one engagement's summary

    @Test
    void aConsultantMovesTheSummaryToFridayAfternoonInAnotherChannel() {
        Wiring wiring = wiring("node-a");
        aWeekOfHistory(wiring); // the clock is at Wednesday 25 November, 18:00

        List<Outgoing> out = say(wiring, "maya", "/commit summary friday 16:00 #acme-updates");
        wiring.simulatedTime().advanceTo(Instant.parse("2026-12-01T10:00:00Z"));

        assertEquals(List.of("The weekly summary now goes out on Fridays at 16:00 (Europe/London) in #acme-updates. "
                + "The next one: Fri 27 Nov 16:00 (Europe/London)."), out.stream().map(o -> o.message().plain()).toList());
        List<String> updates = chat.lines("#acme-updates");
        assertEquals(2, updates.size(), updates.toString()); // one summary in the week, and its chart
        assertTrue(updates.get(0).startsWith("[#acme-updates] Weekly summary for #acme: Fri 20 Nov – Thu 26 Nov 2026."
                + " Both sides' commitments, as recorded. | Client: 1 kept on time, 0 kept late, 0 missed, 1 renegotiated."),
                updates.get(0));
        assertEquals("[#acme-updates] chart: acme-on-time-2026-11-27.png", updates.get(1));
        assertTrue(chat.lines("#acme").stream().noneMatch(l -> l.contains("Weekly summary")), chat.lines("#acme").toString());
        assertEquals(1, chat.lines("#acme-internal").stream().filter(l -> l.startsWith(
                "[#acme-internal] Internal summary for #acme: Fri 20 Nov – Thu 26 Nov 2026.")).count(),
                chat.lines("#acme-internal").toString());
    }

    @Test
    void theScheduleIsStoredWithTheEngagementAndRowsFromBeforeGetTheConfiguredDefault() {
        Wiring wiring = wiring("node-a");

        say(wiring, "maya", "/commit summary thursday 8:30am");
        Engagement thursday = wiring.engagements().byChannel(WS, "acme").orElseThrow();
        say(wiring, "maya", "/commit summary tue 07:45 #acme-updates");
        say(wiring, "maya", "/commit summary monday 09:15"); // no channel: the one chosen before stays

        assertEquals(DayOfWeek.THURSDAY, thursday.agreement().summaryDay());
        assertEquals(LocalTime.of(8, 30), thursday.agreement().summaryTime());
        assertEquals("acme", thursday.summaryChannelOrOwn());
        assertEquals(List.of("MONDAY 09:15 acme-updates"), columns());
        Engagement stored = wiring.engagements().byChannel(WS, "acme").orElseThrow();
        assertEquals(DayOfWeek.MONDAY, stored.agreement().summaryDay());
        assertEquals("acme-updates", stored.summaryChannel());
        say(wiring, "maya", "/commit setup client @sam @lee owner @maya escalate #acme-internal tier 3");
        assertEquals(List.of("MONDAY 09:15 acme-updates"), columns()); // a new setup keeps the summary's schedule

        database.jdbc().update("update engagement set summary_day = null, summary_time = null where channel_id = 'acme'");
        Engagement old = new JdbcEngagements(database.jdbc(), Agreement.DEFAULT.withSummary(DayOfWeek.WEDNESDAY,
                LocalTime.of(7, 15))).byChannel(WS, "acme").orElseThrow();
        assertEquals(DayOfWeek.WEDNESDAY, old.agreement().summaryDay());
        assertEquals(LocalTime.of(7, 15), old.agreement().summaryTime());
    }

    @Test
    void onlyConsultantsChangeTheScheduleAndEveryRefusalShowsAnExample() {
        Wiring wiring = wiring("node-a");

        assertEquals("Only the engagement's consultants (@maya) can change when its weekly summary goes out. Ask one of"
                + " them, for example: /commit summary friday 16:00", say(wiring, "sam", "/commit summary friday 16:00")
                .get(0).message().plain());
        assertEquals("The weekly summary is shared with the client, so it can't go to the escalation channel"
                + " #acme-internal (the internal version already does). Name another channel, for example:"
                + " /commit summary friday 16:00 #acme", say(wiring, "maya", "/commit summary friday 16:00 #acme-internal")
                .get(0).message().plain());
        assertEquals("This channel has no engagement yet. A consultant sets one up with: /commit setup client @sam @lee"
                + " owner @maya escalate #acme-internal tz America/New_York", wiring.commands().handle(
                new Inbound(WS, "random", "maya", "summary friday 16:00")).get(0).message().plain());
        assertEquals("\"noon\" is not a time of day. Use HH:MM on the 24-hour clock, for example: /commit summary"
                + " friday 16:00", say(wiring, "maya", "/commit summary friday noon").get(0).message().plain());
        assertEquals(List.of("MONDAY 09:00 null"), columns()); // nothing changed
        assertEquals("Weekly summary on Mondays at 09:00 (Europe/London) in #acme. The next one: Mon 30 Nov 09:00"
                + " (Europe/London).\nA consultant changes it with /commit summary DAY TIME [#channel], for example:"
                + " /commit summary friday 16:00", say(wiring, "lee", "/commit summary").get(0).message().plain());
    }

    /** The summary columns of #acme's row: "DAY HH:MM channel". */
    private List<String> columns() {
        return database.jdbc().query("select summary_day, summary_time, summary_channel from engagement where channel_id = ?",
                rs -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3), "acme");
    }

    /** One week in #acme: a client kept on time, a client moved before the due date, a consultant kept late, a miss. */
    private void aWeekOfHistory(Wiring wiring) {
        say(wiring, "maya", "/commit @sam send the brand guidelines by friday kind:input");
        say(wiring, "maya", "/commit share the first homepage draft by wednesday to @lee");
        say(wiring, "maya", "/commit @lee sign the SOW by tuesday");
        say(wiring, "maya", "/commit @lee approve the sitemap by thursday kind:approval");
        say(wiring, "maya", "/commit send the invoice by 2026-12-02 to @sam kind:payment");
        wiring.simulatedTime().advanceTo(Instant.parse("2026-11-24T10:00:00Z"));
        say(wiring, "lee", "/commit done 3 signed");
        wiring.simulatedTime().advanceTo(Instant.parse("2026-11-25T10:00:00Z"));
        say(wiring, "lee", "/commit move 4 next tuesday because legal reads it first");
        wiring.simulatedTime().advanceTo(Instant.parse("2026-11-25T18:00:00Z"));
        say(wiring, "maya", "/commit done 2 shared in the drive");
    }

    private List<Outgoing> say(Wiring wiring, String who, String line) {
        return wiring.commands().handle(new Inbound(WS, "acme", who, line.replaceFirst("^/commit\\s*", "")));
    }

    private Wiring wiring(String node) {
        if (database == null) {
            database = Database.open(url);
        }
        Wiring w = new Wiring(database, clock, Wiring.Policies.of(Agreement.DEFAULT), (ws, id) -> Optional.empty(), chat, node,
                dev.keepword.app.DispatchDueNudges.Tuning.DEFAULT);
        opened.add(w);
        w.seed(new ConfigFiles(Path.of("config")).demoWorkspace());
        return w;
    }

    /** Undoes the export's formula guard on free-text columns (title, blocked reason, event detail). */
    private static List<String> unguard(List<String> row) {
        List<String> out = new ArrayList<>(row);
        for (int i : new int[] {1, 12, 17}) {
            String v = out.get(i);
            if (v.startsWith("'") && v.length() > 1 && "=+-@\t\r".indexOf(v.charAt(1)) >= 0) {
                out.set(i, v.substring(1));
            }
        }
        return out;
    }

    /** Records every post and upload; uploads are shown as "chart: <file name>". */
    static final class RecordingChat implements Chat {
        record Sent(Target target, Message message) {
        }

        record Upload(Target target, String filename, byte[] content, String title) {
        }

        final List<Object> log = new ArrayList<>();
        final List<Upload> uploads = new ArrayList<>();
        private int n;

        @Override
        public synchronized Delivery send(String workspaceId, Target target, Message message) {
            log.add(new Sent(target, message));
            return new Delivery.Sent("m" + (++n));
        }

        @Override
        public synchronized Delivery upload(String workspaceId, Target target, String filename, byte[] content, String title) {
            Upload u = new Upload(target, filename, content, title);
            uploads.add(u);
            log.add(u);
            return new Delivery.Sent("f" + (++n));
        }

        synchronized List<Message> messages(String channel) {
            return log.stream().filter(o -> o instanceof Sent s && s.target().equals(new Target.Channel(channel.substring(1))))
                    .map(o -> ((Sent) o).message()).toList();
        }

        /** Console lines of what went to a channel, uploads as "chart: name". */
        synchronized List<String> lines(String channel) {
            Target t = new Target.Channel(channel.substring(1));
            List<String> out = new ArrayList<>();
            for (Object o : log) {
                if (o instanceof Sent s && s.target().equals(t)) {
                    out.add(ConsoleText.render(new Outgoing(t, s.message())));
                } else if (o instanceof Upload u && u.target().equals(t)) {
                    out.add(ConsoleText.tag(t) + " chart: " + u.filename());
                }
            }
            return out;
        }
    }

    /** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes and embedded line breaks. */
    static final class Csv {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    i++;
                } else {
                    field.append(c);
                }
            }
            assertTrue(field.isEmpty() && row.isEmpty(), "the file ends with CRLF");
            return rows;
        }
    }

}
