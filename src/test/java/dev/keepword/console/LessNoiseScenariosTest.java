package dev.keepword.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Less noise, through the console in the demo workspace (#acme: maya the consultant in London, sam in New York and lee
 * in Berlin the client members): commitments recorded for one person in a few minutes reach them as one message, a
 * heads-up does not follow the recording notice that gave the date, and "snooze over" goes to whoever set the snooze.
 */
class LessNoiseScenariosTest {

    private static final String MONDAY_MORNING = "2026-11-23T10:00:00Z";

    @TempDir
    Path dir;

    private List<String> run(String script) {
        return EscalationScenariosTest.console(dir, MONDAY_MORNING, script, Map.of());
    }

    @Test
    void fourCommitmentsRecordedInAFewMinutesReachTheirOwnerAsOneMessageAndNoHeadsUpRepeatsTheDate() {
        String script = """
                /commit @sam send the logo by wednesday kind:input
                /clock 2026-11-23T10:01:00Z
                /commit @sam send the copy by wednesday kind:input
                /clock 2026-11-23T10:02:00Z
                /commit @sam send the photos by thursday kind:input
                /commit @sam approve the sitemap by friday kind:approval
                /clock 2026-11-23T16:00:00Z
                """;

        List<String> out = run(script);

        // Recorded at 05:00–05:02 in New York: Sam hears at 09:00, when his day starts, once, with the four of them. The
        // heads-up for #1 and #2 (due Wednesday, so due Monday 09:30) is not sent: the notice just gave their date.
        assertEquals(List.of("[DM @sam] (Mon 23 Nov 09:00 America/New_York) @maya recorded 4 commitments for you in #acme:"
                        + " | • #1 send the logo, owed to @maya — due Wed 25 Nov 17:00 (America/New_York)"
                        + " | • #2 send the copy, owed to @maya — due Wed 25 Nov 17:00 (America/New_York)"
                        + " | • #3 send the photos, owed to @maya — due Thu 26 Nov 17:00 (America/New_York)"
                        + " | • #4 approve the sitemap, owed to @maya — due Fri 27 Nov 17:00 (America/New_York)"
                        + " | Done already? /commit done ID · Need another date? /commit move ID NEW-DATE because REASON"),
                out.stream().filter(l -> l.startsWith("[DM @sam]")).toList());
    }

    @Test
    void snoozeOverGoesToWhoeverSetTheSnooze() {
        String script = """
                /commit @sam send the logo by friday kind:input
                /commit snooze 1 tomorrow
                /clock 2026-11-24T16:00:00Z
                """;

        List<String> out = run(script);

        assertTrue(out.contains("[private @maya] Snoozed #1 until Tue 24 Nov 09:30 (Europe/London)."
                + " Reminders resume then; the due date stays Fri 27 Nov 17:00 (America/New_York).")
                || out.stream().anyMatch(l -> l.startsWith("[private @maya] Snoozed #1")), () -> String.join("\n", out));
        List<String> over = out.stream().filter(l -> l.contains("Snooze over: #1")).toList();
        assertEquals(1, over.size(), () -> String.join("\n", out));
        assertTrue(over.get(0).startsWith("[DM @maya] (Tue 24 Nov"), over.get(0));
    }
}
