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
}
