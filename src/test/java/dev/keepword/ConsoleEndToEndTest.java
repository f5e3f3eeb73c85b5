package dev.keepword;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.config.Settings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real entry point, {@link Keepword#run}, with a piped script on a file database, the way the README's
 * quick start does, and reads stdout word for word.
 */
class ConsoleEndToEndTest {

    private static final String MONDAY_MORNING = "2026-11-23T10:00:00Z";
    private static final Pattern TAGGED = Pattern.compile("^\\[(?:private @\\S+|DM @\\S+|#\\S+|console)] .*");
    private static final String DIRECTIVES = "Type /commit help for the commands, or /as @handle, /in #channel, "
            + "/clock +1d (or an ISO instant), /quit.";
    /** What a client member of #acme is shown after the answer to their first /commit there (config/agreement.yml). */
    private static final String ACME_AGREEMENT = "Working agreement for #acme"
            + " | Reminders: a heads-up 2 working days before a due date, a reminder on the day, then one each"
            + " working day (up to 5), at 09:30 in each person's time zone and working hours; at most one message a day from Keepword to each person."
            + " | Each side answers within 2 working days. A date can be moved before it passes (up to 2 times)"
            + " without counting as a miss."
            + " | Consequences: When a client input is late, the timeline moves by the same number of working days."
            + " Work pauses once an input is 10 working days late."
            + " | Escalation (tier 2): consultant looped in (+2) → escalation channel (+5) → final notice (+7)."
            + " | Agreed by: nobody yet | If this works for you, say so with /commit agree or the button."
            + " [I agree: /commit agree]";

    @TempDir
    Path dir;

    @Test
    void aDatedPromiseTypedInTheChannelGetsAPrivateOfferThatTrackRecordsOnce() {
        String script = """
                /as @sam
                Can you send the logo by friday?
                Sure, I will send the brand guidelines by friday
                I'll share the sitemap tomorrow
                /track acme m1795428000000-2
                /track acme m1795428000000-2
                """;

        Run run = run(script, "--db", db(), "--now", MONDAY_MORNING);

        assertEquals(0, run.code());
        assertEquals(List.of(
                "[console] Speaking as @sam (Sam Rivera, America/New_York).",
                "[#acme] @sam: Can you send the logo by friday?",
                "[#acme] @sam: Sure, I will send the brand guidelines by friday",
                "[private @sam] Track this as a commitment? send the brand guidelines — due Fri 27 Nov 17:00"
                        + " (America/New_York). [Track: /track acme m1795428000000-2] [Not now: /notnow acme m1795428000000-2]",
                "[#acme] @sam: I'll share the sitemap tomorrow", // no second offer within the hour
                "[private @sam] Recorded #1: @sam — send the brand guidelines (deliverable), owed to @maya."
                        + " | Due Fri 27 Nov 17:00 (America/New_York).",
                "[private @sam] " + ACME_AGREEMENT,
                "[#acme] Tracked as #1 — due Fri 27 Nov 17:00 (America/New_York). /commit status shows it.",
                "[private @sam] Already tracked: /commit list shows it."), run.out());
    }

    @Test
    void pipedScriptPrintsOneTaggedLinePerMessageOnEverySurface() {
        String script = """
                /commit @sam send the brand guidelines by friday to @maya
                /commit list
                /as @sam
                /commit done 1 sent them
                on it <!channel> <@U123>
                /in #acme-internal
                /frobnicate now
                /clock +2d
                /quit
                /commit never read after quit by friday
                """;

        Run run = run(script, "--db", db(), "--now", MONDAY_MORNING);

        assertEquals(0, run.code());
        assertEquals(List.of(
                "[private @maya] Recorded #1: @sam — send the brand guidelines (deliverable), owed to @maya. | Due "
                    + "Fri 27 Nov 17:00 (America/New_York).",
                "[private @maya] 1 open in #acme: | #1 @sam: send the brand guidelines — owed to @maya — due Fri 27 "
                    + "Nov 22:00 (Europe/London)",
                "[console] Speaking as @sam (Sam Rivera, America/New_York).",
                "[private @sam] Marked #1 done. Thank you for keeping your word.",
                "[private @sam] Working agreement for #acme | Reminders: a heads-up 2 working days before a due "
                    + "date, a reminder on the day, then one each working day (up to 5), at 09:30 in each person's time "
                    + "zone and working hours; at most one message a day from Keepword to each person. | Each side answers "
                    + "within 2 working days. A date can be moved before it passes (up to 2 times) without counting as a "
                    + "miss. | Consequences: When a client input is late, the timeline moves by the same number of working "
                    + "days. Work pauses once an input is 10 working days late. | Escalation (tier 2): consultant looped "
                    + "in (+2) → escalation channel (+5) → final notice (+7). | Agreed by: nobody yet | If this works for "
                    + "you, say so with /commit agree or the button. [I agree: /commit agree]",
                "[#acme] @sam: on it &lt;!channel&gt; &lt;@U123&gt;",
                "[console] In #acme-internal (no engagement here yet; engagement channels: #acme).",
                "[console] I don't know the directive \"/frobnicate\". Type /commit help for the commands, or /as "
                    + "@handle, /in #channel, /clock +1d (or an ISO instant), /quit.",
                "[DM @maya] (Mon 23 Nov 10:00 Europe/London) @sam marked #1 send the brand guidelines done: sent them",
                "[console] Clock: Wed 25 Nov 2026 10:00 UTC.",
                "[console] Bye."), run.out());
    }

    @Test
    void commitmentsSurviveARestartOnTheSameDatabase() {
        run("/commit @sam send the brand guidelines by friday to @maya\n/quit\n", "--db", db(), "--now", MONDAY_MORNING);

        Run second = run("""
                /commit list all
                /commit @lee sign the contract by 2026-12-04 to @maya
                /as @nobody
                """, "--db", db(), "--now", "2026-11-30T10:00:00Z");

        assertEquals(0, second.code());
        assertEquals(List.of(
                "[private @maya] 1 in all in #acme: | #1 @sam: send the brand guidelines — owed to @maya"
                        + " — due Fri 27 Nov 22:00 (Europe/London) — 1 working day late",
                "[private @maya] Recorded #2: @lee — sign the contract (deliverable), owed to @maya."
                        + " | Due Fri 4 Dec 17:00 (Europe/Berlin).",
                "[console] I don't know \"@nobody\". People here: @lee, @maya, @sam. For example: /as @sam"),
                second.out());
    }

    @Test
    void endOfInputEndsTheSessionWithExitCodeZero() {
        String script = "hello from a pipe without /quit\n";

        Run run = run(script, "--db", db(), "--now", MONDAY_MORNING);

        assertEquals(0, run.code());
        assertEquals(List.of("[#acme] @maya: hello from a pipe without /quit"), run.out());
    }

    @Test
    void asOptionChoosesWhoIsSpeaking() {
        String script = """
                morning all
                /commit list mine
                """;

        Run run = run(script, "--db", db(), "--now", MONDAY_MORNING, "--as", "@sam");

        assertEquals(0, run.code());
        assertEquals(List.of(
                "[#acme] @sam: morning all",
                "[private @sam] You owe nothing in #acme.",
                "[private @sam] " + ACME_AGREEMENT), run.out());
    }

    @Test
    void badNowExitsTwoWithUsageOnStderrAndNothingOnStdout() throws IOException {
        String script = "/commit list\n";

        Run run = run(script, "--db", db(), "--now", "yesterday");

        assertAll(
                () -> assertEquals(2, run.code()),
                () -> assertEquals(List.of(), run.out()),
                () -> assertEquals(List.of(
                        "--now takes an ISO-8601 instant such as 2026-11-23T09:00:00Z, not \"yesterday\"",
                        Keepword.USAGE), run.err().lines().toList()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "no database is created before the arguments are understood");
        }
    }

    @Test
    void onlyTaggedChatLinesReachStdoutEvenWhenTheProcessLogs() {
        // "console" starts the console even with chat credentials configured; every setting read logs a warning,
        // and stdout and stderr are the process's own streams here, so a log line or a stray print from any
        // library would show up among the chat lines.
        String script = """
                /commit help
                /commit @sam ' ; drop table commitment; -- by friday
                /commit list
                /as @lee
                /in #nowhere
                /commit list
                /clock yesterday
                """;
        Map<String, String> credentials = Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_SIGNING_SECRET", "s");
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Keepword.class);
        Settings withCredentials = new Settings(name -> {
            log.warn("setting {} read", name);
            return credentials.get(name);
        });
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        int code;

        System.setOut(out);
        System.setErr(err);
        try {
            code = Keepword.run(new String[] {"console", "--db", db(), "--now", MONDAY_MORNING},
                    new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), out, err, withCredentials);
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }

        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, code);
        assertEquals(7, lines.size(), () -> String.join("\n", lines));
        assertTrue(lines.stream().allMatch(l -> TAGGED.matcher(l).matches()), () -> String.join("\n", lines));
        assertTrue(lines.contains("[private @maya] Recorded #1: @sam — ' ; drop table commitment; -- (deliverable),"
                + " owed to @maya. | Due Fri 27 Nov 17:00 (America/New_York)."), () -> String.join("\n", lines));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("setting "), "the warnings went to stderr");
    }

    private String db() {
        return dir.resolve("keepword").toString();
    }

    private record Run(int code, List<String> out, String err) {
    }

    private static Run run(String script, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Keepword.run(args, new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Settings.of(Map.of()));

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.stream().allMatch(l -> TAGGED.matcher(l).matches()),
                () -> "untagged line on stdout:\n" + String.join("\n", lines));
        return new Run(code, lines, err.toString(StandardCharsets.UTF_8));
    }
}
