package dev.keepword.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.Keepword;
import dev.keepword.config.Settings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dates people type, through the console entry point ({@code Keepword.run}) on a file database, from Monday
 * 23 November 2026 10:00 UTC in the demo workspace (Maya, consultant, London; Sam, client, New York; Lee, client,
 * Berlin; working hours 09:00–17:30 on weekdays; 25 and 26 December are holidays in the agreement). Each test reads
 * what the people concerned were told, word for word; lines of other features (the agreement shown at first contact,
 * summaries) are left out.
 */
class DatesPeopleTypeScenariosTest {

    private static final String MONDAY_MORNING = "2026-11-23T10:00:00Z";
    private static final String PAST_HINT = ". Try a later one, e.g. \"friday\".";

    @TempDir
    Path dir;

    @Test
    void daysAlreadyGoneAreRefusedAsPastAndChangeNothing() {
        String script = """
                /commit @sam send the logo by yesterday kind:input
                /commit @sam send the logo by last friday kind:input
                /commit away until yesterday
                /commit @sam send the logo by friday kind:input
                /commit move 1 yesterday because we forgot
                /commit move 1 two days ago
                /commit list
                """;

        List<String> out = run(script);

        assertEquals(List.of(
                "[private @maya] That date is in the past: \"yesterday\" was Sun 22 Nov 17:00" + PAST_HINT,
                "[private @maya] That date is in the past: \"last friday\" was Fri 20 Nov 17:00" + PAST_HINT,
                "[private @maya] That date is in the past: \"yesterday\" was Sun 22 Nov 09:00" + PAST_HINT,
                "[private @maya] Recorded #1: @sam — send the logo (input), owed to @maya. | Due Fri 27 Nov 17:00 (America/New_York).",
                "[private @maya] That date is in the past: \"yesterday\" was Sun 22 Nov 17:00" + PAST_HINT,
                "[private @maya] That date is in the past: \"two days ago\" was Sat 21 Nov 17:00" + PAST_HINT,
                "[private @maya] 1 open in #acme: | #1 @sam: send the logo — owed to @maya — due Fri 27 Nov 22:00 (Europe/London)"),
                said(out));
    }

    @Test
    void spelledOutNumbersTheDayAfterTomorrowNoonAndEndOfNextWeekAreRead() {
        String script = """
                /commit @sam send the logo by the day after tomorrow kind:input
                /commit @lee approve the sitemap by noon kind:approval
                /commit share the wireframes by end of next week to @sam
                /commit move 2 in two days
                /commit move 3 in three weeks because the client asked for more time
                """;

        List<String> out = run(script);

        // 11:00 in Berlin, so "noon" is today's; end of next week is Friday 4 December; "in three weeks" counts from today.
        assertEquals(List.of(
                "[private @maya] Recorded #1: @sam — send the logo (input), owed to @maya. | Due Wed 25 Nov 17:00 (America/New_York).",
                "[private @maya] Recorded #2: @lee — approve the sitemap (approval), owed to @maya. | Due Mon 23 Nov 12:00 (Europe/Berlin).",
                "[private @maya] Recorded #3: @maya — share the wireframes (deliverable), owed to @sam. | Due Fri 4 Dec 17:00 (Europe/London).",
                "[private @maya] Moved #2 to Wed 25 Nov 17:00 (Europe/Berlin).",
                "[private @maya] Moved #3 to Mon 14 Dec 17:00 (Europe/London)."), said(out, "[private @maya]"));
        assertEquals(List.of(), said(out, "[DM @lee] @maya moved", "[DM @sam] @maya moved"));
    }

    @Test
    void aDueDateOnAWeekendAHolidayTimeOffOrAfterHoursIsKeptWithTheNextWorkingTimeOffered() {
        String script = """
                /commit @sam send the photos by saturday kind:input
                /commit @lee send the texts by dec 25 kind:input
                /commit @sam call the printer by tomorrow 7pm
                /commit move 3 wed 09:00
                /commit move 1 2026-11-30 09:00
                /as @sam
                /commit away until wednesday
                /as @maya
                /commit @sam send the invoice by tuesday noon kind:payment
                /clock 2026-11-25T14:05:00Z
                """;

        List<String> out = run(script);

        // Each note offers a move the person can type as it stands; typed, it is taken without a further note.
        assertEquals(List.of(
                "[private @maya] Recorded #1: @sam — send the photos (input), owed to @maya. | Due Sat 28 Nov 17:00 (America/New_York)."
                        + " | Noted for Sat 28 Nov 17:00 — that's a weekend for @sam; the next working time is Mon 30 Nov 09:00:"
                        + " /commit move 1 2026-11-30 09:00",
                "[private @maya] Recorded #2: @lee — send the texts (input), owed to @maya. | Due Fri 25 Dec 17:00 (Europe/Berlin)."
                        + " | Noted for Fri 25 Dec 17:00 — that's a public holiday in the working agreement; the next working time is"
                        + " Mon 28 Dec 09:00: /commit move 2 2026-12-28 09:00",
                "[private @maya] Recorded #3: @sam — call the printer (deliverable), owed to @maya. | Due Tue 24 Nov 19:00 (America/New_York)."
                        + " | Noted for Tue 24 Nov 19:00 — that's outside @sam's working hours (09:00–17:30); the next working time is"
                        + " Wed 25 Nov 09:00: /commit move 3 wed 09:00",
                "[private @maya] Moved #3 to Wed 25 Nov 09:00 (America/New_York).",
                "[private @maya] Moved #1 to Mon 30 Nov 09:00 (America/New_York).",
                "[private @maya] Recorded #4: @sam — send the invoice (payment), owed to @maya. | Due Tue 24 Nov 12:00 (America/New_York)."
                        + " | Noted for Tue 24 Nov 12:00 — @sam is out of office then; the next working time is Wed 25 Nov 09:00:"
                        + " /commit move 4 wed 09:00"), said(out, "[private @maya]"));
        // The owner's own message is the ordinary one: the note is advice to whoever set the date.
        // Sam is away until Wednesday: he hears of all three when he is back, in one message with that day's reminder.
        assertEquals(List.of("[DM @sam] (Wed 25 Nov 09:00 America/New_York) @maya recorded 3 commitments for you in #acme:"
                + " | • #1 send the photos, owed to @maya — due Mon 30 Nov 09:00 (America/New_York)"
                + " | • #3 call the printer, owed to @maya — due Wed 25 Nov 09:00 (America/New_York)"
                + " | • #4 send the invoice, owed to @maya — due Tue 24 Nov 12:00 (America/New_York)"
                + " | Done already? /commit done ID · Need another date? /commit move ID NEW-DATE because REASON"
                + " | #4 send the invoice was due Tue 24 Nov 12:00 (America/New_York) and is now 1 working day late. These things"
                + " happen. Could you send it when you can, or pick a new date that works for you? @maya will plan around it."
                + waysOut(4)),
                said(out, "[DM @sam] ("));
    }

    @Test
    void movingADateEarlierAsksFirstAndChangesNothingUntilConfirmed() {
        String script = """
                /commit @sam send the logo by next friday kind:input
                /commit move 1 next tuesday
                /commit list
                /commit move 1 next tuesday because the print date moved up confirm
                /commit move 1 next wednesday
                /clock 2026-11-25T15:00:00Z
                """;

        List<String> out = run(script);

        assertEquals(List.of(
                "[private @maya] Recorded #1: @sam — send the logo (input), owed to @maya. | Due Fri 27 Nov 17:00 (America/New_York).",
                "[private @maya] #1 is due Fri 27 Nov 17:00 (America/New_York); \"next tuesday\" is earlier: Tue 24 Nov 17:00."
                        + " Nothing has changed yet. To bring it forward, type: /commit move 1 next tuesday confirm",
                "[private @maya] 1 open in #acme: | #1 @sam: send the logo — owed to @maya — due Fri 27 Nov 22:00 (Europe/London)",
                "[private @maya] Moved #1 to Tue 24 Nov 17:00 (America/New_York).",
                "[private @maya] Moved #1 to Wed 25 Nov 17:00 (America/New_York)."), said(out, "[private @maya]"));
        // Sam hears of the move only once it is confirmed, and is reminded for the new day.
        assertEquals(List.of(
                "[DM @sam] (Wed 25 Nov 09:30 America/New_York) Due today: #1 send the logo, owed to @maya, by Wed 25 "
                    + "Nov 17:00 (America/New_York). [Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] "
                    + "[Blocked: /commit blocked 1 REASON] [Not mine: /commit notmine 1]"),
                said(out, "[DM @sam] @maya moved", "[DM @sam] (Wed 25 Nov"));
    }

    @Test
    void changeWithoutAnEstimateIsAnOrdinaryCommitmentAndChangeRequestHasItsOwnForm() {
        String script = """
                /commit change the hero image by friday
                /commit change the hero image
                /commit change-request @lee add a French version est 16h
                /commit change @sam two more banner sizes est 4h by dec 4
                /commit @sam add an extra landing page by friday
                /commit @sam send the logo by friday kind:input
                """;

        List<String> out = run(script);

        assertEquals(List.of(
                "[private @maya] Recorded #1: @maya — change the hero image (deliverable), owed to @sam. | Due Fri 27 Nov 17:00 (Europe/London).",
                "[private @maya] Is \"change the hero image\" a commitment or a change request? To record a commitment, say when it is due,"
                        + " for example: /commit change the hero image by friday. To log an out-of-scope request for the client to approve:"
                        + " /commit change-request add a French version of the site est 16h",
                "[private @maya] Recorded #2: @lee — approve the change order: add a French version (est 16h) (change-request), owed to @maya."
                        + " | Due Wed 25 Nov 17:00 (Europe/Berlin).",
                "[private @maya] Recorded #3: @sam — approve the change order: two more banner sizes (est 4h) (change-request), owed to @maya."
                        + " | Due Fri 4 Dec 17:00 (America/New_York).",
                "[private @maya] Recorded #4: @sam — add an extra landing page (deliverable), owed to @maya. | Due Fri 27 Nov 17:00 (America/New_York)."
                        + " | Out of scope? If the client should approve this as extra work, cancel it (/commit cancel 4) and log a change request"
                        + " instead: /commit change-request @sam add an extra landing page est Nh",
                "[private @maya] Recorded #5: @sam — send the logo (input), owed to @maya. | Due Fri 27 Nov 17:00 (America/New_York)."),
                said(out, "[private @maya]"));
    }

    @Test
    void notMineOffersTheLeadConsultantAReassignButtonAndReassignHandsItOver() {
        String script = """
                /commit @sam send the logo by thursday kind:input
                /as @sam
                /commit reassign 1 @lee
                /commit notmine 1
                /as @maya
                /commit reassign 1
                /commit reassign 1 @nobody
                /commit reassign 1 @maya
                /commit reassign 1 @lee
                /as @sam
                /commit list mine
                /as @maya
                /clock 2026-11-30T10:00:00Z
                """;

        List<String> out = run(script);

        assertEquals(List.of(
                "[private @maya] Recorded #1: @sam — send the logo (input), owed to @maya. | Due Thu 26 Nov 17:00 "
                    + "(America/New_York).",
                "[private @sam] Only a consultant of the engagement (@maya) can give #1 to someone else. If it isn't "
                    + "yours, say so: /commit notmine 1",
                "[private @sam] Thanks. I've paused reminders for #1 and asked @maya to give it to the right person.",
                "[private @maya] Who should own #1 now? Name one of @lee, for example: /commit reassign 1 @lee",
                "[private @maya] @nobody is not part of this engagement. Give #1 to one of @maya, @sam, @lee, for "
                    + "example: /commit reassign 1 @lee",
                "[private @maya] #1 is owed to @maya, so it can't be theirs to deliver too. Name someone else, for "
                    + "example: /commit reassign 1 @lee",
                "[private @maya] Reassigned #1 send the logo from @sam to @lee. Due Thu 26 Nov 23:00 "
                    + "(Europe/Berlin); reminders now go to @lee. | Noted for Thu 26 Nov 23:00 — that's outside @lee's "
                    + "working hours (09:00–17:30); the next working time is Fri 27 Nov 09:00: /commit move 1 fri 09:00",
                "[private @sam] You owe nothing in #acme."),
                said(out, "[private @sam]", "[private @maya]", "[DM @maya] @sam says", "[DM @sam] @maya gave", "[DM @lee] @maya gave"));
        // The reminders were re-planned for Lee, at 09:30 in Berlin; Sam hears nothing more, and the history says who
        // handed it over.
        assertEquals(List.of(
                "[DM @lee] (Tue 24 Nov 09:30 Europe/Berlin) Friendly heads-up: #1 send the logo is due Thu 26 Nov 23:00 (Europe/Berlin),"
                        + " owed to @maya. If anything stands in the way, now is a good time to say." + waysOut(1),
                "[DM @lee] (Thu 26 Nov 09:30 Europe/Berlin) Due today: #1 send the logo, owed to @maya, by Thu 26 Nov 23:00 (Europe/Berlin)."
                        + waysOut(1),
                // Lee is a client and this is his first lapse, so the overdue reminder meets it with understanding.
                "[DM @lee] (Fri 27 Nov 09:30 Europe/Berlin) #1 send the logo was due Thu 26 Nov 23:00 (Europe/Berlin) and is now 1 working day"
                        + " late. These things happen. Could you send it when you can, or pick a new date that works for you?"
                        + " @maya will plan around it." + waysOut(1)),
                said(out, "[DM @lee] (Tue", "[DM @lee] (Thu", "[DM @lee] (Fri"));
        assertEquals(List.of(), said(out, "[DM @sam] ("));
        // Maya is looped in once Lee had the agreement's response time (two working days) after his first reminder.
        assertTrue(out.stream().anyMatch(l -> l.startsWith("[DM @maya] (Mon 30 Nov 09:00 Europe/London) @lee hasn't answered about #1")
                && l.contains(" | • Mon 23 Nov 10:00 (Europe/London) @maya reassigned it from @sam to @lee ")), () -> String.join("\n", out));
    }

    @Test
    void latenessIsCountedInWorkingDaysEverywhere() {
        String script = """
                /commit @sam send the logo by friday kind:input
                /clock 2026-11-27T23:00:00Z
                /commit list overdue
                /clock 2026-11-30T10:00:00Z
                /commit list overdue
                /commit status @sam
                """;

        List<String> out = run(script);

        // Due Friday 17:00 in New York: an hour later it is less than a working day late; on Monday, one working day (not
        // "2 days"), as the agreement's slip counts it.
        assertEquals(List.of(
                "[private @maya] 1 overdue in #acme: | #1 @sam: send the logo — owed to @maya — due Fri 27 Nov 22:00 (Europe/London)"
                        + " — less than a working day late",
                "[private @maya] 1 overdue in #acme: | #1 @sam: send the logo — owed to @maya — due Fri 27 Nov 22:00 (Europe/London)"
                        + " — 1 working day late",
                "[private @maya] @sam: slipping · reliability 0 of 1 on time (0%) · 1 open, 1 overdue"
                        + " | • #1 send the logo — due Fri 27 Nov 22:00 (Europe/London), 1 working day late (timeline +1 working day); 2 reminders sent, the last Fri 27 Nov 14:30 (Europe/London) | #acme so far: timeline +1 working day."),
                said(out, "[private @maya] 1 overdue", "[private @maya] @sam:"));
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String waysOut(int id) {
        return " [Done: /commit done " + id + "] [New date: /commit move " + id + " WHEN because REASON]"
                + " [Blocked: /commit blocked " + id + " REASON] [Not mine: /commit notmine " + id + "]";
    }

    /** What people were told, without the agreement shown at first contact and without summaries. */
    private static List<String> said(List<String> out, String... prefixes) {
        return out.stream()
                .filter(l -> !l.contains("] Working agreement for #") && !l.startsWith("[#acme"))
                .filter(l -> l.startsWith("[private @") || l.startsWith("[DM @"))
                .filter(l -> prefixes.length == 0 || Arrays.stream(prefixes).anyMatch(l::startsWith))
                .toList();
    }

    /** Runs the console entry point on this test's file database, from Monday morning. */
    private List<String> run(String script) {
        return EscalationScenariosTest.console(dir, MONDAY_MORNING, script, Map.of());
    }
}
