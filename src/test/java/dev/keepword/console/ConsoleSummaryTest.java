package dev.keepword.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.KeepwordRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In the console, moving the clock past Monday 09:00 posts the weekly summary and writes its chart to a folder. */
class ConsoleSummaryTest {
    @TempDir
    Path dir;

    @Test
    void clockPlusOneWeekPrintsMondaysSummaryAndTheChartPath() throws Exception {
        Path out = dir.resolve("charts");
        String script = """
                /commit @sam send the brand guidelines by friday kind:input
                /clock +1w
                """;

        List<String> lines = KeepwordRunner.run(script, out, "--db", dir.resolve("db").toString(),
                "--now", "2026-11-23T10:00:00Z");

        Path chart = out.resolve("acme-on-time-2026-11-30.png");
        int summary = lines.indexOf(lines.stream().filter(l -> l.startsWith("[#acme] Weekly summary")).findFirst().orElseThrow());
        assertEquals("[#acme] Weekly summary for #acme: Mon 23 Nov – Sun 29 Nov 2026. Both sides' commitments, as recorded."
                + " | Client: 0 kept on time, 0 kept late, 1 missed, 0 renegotiated."
                + " |    missed: #1 send the brand guidelines (@sam, due Fri 27 Nov 22:00 (Europe/London))"
                + " | Consultancy: nothing fell due, was done or was moved."
                + " | Overdue now:"
                + " | • #1 send the brand guidelines — @sam, due Fri 27 Nov 22:00 (Europe/London), 1 working day late"
                + " | Nothing falls due in the week ahead.", lines.get(summary));
        assertEquals("[#acme] chart: " + chart, lines.get(summary + 1));
        assertTrue(lines.get(summary + 2).startsWith("[#acme-internal] Internal summary for #acme:"), lines.get(summary + 2));
        assertTrue(Files.size(chart) > 1000);
        assertEquals("[console] Clock: Mon 30 Nov 2026 10:00 UTC.", lines.get(lines.size() - 1));
    }

    @Test
    void aConsultantMovesTheSummaryToFridayInAnotherChannelAndSetupShowsIt() throws Exception {
        String script = """
                /commit @sam send the brand guidelines by friday kind:input
                /commit summary friday 16:00 #acme-updates
                /commit setup
                /as @sam
                /commit summary monday 08:00
                /clock +1w
                """;

        List<String> lines = KeepwordRunner.run(script, dir.resolve("out"), "--db", dir.resolve("db").toString(),
                "--now", "2026-11-23T10:00:00Z");

        assertTrue(lines.contains("[private @maya] The weekly summary now goes out on Fridays at 16:00 (Europe/London) in"
                + " #acme-updates. The next one: Fri 27 Nov 16:00 (Europe/London)."), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[private @maya] Engagement acme:") && l.contains(
                " | Weekly summary on Fridays at 16:00 (Europe/London) in #acme-updates; the internal one in #acme-internal."
                        + " Change it with /commit summary DAY TIME [#channel].")), String.join("\n", lines));
        assertTrue(lines.contains("[private @sam] Only the engagement's consultants (@maya) can change when its weekly"
                + " summary goes out. Ask one of them, for example: /commit summary friday 16:00"), String.join("\n", lines));
        List<String> summaries = lines.stream().filter(l -> l.contains("Weekly summary for #acme")).toList();
        assertEquals(1, summaries.size(), String.join("\n", lines));
        assertTrue(summaries.get(0).startsWith("[#acme-updates] Weekly summary for #acme: Fri 20 Nov – Thu 26 Nov 2026."),
                summaries.get(0));
    }
}
