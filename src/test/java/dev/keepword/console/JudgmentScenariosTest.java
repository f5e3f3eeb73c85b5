package dev.keepword.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.Keepword;
import dev.keepword.config.Settings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, "judgment, not just persistence", through the console entry point from Monday 23 November 2026 10:00 UTC
 * in the demo workspace (Maya, consultant, London; Sam, client, New York; Lee, client, Berlin): the history holds every
 * message Keepword sent, a final notice is proposed to the consultant before it is sent, and each side hears the words
 * that apply to it, at the right moment.
 */
class JudgmentScenariosTest {

    private static final String MONDAY_MORNING = "2026-11-23T10:00:00Z";
    private static final Pattern TOLD = Pattern.compile("^(\\[DM @\\w+] .*|\\[#[\\w-]+-internal] Escalation: .*|\\[console] Clock: .*)$");

    @TempDir
    Path dir;

    @Test
    void theHistoryStatusAndExportHoldEveryReminderAndEscalationWithItsOutcome() throws IOException {
        String script = """
                /commit @sam send the brand guidelines by wednesday kind:input
                /clock 2026-12-02T12:00:00Z
                /commit status @sam
                /commit export csv
                /commit export json
                """;

        List<String> out = run(script, Map.of());

        assertEquals(List.of("[private @maya] @sam: slipping · reliability 0 of 1 on time (0%) · 1 open, 1 overdue"
                + " | • #1 send the brand guidelines — due Wed 25 Nov 22:00 (Europe/London), 5 working days late"
                + " (timeline +5 working days); 5 reminders sent, the last Tue 1 Dec 14:30 (Europe/London);"
                + " escalation post sent Wed 2 Dec 09:30 (Europe/London) | #acme so far: timeline +5 working days."),
                replies(out, "[private @maya] @sam: "));
        String csv = Files.readString(only("csv"));
        assertEquals(List.of(
                "commitment_id,title,kind,owner,owner_side,owed_to,due_at,state,created_by,created_at,renegotiations,snoozes,blocked_reason,waits_on,event_seq,event_at,event_actor,event_action,event_detail,event_to,event_outcome",
                "1,send the brand guidelines,input,sam,client,maya,2026-11-25T22:00:00Z,open,maya,2026-11-23T10:00:00Z,0,0,,,1,2026-11-23T10:00:00Z,maya,created,due 2026-11-25T22:00:00Z,,",
                "1,send the brand guidelines,input,sam,client,maya,2026-11-25T22:00:00Z,open,maya,2026-11-23T10:00:00Z,0,0,,,2,2026-11-25T14:30:00Z,keepword,reminder,due-today,sam,sent",
                "1,send the brand guidelines,input,sam,client,maya,2026-11-25T22:00:00Z,open,maya,2026-11-23T10:00:00Z,0,0,,,3,2026-11-26T14:30:00Z,keepword,reminder,firm-reminder,sam,sent",
                "1,send the brand guidelines,input,sam,client,maya,2026-11-25T22:00:00Z,open,maya,2026-11-23T10:00:00Z,0,0,,,4,2026-11-27T14:30:00Z,keepword,reminder,reminder,sam,sent",
                "1,send the brand guidelines,input,sam,client,maya,2026-11-25T22:00:00Z,open,maya,2026-11-23T10:00:00Z,0,0,,,5,2026-11-30T09:30:00Z,keepword,escalation,consultant-looped-in,maya,sent",
                "1,send the brand guidelines,input,sam,client,maya,2026-11-25T22:00:00Z,open,maya,2026-11-23T10:00:00Z,0,0,,,6,2026-11-30T14:30:00Z,keepword,reminder,reminder,sam,sent",
                "1,send the brand guidelines,input,sam,client,maya,2026-11-25T22:00:00Z,open,maya,2026-11-23T10:00:00Z,0,0,,,7,2026-12-01T14:30:00Z,keepword,reminder,reminder,sam,sent",
                "1,send the brand guidelines,input,sam,client,maya,2026-11-25T22:00:00Z,open,maya,2026-11-23T10:00:00Z,0,0,,,8,2026-12-02T09:30:00Z,keepword,escalation,escalation-channel,#acme-internal,sent"),
                csv.lines().toList());
        String json = Files.readString(only("json"));
        assertTrue(json.contains("{\"at\":\"2026-11-26T14:30:00Z\",\"actor\":\"keepword\",\"action\":\"reminder\","
                + "\"detail\":\"firm-reminder\",\"to\":\"sam\",\"outcome\":\"sent\"}"), json);
        assertTrue(json.contains("{\"at\":\"2026-11-23T10:00:00Z\",\"actor\":\"maya\",\"action\":\"created\","
                + "\"detail\":\"due 2026-11-25T22:00:00Z\"}"), json);
        assertTrue(json.contains("\"waits_on\":null,\"history\":["), json); // waits on no input
    }

    @Test
    void aFinalNoticeIsDraftedToTheConsultantWhoSendsItEditsItOrHoldsItAndItQuotesOnlyAnAcknowledgedAgreement() {
        String script = """
                /commit @sam send the brand guidelines by wednesday kind:input
                /commit @sam send the photos by wednesday kind:input
                /commit @lee sign the statement of work by wednesday kind:approval
                /as @sam
                /commit agree
                /as @lee
                /commit agreement
                /as @maya
                /clock 2026-12-04T09:29:00Z
                /clock 2026-12-04T15:00:00Z
                /clock 2026-12-07T15:00:00Z
                /commit notice 1 send
                /commit notice 2 edit Sam, we still need the photos to finish the homepage. Could you send them by Tuesday?
                /commit notice 3 hold
                /commit notice 1 send
                /clock 2026-12-07T15:01:00Z
                """;

        List<String> out = run(script, Map.of());

        // Each draft reaches Maya in her working hours, worded as its reader would read it: Sam acknowledged the
        // agreement, so his quotes it; Lee was shown it and never agreed, so his says so. Nothing reaches either client
        // until Maya decides: #1 as drafted, #2 in her words, #3 held. Lee's draft reaches her on Friday; Sam's two wait
        // for Monday's message, as she had Friday's.
        assertEquals(List.of(
                "[DM @maya] (Fri 4 Dec 09:00 Europe/London) A final notice to @lee about #3 sign the statement of "
                    + "work is ready for you to check; it goes out only when you send it. As drafted: | Final notice: #3 "
                    + "sign the statement of work was due Wed 25 Nov 17:00 (Europe/Berlin) and is 7 working days late. | "
                    + "So far: timeline +7 working days. | Our working agreement was shared with you on Mon 23 Nov and has "
                    + "not been acknowledged yet; /commit agreement shows it. | Please reply today: mark it done, agree a "
                    + "new date, or tell us what blocks it. | What was asked and when: | • Mon 23 Nov 10:00 "
                    + "(Europe/London) @maya recorded it, due Wed 25 Nov 16:00 (Europe/London) | • Wed 25 Nov 08:30 "
                    + "(Europe/London) due-today reminder sent to @lee | • Thu 26 Nov 08:30 (Europe/London) firm reminder "
                    + "sent to @lee | • Fri 27 Nov 08:30 (Europe/London) daily reminder sent to @lee | • Fri 27 Nov 09:00 "
                    + "(Europe/London) \"hasn't answered\" note sent to @maya | • Mon 30 Nov 08:30 (Europe/London) daily "
                    + "reminder sent to @lee | • Tue 1 Dec 08:30 (Europe/London) daily reminder sent to @lee | • Wed 2 Dec "
                    + "08:30 (Europe/London) daily reminder sent to @lee | • Wed 2 Dec 09:30 (Europe/London) escalation "
                    + "post sent to #acme-internal | Send it as drafted, send it in your own words, or hold it. [Send: "
                    + "/commit notice 3 send] [Edit: /commit notice 3 edit YOUR WORDING] [Hold: /commit notice 3 hold]",
                "[DM @maya] (Mon 7 Dec 09:30 Europe/London) A final notice to @sam about #1 send the brand "
                    + "guidelines is ready for you to check; it goes out only when you send it. As drafted: | Final "
                    + "notice: #1 send the brand guidelines was due Wed 25 Nov 17:00 (America/New_York) and is 8 working "
                    + "days late. | So far: timeline +8 working days. | Our working agreement says: When a client input is "
                    + "late, the timeline moves by the same number of working days. Work pauses once an input is 10 "
                    + "working days late. | Please reply today: mark it done, agree a new date, or tell us what blocks it. "
                    + "| What was asked and when: | • Mon 23 Nov 10:00 (Europe/London) @maya recorded it, due Wed 25 Nov "
                    + "22:00 (Europe/London) | • Wed 25 Nov 14:30 (Europe/London) due-today reminder sent to @sam | • Thu "
                    + "26 Nov 14:30 (Europe/London) firm reminder sent to @sam | • Fri 27 Nov 14:30 (Europe/London) daily "
                    + "reminder sent to @sam | • Mon 30 Nov 09:30 (Europe/London) \"hasn't answered\" note sent to @maya | • "
                    + "Mon 30 Nov 14:30 (Europe/London) daily reminder sent to @sam | • Tue 1 Dec 14:30 (Europe/London) "
                    + "daily reminder sent to @sam | • Wed 2 Dec 09:30 (Europe/London) escalation post sent to "
                    + "#acme-internal | • Wed 2 Dec 14:30 (Europe/London) daily reminder sent to @sam | Send it as "
                    + "drafted, send it in your own words, or hold it. [Send: /commit notice 1 send] [Edit: /commit notice "
                    + "1 edit YOUR WORDING] [Hold: /commit notice 1 hold] | A final notice to @sam about #2 send the "
                    + "photos is ready for you to check; it goes out only when you send it. As drafted: | Final notice: #2 "
                    + "send the photos was due Wed 25 Nov 17:00 (America/New_York) and is 8 working days late. | So far: "
                    + "timeline +8 working days. | Please reply today: mark it done, agree a new date, or tell us what "
                    + "blocks it. | What was asked and when: | • Mon 23 Nov 10:00 (Europe/London) @maya recorded it, due "
                    + "Wed 25 Nov 22:00 (Europe/London) | • Wed 25 Nov 14:30 (Europe/London) due-today reminder sent to "
                    + "@sam | • Thu 26 Nov 14:30 (Europe/London) firm reminder sent to @sam | • Fri 27 Nov 14:30 "
                    + "(Europe/London) daily reminder sent to @sam | • Mon 30 Nov 09:30 (Europe/London) \"hasn't answered\" "
                    + "note sent to @maya | • Mon 30 Nov 14:30 (Europe/London) daily reminder sent to @sam | • Tue 1 Dec "
                    + "14:30 (Europe/London) daily reminder sent to @sam | • Wed 2 Dec 09:30 (Europe/London) escalation "
                    + "post sent to #acme-internal | • Wed 2 Dec 14:30 (Europe/London) daily reminder sent to @sam | Send "
                    + "it as drafted, send it in your own words, or hold it. [Send: /commit notice 2 send] [Edit: /commit "
                    + "notice 2 edit YOUR WORDING] [Hold: /commit notice 2 hold]",
                "[DM @sam] (Mon 7 Dec 10:00 America/New_York) 2 commitments need a look: | Final notice: #1 send the "
                    + "brand guidelines was due Wed 25 Nov 17:00 (America/New_York) and is 8 working days late. | So far: "
                    + "timeline +8 working days. | Our working agreement says: When a client input is late, the timeline "
                    + "moves by the same number of working days. Work pauses once an input is 10 working days late. | "
                    + "Please reply today: mark it done, agree a new date, or tell us what blocks it. [Done: /commit done "
                    + "1] [New date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 REASON] [Not mine: "
                    + "/commit notmine 1] | Final notice about #2 send the photos, from @maya: | Sam, we still need the "
                    + "photos to finish the homepage. Could you send them by Tuesday? [Done: /commit done 2] [New date: "
                    + "/commit move 2 WHEN because REASON] [Blocked: /commit blocked 2 REASON] [Not mine: /commit notmine "
                    + "2]"), told(out).stream().filter(l -> l.contains("inal notice")).toList());
        assertEquals(List.of("[private @maya] Recorded #1: @sam — send the brand guidelines (input), owed to @maya."
                        + " | Due Wed 25 Nov 17:00 (America/New_York).",
                "[private @maya] Recorded #2: @sam — send the photos (input), owed to @maya."
                        + " | Due Wed 25 Nov 17:00 (America/New_York).",
                "[private @maya] Recorded #3: @lee — sign the statement of work (approval), owed to @maya."
                        + " | Due Wed 25 Nov 17:00 (Europe/Berlin).",
                "[private @maya] The final notice for #1 goes to @sam as drafted.",
                "[private @maya] Your wording of the final notice for #2 goes to @sam.",
                "[private @maya] Held: the final notice for #3 is not sent. /commit notice 3 send sends it when you are ready.",
                "[private @maya] The final notice for #1 was already sent."), replies(out, "[private @maya] "));
    }

    @Test
    void withApprovalSwitchedOffForTheTierAPaymentsFinalNoticeGoesStraightToTheClientQuotingThePaymentClause()
            throws IOException {
        Path config = config(Map.of("finalNoticeApproval: [1, 2, 3]", "finalNoticeApproval: [3]"));
        String script = """
                /as @sam
                /commit agree
                /as @maya
                /commit @sam pay the deposit invoice by wednesday kind:payment
                /clock 2026-12-04T15:00:00Z
                """;

        List<String> out = run(script, Map.of("KEEPWORD_CONFIG_DIR", config.toString()));

        assertEquals(List.of("[DM @sam] (Fri 4 Dec 09:30 America/New_York) Final notice: #1 pay the deposit invoice was due Wed 25 Nov 17:00 (America/New_York) and is 7 working days late."
                        + " | So far: timeline +7 working days."
                        + " | Our working agreement says: Payments are due on the date agreed. Work pauses once a payment is 10 working days late."
                        + " | Please reply today: mark it done, agree a new date, or tell us what blocks it."
                        + waysOut(1)), told(out).stream().filter(l -> l.contains("inal notice")).toList());
    }

    @Test
    void aClientWhoOwesNothingDueYetAndWasAskedNothingIsNeverReportedAsQuiet() {
        String script = """
                /as @sam
                /commit agree
                /as @maya
                /commit @sam approve the launch plan by 2026-12-18 kind:approval
                /clock 2026-12-18T12:00:00Z
                /clock 2026-12-21T16:00:00Z
                """;

        List<String> out = run(script, Map.of());

        // Silent for four weeks, but nothing of Sam's was due and nobody asked him anything (a heads-up asks nothing):
        // not "gone quiet" (it said so three working days after he agreed). Once the approval is overdue, he is.
        assertEquals(List.of(
                "[DM @maya] (Mon 23 Nov 10:00 Europe/London) @sam agreed to the working agreement of #acme.",
                "[DM @sam] (Mon 23 Nov 09:00 America/New_York) @maya recorded a commitment for you in #acme: #1 "
                    + "approve the launch plan, owed to @maya. | Due Fri 18 Dec 17:00 (America/New_York). Done already? "
                    + "/commit done 1 · Need another date? /commit move 1 NEW-DATE because REASON",
                "[DM @sam] (Wed 16 Dec 09:30 America/New_York) Friendly heads-up: #1 approve the launch plan is due "
                    + "Fri 18 Dec 17:00 (America/New_York), owed to @maya. If anything stands in the way, now is a good "
                    + "time to say. [Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] [Blocked: "
                    + "/commit blocked 1 REASON] [Not mine: /commit notmine 1]",
                "[console] Clock: Fri 18 Dec 2026 12:00 UTC.",
                "[DM @sam] (Fri 18 Dec 09:30 America/New_York) Due today: #1 approve the launch plan, owed to @maya, "
                    + "by Fri 18 Dec 17:00 (America/New_York). [Done: /commit done 1] [New date: /commit move 1 WHEN "
                    + "because REASON] [Blocked: /commit blocked 1 REASON] [Not mine: /commit notmine 1]",
                "[DM @maya] (Mon 21 Dec 14:30 Europe/London) @sam has gone quiet: not heard from for 20 working "
                    + "days, with this waiting on them: | • #1 approve the launch plan — due Fri 18 Dec 22:00 "
                    + "(Europe/London), 1 working day late",
                "[DM @sam] (Mon 21 Dec 09:30 America/New_York) #1 approve the launch plan was due Fri 18 Dec 17:00 "
                    + "(America/New_York) and is now 1 working day late. These things happen. Could you send it when you "
                    + "can, or pick a new date that works for you? @maya will plan around it. [Done: /commit done 1] [New "
                    + "date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 REASON] [Not mine: /commit "
                    + "notmine 1]",
                "[console] Clock: Mon 21 Dec 2026 16:00 UTC."), told(out));
    }

    @Test
    void anEscalationPostedWithTheWeeklySummaryStandsOnItsOwnInTheEscalationChannel() {
        // Due Monday 23 Nov: the escalation-channel rung (+5) falls on Monday 30 Nov 09:30 London, within the half hour
        // after the internal weekly summary (09:00), so both leave in the same batch.
        String script = """
                /commit @sam send the brand guidelines by today kind:input
                /clock 2026-11-30T10:00:00Z
                """;

        List<String> out = run(script, Map.of());

        List<String> internal = out.stream().filter(l -> l.startsWith("[#acme-internal] ")).toList();
        assertEquals(2, internal.size(), internal::toString);
        assertTrue(internal.get(0).startsWith("[#acme-internal] Internal summary for #acme: Mon 23 Nov – Sun 29 Nov 2026."),
                internal.get(0));
        assertTrue(!internal.get(0).contains("Escalation:"), internal.get(0));
        assertEquals("[#acme-internal] Escalation: #1 send the brand guidelines, owed by @sam to @maya, is 5 working days"
                + " late (due Mon 23 Nov 22:00 (Europe/London)). So far: timeline +5 working days.", internal.get(1));
    }

    @Test
    void oneMessageNeverMixesAHeadsUpWithAFinalNoticeNorQuotesAClauseTwice() throws IOException {
        Path config = config(Map.of("finalNoticeApproval: [1, 2, 3]", "finalNoticeApproval: [1]"));
        String script = """
                /as @sam
                /commit agree
                /as @maya
                /commit @sam send the brand guidelines by wednesday kind:input
                /commit @sam send the photos by wednesday kind:input
                /commit @sam approve the homepage by 2026-12-08 kind:approval
                /clock 2026-12-04T14:00:00Z
                /clock 2026-12-04T17:00:00Z
                """;

        List<String> out = run(script, Map.of("KEEPWORD_CONFIG_DIR", config.toString()));

        // Friday 4 Dec 09:30 in New York: the final notices of #1 and #2 fall due with #3's heads-up. The notices go
        // together, the agreement quoted once; the heads-up follows two hours later on its own.
        assertEquals(List.of(
                "[DM @sam] (Fri 4 Dec 09:30 America/New_York) 2 commitments need a look: | Final notice: #1 send the "
                    + "brand guidelines was due Wed 25 Nov 17:00 (America/New_York) and is 7 working days late. | So far: "
                    + "timeline +7 working days. | Our working agreement says: When a client input is late, the timeline "
                    + "moves by the same number of working days. Work pauses once an input is 10 working days late. | "
                    + "Please reply today: mark it done, agree a new date, or tell us what blocks it. [Done: /commit done "
                    + "1] [New date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 REASON] [Not mine: "
                    + "/commit notmine 1] | Final notice: #2 send the photos was due Wed 25 Nov 17:00 (America/New_York) "
                    + "and is 7 working days late. | So far: timeline +7 working days. | Please reply today: mark it done, "
                    + "agree a new date, or tell us what blocks it. [Done: /commit done 2] [New date: /commit move 2 WHEN "
                    + "because REASON] [Blocked: /commit blocked 2 REASON] [Not mine: /commit notmine 2]"), told(out).stream().filter(l -> l.startsWith("[DM @sam] (Fri 4 Dec")).toList());
    }

    private Path only(String extension) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            List<Path> found = files.filter(p -> p.toString().endsWith("." + extension)).toList();
            assertEquals(1, found.size(), found::toString);
            return found.get(0);
        }
    }

    private static List<String> replies(List<String> out, String prefix) {
        return out.stream().filter(l -> l.startsWith(prefix)).toList();
    }

    private static List<String> told(List<String> out) {
        return out.stream().filter(l -> TOLD.matcher(l).matches()).toList();
    }

    private static String waysOut(int id) {
        return " [Done: /commit done " + id + "] [New date: /commit move " + id + " WHEN because REASON]"
                + " [Blocked: /commit blocked " + id + " REASON] [Not mine: /commit notmine " + id + "]";
    }

    private static String markDoneOrMove(int id) {
        return " [Mark done: /commit done " + id + "] [New date: /commit move " + id + " WHEN because REASON]";
    }

    /** A config folder like the packaged one, with agreement.yml lines replaced. */
    private Path config(Map<String, String> replace) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("config"));
        for (String name : List.of("ladders.yml", "templates.yml", "demo-workspace.yml")) {
            Files.copy(Path.of("config", name), folder.resolve(name));
        }
        String agreement = Files.readString(Path.of("config", "agreement.yml"));
        for (Map.Entry<String, String> r : replace.entrySet()) {
            assertTrue(agreement.contains(r.getKey()), r.getKey());
            agreement = agreement.replace(r.getKey(), r.getValue());
        }
        Files.writeString(folder.resolve("agreement.yml"), agreement);
        return folder;
    }

    private List<String> run(String script, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("KEEPWORD_OUT_DIR", dir.resolve("out").toString());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        String db = "jdbc:h2:file:" + dir.resolve("keepword").toAbsolutePath() + ";WRITE_DELAY=500";
        int code = run(new String[] {"console", "--db", db, "--now", MONDAY_MORNING},
                new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8),
                Settings.of(all));
        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, code, () -> stderr.toString(StandardCharsets.UTF_8));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("[console] Something went wrong")), () -> String.join("\n", lines));
        return lines;
    }

    private static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err, Settings settings) {
        try {
            Method run = Keepword.class.getDeclaredMethod("run", String[].class, InputStream.class, PrintStream.class,
                    PrintStream.class, Settings.class);
            run.setAccessible(true);
            return (int) run.invoke(null, args, stdin, out, err, settings);
        } catch (InvocationTargetException e) {
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
