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
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Things a client must never see or suffer, each seen in the console as a new user would: scripts piped through the
 * real entry point on a file database, from Monday 23 November 2026 10:00 UTC in the demo workspace (Maya, consultant,
 * London; Sam and Lee, client members, New York and Berlin; escalations to #acme-internal), with {@code /clock} moving
 * simulated time. What a client reads is every line addressed to Sam or Lee and every post in #acme.
 */
class ClientViewScenariosTest {

    private static final String MONDAY_MORNING = "2026-11-23T10:00:00Z";
    /** Lines a client member can read: their private answers, their DMs, the shared channel. */
    private static final Pattern CLIENT_READS = Pattern.compile("^\\[(private @sam|private @lee|DM @sam|DM @lee|#acme)] .*");
    /** The consultancy's internal vocabulary. */
    private static final Pattern INTERNAL = Pattern.compile(
            "(?i).*(standing|reliability|serial defaulter|slipping|disengagement|review).*");

    @TempDir
    Path dir;

    @Test
    void aClientReadsWhatIsOpenAndTheAgreedConsequencesButNeverAStandingLabel() {
        String script = """
                /commit @sam send the logo by tuesday kind:input
                /commit @sam send the copy by wednesday kind:input
                /commit @sam send the photos by thursday kind:input
                /commit @lee sign the SOW by friday kind:approval
                /clock 2026-11-25T16:00:00Z
                /as @sam
                /commit done 1
                /clock 2026-11-26T16:00:00Z
                /commit done 2
                /clock 2026-11-27T16:00:00Z
                /commit done 3
                /as @maya
                /commit @sam approve the sitemap by 2026-12-03 kind:approval
                /clock 2026-12-17T12:00:00Z
                /commit status @sam
                /as @sam
                /commit status
                /commit status @lee
                /commit report last week
                /commit agreement
                /as @lee
                /commit status @sam
                /commit list
                """;

        List<String> out = run(script);

        // Sam lapsed on three separate days: a serial defaulter, and later up for a disengagement review. Maya sees it.
        // (She had her message on Friday: it comes with Monday's, in one.)
        assertTrue(out.stream().anyMatch(l -> l.startsWith("[DM @maya] (Mon 30 Nov 09:00 Europe/London) ") && l.contains(
                "Standing update for @sam: serial defaulter (0 of 3 on time (0%)). Late on 3 separate occasions in 90 days")),
                () -> String.join("\n", out));
        assertEquals(List.of("[private @maya] @sam: disengagement review · reliability 0 of 4 on time (0%) · 1 open, 1 overdue"
                + " | • #5 approve the sitemap — due Thu 3 Dec 22:00 (Europe/London), 10 working days late (timeline +10"
                + " working days · work may pause per the agreement); 7 reminders sent, the last Thu 10 Dec 14:30 (Europe/London);"
                + " disengagement review sent Mon 14 Dec 09:30 (Europe/London)"
                + " | #acme so far: timeline +17 working days · work may pause per the agreement."),
                lines(out, "[private @maya] @sam: "));
        // Sam and Lee read what is open, what is overdue, what the agreement says it has cost and the reminders the owner
        // had, worded for them: never the escalations to the consultancy or the review.
        assertEquals(List.of(
                "[private @sam] What you owe in #acme: 1 open, 1 overdue"
                        + " | • #5 approve the sitemap — due Thu 3 Dec 17:00 (America/New_York), 10 working days late"
                        + " (timeline +10 working days · work may pause per the agreement); 7 reminders sent, the last Thu 10 Dec"
                        + " 09:30 (America/New_York)"
                        + " | Per the working agreement, so far: timeline +17 working days · work may pause per the agreement.",
                "[private @sam] @lee owes in #acme: 1 open, 1 overdue"
                        + " | • #4 sign the SOW — due Fri 27 Nov 11:00 (America/New_York), 14 working days late"
                        + " (timeline +14 working days · work may pause per the agreement); 7 reminders sent, the last Fri 4 Dec"
                        + " 03:30 (America/New_York)"
                        + " | Per the working agreement, so far: timeline +17 working days · work may pause per the agreement.",
                "[private @lee] @sam owes in #acme: 1 open, 1 overdue"
                        + " | • #5 approve the sitemap — due Thu 3 Dec 23:00 (Europe/Berlin), 10 working days late"
                        + " (timeline +10 working days · work may pause per the agreement); 7 reminders sent, the last Thu 10 Dec"
                        + " 15:30 (Europe/Berlin)"
                        + " | Per the working agreement, so far: timeline +17 working days · work may pause per the agreement."),
                lines(out, "[private @sam] What you owe", "[private @sam] @lee owes", "[private @lee] @sam owes"));
        // The agreement a client reads names the ladder's steps they take part in, not the review.
        assertTrue(out.contains("[private @sam] Working agreement for #acme | Reminders: a heads-up 2 working days before a"
                + " due date, a reminder on the day, then one each working day (up to 5), at 09:30 in each person's time zone"
                + " and working hours; at most one message a day from Keepword to each person. | Each side answers within 2 working days. A date can be moved before"
                + " it passes (up to 2 times) without counting as a miss. | Consequences: When a client input is late, the"
                + " timeline moves by the same number of working days. Work pauses once an input is 10 working days late."
                + " | Escalation (tier 2): consultant looped in (+2) → escalation channel (+5) → final notice (+7)."
                + " | Agreed by: nobody yet | If this works for you, say so with /commit agree or the button."
                + " [I agree: /commit agree]"), () -> String.join("\n", out));
        // Nothing a client reads (answers, DMs, the shared summaries, the report) carries the internal view.
        List<String> clientReads = out.stream().filter(l -> CLIENT_READS.matcher(l).matches()).toList();
        assertTrue(clientReads.size() > 20, () -> String.join("\n", clientReads));
        assertEquals(List.of(), clientReads.stream().filter(l -> INTERNAL.matcher(l).matches()).toList());
        assertTrue(clientReads.stream().anyMatch(l -> l.startsWith("[#acme] Weekly summary for #acme")));
        assertTrue(clientReads.stream().anyMatch(l -> l.startsWith("[private @sam] Report for #acme")));
    }

    @Test
    void oneBadDayIsOneLapseMetWithUnderstandingInWhatTheClientReadsToo() {
        String script = """
                /commit @sam send the logo by tuesday kind:input
                /commit @sam send the copy by tuesday kind:input
                /commit @sam send the photos by tuesday kind:input
                /clock 2026-11-25T16:00:00Z
                /as @sam
                /commit done 1
                /commit done 2
                /commit done 3
                /as @maya
                /clock 2026-11-26T12:00:00Z
                /commit status @sam
                """;

        List<String> out = run(script);

        // Three things due the same day, each a day late: one lapse. Sam's reminder is understanding, not firm; Maya
        // reads "slipping", a first lapse, not "serial defaulter".
        assertEquals(List.of("[DM @sam] (Wed 25 Nov 09:30 America/New_York) 3 commitments need a look:"
                + " | #1 send the logo was due Tue 24 Nov 17:00 (America/New_York) and is now 1 working day late. These things"
                + " happen. Could you send it when you can, or pick a new date that works for you? @maya will plan around it."
                + waysOut(1)
                + " | #2 send the copy was due Tue 24 Nov 17:00 (America/New_York) and is now 1 working day late. These things"
                + " happen. Could you send it when you can, or pick a new date that works for you? @maya will plan around it."
                + waysOut(2)
                + " | #3 send the photos was due Tue 24 Nov 17:00 (America/New_York) and is now 1 working day late. These things"
                + " happen. Could you send it when you can, or pick a new date that works for you? @maya will plan around it."
                + waysOut(3)), lines(out, "[DM @sam] (Wed 25 Nov"));
        assertTrue(out.contains("[DM @maya] (Wed 25 Nov 14:30 Europe/London) Standing update for @sam: slipping (0 of 3 on time"
                + " (0%)). A first lapse: understanding is in order, nothing more."), () -> String.join("\n", out));
        assertEquals(List.of(), out.stream().filter(l -> l.contains("serial defaulter") || l.contains("was due Tue 24 Nov"
                + " 17:00 (America/New_York) and is now 1 working day late. @maya is waiting on it")).toList());
        assertEquals(List.of("[private @maya] @sam: slipping · reliability 0 of 3 on time (0%) · 0 open, 0 overdue"
                + " | #acme so far: timeline +1 working day."), lines(out, "[private @maya] @sam: "));
    }

    @Test
    void aChangeRequestCanBeDeclinedAndNeverTurnsIntoAMissFeesOrAFinalNotice() {
        String script = """
                /commit change @lee add a French version est 8h
                /clock 2026-12-14T12:00:00Z
                /as @lee
                /commit done 1
                /commit cancel 1
                /commit decline 1 not in this quarter's budget
                /commit decline 1
                /as @maya
                /commit status @lee
                /commit report 2026-11-23 to 2026-12-13
                """;

        List<String> out = run(script);

        // Lee is asked for a decision, reminded on the day and once after, and never again: no ladder, no final notice.
        List<String> lee = out.stream().filter(l -> l.startsWith("[DM @lee]") || l.startsWith("[private @lee]")
                || l.startsWith("[#acme-internal] Escalation")).filter(l -> !l.contains("Working agreement")).toList();
        assertEquals(List.of(
                "[DM @lee] (Mon 23 Nov 11:03 Europe/Berlin) @maya asks for your decision on a change request in #acme: #1 approve the change order: add a French version (est 8h). It is extra work, outside the agreed scope. | Please decide by Wed 25 Nov 17:00 (Europe/Berlin). Approve: /commit approve 1 · Decline: /commit decline 1 REASON. Declining is fine: nothing is owed until you approve." + approveOrDecline(1),
                "[DM @lee] (Wed 25 Nov 09:30 Europe/Berlin) Your decision, please, by Wed 25 Nov 17:00 (Europe/Berlin): #1"
                        + " approve the change order: add a French version (est 8h). It is extra work for @maya, outside the"
                        + " agreed scope. Approve it and the work is scheduled; decline it and the scope stays as agreed."
                        + approveOrDecline(1),
                "[DM @lee] (Thu 26 Nov 09:30 Europe/Berlin) Still waiting for your decision on #1 approve the change order: add a"
                        + " French version (est 8h), asked for by Wed 25 Nov 17:00 (Europe/Berlin). Either answer is fine: @maya"
                        + " only needs to know whether to go ahead. This is the last reminder about it." + approveOrDecline(1),
                "[private @lee] #1 is a change request: approve it (/commit approve 1) or decline it (/commit decline 1 REASON).",
                "[private @lee] #1 is a change request: it is yours to approve or decline. To turn it down, say: /commit decline"
                        + " 1 REASON (or /commit approve 1 to go ahead).",
                "[private @lee] Declined #1: add a French version (est 8h). Thank you for deciding; the scope stays as agreed,"
                        + " and nothing is owed.",
                "[private @lee] #1 was already declined. To ask again, log it anew with /commit change-request."), lee);
        // The decline is recorded and Maya hears it; it costs nothing and counts as no miss, in standing or summaries.
        assertEquals(List.of(), lines(out, "[DM @maya] @lee declined"));
        assertEquals(List.of("[private @maya] @lee: good standing · reliability nothing fell due yet · 0 open, 0 overdue"
                + " | #acme so far: no timeline slip."), lines(out, "[private @maya] @lee: "));
        assertEquals(List.of(), out.stream().filter(l -> l.contains("missed: #1") || l.contains("Final notice")
                || l.contains("Standing update") || l.contains("late fees")).toList());
        assertTrue(out.stream().filter(l -> l.startsWith("[#acme] Weekly summary"))
                .allMatch(l -> l.contains("Client: nothing fell due, was done or was moved.")), () -> String.join("\n", out));
    }

    @Test
    void aClientApprovesAChangeRequestWithTheButtonAndTheConsultantHearsIt() {
        String script = """
                /commit change @sam a second landing page est 6h by friday
                /as @lee
                /commit approve 2
                /as @maya
                /commit approve 1
                /commit @sam send the logo by friday kind:input
                /as @sam
                /commit approve 2
                /commit approve 1 now
                /commit approve 1
                /commit approve 1
                """;

        List<String> out = run(script);

        // Bad input gets a clear private answer and changes nothing; the approval reaches Maya, who logged it.
        assertEquals(List.of(
                "[private @lee] I can't find #2. /commit list shows the commitments you can see.",
                "[private @maya] Change requests are approved or declined by the client (@sam). To withdraw #1, "
                    + "cancel it: /commit cancel 1 no longer needed",
                "[private @sam] #2 is not a change request, so there is nothing to approve. /commit done 2 closes "
                    + "it; a change request is logged with /commit change-request.",
                "[private @sam] \"approve\" takes only the change request's number, for example: /commit approve 1",
                "[private @sam] Approved #1: a second landing page (est 6h). @maya will schedule the work. Thank you "
                    + "for deciding.",
                "[private @sam] #1 was already approved. /commit list shows what is still open."),
                lines(out, "[private @lee] I can't", "[private @maya] Change", "[private @sam] #", "[private @sam] \"",
                        "[private @sam] Approved", "[DM @maya] @sam approved"));
    }

    @Test
    void anUnpaidInvoiceIsNeverNamedWhereTheClientsColleaguesReadOnlyInternallyAndToOwnerAndSponsor() {
        String script = """
                /commit setup client @sam @lee owner @maya escalate #acme sponsor @lee
                /commit setup client @sam @lee owner @maya escalate #acme-internal
                /commit @sam pay invoice 1043 by 2026-11-25 kind:payment
                /commit @lee send the photos by 2026-11-27 kind:input
                /clock 2026-12-07T12:00:00Z
                /as @lee
                /commit list
                /commit status @sam
                /commit report last week
                /as @sam
                /commit list mine
                """;

        List<String> out = run(script);

        assertEquals(List.of("[private @maya] Escalations, standing and the internal summary are for the consultancy, so"
                + " they can't go to #acme, which the client reads. Name a channel only your team is in, for example:"
                + " /commit setup client @sam @lee owner @maya escalate #acme-internal"), lines(out, "[private @maya] Escalations"));
        // Lee, a colleague, never reads about Sam's invoice: not in the shared summaries, list, status or report.
        List<String> leeAndChannel = out.stream().filter(l -> l.startsWith("[#acme]") || l.startsWith("[private @lee]")
                || l.startsWith("[DM @lee]")).toList();
        assertTrue(leeAndChannel.stream().anyMatch(l -> l.startsWith("[#acme] Weekly summary for #acme: Mon 23 Nov")));
        assertEquals(List.of(), leeAndChannel.stream().filter(l -> l.contains("invoice")).toList());
        assertEquals(List.of("[private @lee] 1 open in #acme: | #2 @lee: send the photos — owed to @maya — due Fri 27 Nov"
                + " 17:00 (Europe/Berlin) — 6 working days late"), lines(out, "[private @lee] 1 open"));
        // The internal summary, the (internal) escalation channel and Sam himself do.
        assertTrue(out.stream().anyMatch(l -> l.startsWith("[#acme-internal] Internal summary for #acme: Mon 23 Nov")
                && l.contains("missed: #1 pay invoice 1043 (@sam")), () -> String.join("\n", out));
        assertTrue(out.contains("[#acme-internal] Escalation: #1 pay invoice 1043, owed by @sam to @maya, is 5 working days"
                + " late (due Wed 25 Nov 22:00 (Europe/London)). So far: timeline +5 working days."), () -> String.join("\n", out));
        assertEquals(List.of("[private @sam] 1 you owe in #acme: | #1 @sam: pay invoice 1043 — owed to @maya — due Wed 25 Nov"
                + " 17:00 (America/New_York) — 8 working days late"), lines(out, "[private @sam] 1 you owe"));
    }

    @Test
    void theSponsorHearsAboutALatePaymentByDirectMessage() {
        String script = """
                /commit setup client @sam @lee owner @maya escalate #acme-internal sponsor @lee
                /commit @sam pay invoice 1044 by 2026-11-25 kind:payment
                /as @sam
                /commit agree
                /clock 2026-12-03T12:00:00Z
                /as @lee
                /commit list
                """;

        List<String> out = run(script);

        assertEquals(List.of("[DM @lee] (Wed 2 Dec 10:30 Europe/Berlin) For your awareness: #1 pay invoice 1044, which @sam"
                + " owes @maya, is 5 working days late (due Wed 25 Nov 23:00 (Europe/Berlin)). | Our working agreement says: Payments are due on the date agreed. Work pauses once a payment is 10"
                + " working days late."), lines(out, "[DM @lee] (Wed 2 Dec"));
        assertEquals(List.of("[private @lee] 1 open in #acme: | #1 @sam: pay invoice 1044 — owed to @maya — due Wed 25 Nov"
                + " 23:00 (Europe/Berlin) — 6 working days late"), lines(out, "[private @lee] 1 open"));
        assertEquals(List.of(), out.stream().filter(l -> l.startsWith("[#acme]") && l.contains("invoice")).toList());
    }

    @Test
    void aBlockerFlaggedBeforeTheDueDateIsNoMissAndGoesBackToTheConsultantWhileItStaysBlocked() {
        String script = """
                /commit @sam send the logo by 2026-11-25 kind:input
                /as @sam
                /commit blocked 1 waiting for legal to approve the logo usage
                /as @maya
                /clock 2026-12-01T12:00:00Z
                /commit status @sam
                /as @sam
                /commit status
                /as @maya
                /commit move 1 2026-12-03 because legal signed off
                /as @sam
                /commit done 1
                /as @maya
                /clock 2026-12-07T12:00:00Z
                /commit status @sam
                """;

        List<String> out = run(script);

        // Maya hears again every two working days (the agreement's response time) while it stays blocked, and no longer
        // once she agrees a new date; Sam gets no reminder, no "late", and his standing stays good.
        assertEquals(List.of(
                "[DM @maya] (Mon 23 Nov 10:00 Europe/London) @sam says #1 send the logo is blocked: waiting for "
                    + "legal to approve the logo usage",
                "[DM @maya] (Wed 25 Nov 09:30 Europe/London) #1 send the logo (@sam, due Wed 25 Nov 22:00 "
                    + "(Europe/London)) has been blocked for 2 working days: waiting for legal to approve the logo usage. "
                    + "Could you help unblock it, or agree a new date? [Mark done: /commit done 1] [New date: /commit move "
                    + "1 WHEN because REASON]",
                "[DM @maya] (Fri 27 Nov 09:30 Europe/London) #1 send the logo (@sam, due Wed 25 Nov 22:00 "
                    + "(Europe/London)) has been blocked for 4 working days: waiting for legal to approve the logo usage. "
                    + "Could you help unblock it, or agree a new date? [Mark done: /commit done 1] [New date: /commit move "
                    + "1 WHEN because REASON]",
                "[DM @maya] (Tue 1 Dec 09:30 Europe/London) #1 send the logo (@sam, due Wed 25 Nov 22:00 "
                    + "(Europe/London)) has been blocked for 6 working days: waiting for legal to approve the logo usage. "
                    + "Could you help unblock it, or agree a new date? [Mark done: /commit done 1] [New date: /commit move "
                    + "1 WHEN because REASON]",
                "[DM @maya] (Wed 2 Dec 09:30 Europe/London) @sam marked #1 send the logo done."), lines(out, "[DM @maya]"));
        assertEquals(List.of(
                "[private @maya] @sam: good standing · reliability nothing fell due yet · 1 open, 0 overdue"
                        + " | • #1 send the logo — due Wed 25 Nov 22:00 (Europe/London), blocked: waiting for legal to approve"
                        + " the logo usage | #acme so far: no timeline slip.",
                "[private @sam] What you owe in #acme: 1 open, 0 overdue"
                        + " | • #1 send the logo — due Wed 25 Nov 17:00 (America/New_York), blocked: waiting for legal to approve"
                        + " the logo usage | Per the working agreement, so far: no timeline slip.",
                "[private @maya] @sam: good standing · reliability 1 of 1 on time (100%) · 0 open, 0 overdue"
                        + " | #acme so far: no timeline slip."),
                lines(out, "[private @maya] @sam: ", "[private @sam] What you owe"));
        // Sam hears of #1 when his day starts, and nothing after: no reminder while it is blocked, no miss.
        // (Maya's new date reaches him as word of what she did, not as a reminder.)
        assertEquals(List.of(), out.stream().filter(l -> l.startsWith("[DM @sam] (") && !l.contains("@maya recorded a commitment")
                && !l.contains("@maya moved #1") || l.contains("missed: #1")
                || l.contains("Overdue now")).toList());
    }

    @Test
    void theMoveThatWouldExceedTheFreeRenegotiationsWarnsAndCountsOnlyOnceConfirmed() {
        String script = """
                /commit @sam send the logo by 2026-11-30 kind:input
                /as @sam
                /commit move 1 2026-12-01 because the designer is ill
                /commit move 1 2026-12-02 because the printer is late
                /commit move 1 2026-12-03 because one more proof
                /commit list
                /commit move 1 2026-12-03 because one more proof confirm
                /clock +1h
                """;

        List<String> out = run(script);

        // The warning records nothing (the due date stays, Maya hears nothing); the confirmed move counts as late.
        assertEquals(List.of(
                "[private @sam] Moved #1 to Tue 1 Dec 17:00 (America/New_York).",
                "[private @sam] Moved #1 to Wed 2 Dec 17:00 (America/New_York).",
                "[private @sam] #1 has already been moved twice, as often as the agreement allows without it counting as"
                        + " missed. Moved again, it will count as missed in the weekly summary. To move it anyway, add confirm at"
                        + " the end: /commit move 1 2026-12-03 because one more proof confirm",
                "[private @sam] 1 open in #acme: | #1 @sam: send the logo — owed to @maya — due Wed 2 Dec 17:00 (America/New_York)",
                "[private @sam] Moved #1 to Thu 3 Dec 17:00 (America/New_York)."), lines(out, "[private @sam] Moved",
                "[private @sam] #1 has", "[private @sam] 1 open"));
        assertEquals(List.of(
                "[DM @maya] (Mon 23 Nov 10:00 Europe/London) @sam moved #1 send the logo from Mon 30 Nov 17:00 "
                    + "(America/New_York) to Tue 1 Dec 17:00 (America/New_York), because the designer is ill | @sam moved "
                    + "#1 send the logo from Tue 1 Dec 17:00 (America/New_York) to Wed 2 Dec 17:00 (America/New_York), "
                    + "because the printer is late | Standing update for @sam: slipping (0 of 1 on time (0%)). A first "
                    + "lapse: understanding is in order, nothing more. | @sam moved #1 send the logo from Wed 2 Dec 17:00 "
                    + "(America/New_York) to Thu 3 Dec 17:00 (America/New_York), because one more proof"), lines(out, "[DM @maya]"));
    }

    @Test
    void aMoveThatIsEarlierAndPastTheFreeRenegotiationsSaysBothInOneAnswerAndOneConfirmDoesIt() {
        String script = """
                /commit @sam send the logo by 2026-12-04 kind:input
                /as @sam
                /commit move 1 2026-12-07 because the designer is ill
                /commit move 1 2026-12-08 because the printer is late
                /commit move 1 2026-12-02 because the proof came early
                /commit list
                /commit move 1 2026-12-02 because the proof came early confirm
                """;

        List<String> out = run(script);

        // One question covers both: it comes earlier, and it is past the free moves. Nothing changes until confirmed.
        assertEquals(List.of(
                "[private @sam] Moved #1 to Mon 7 Dec 17:00 (America/New_York).",
                "[private @sam] Moved #1 to Tue 8 Dec 17:00 (America/New_York).",
                "[private @sam] #1 is due Tue 8 Dec 17:00 (America/New_York); \"2026-12-02\" is earlier: Wed 2 Dec 17:00. It has also"
                        + " already been moved twice, as often as the agreement allows without it counting as missed, so moved"
                        + " again it will count as missed in the weekly summary, even though it comes earlier. Nothing has changed"
                        + " yet. To bring it forward anyway, type: /commit move 1 2026-12-02 because the proof came early confirm",
                "[private @sam] 1 open in #acme: | #1 @sam: send the logo — owed to @maya — due Tue 8 Dec 17:00 (America/New_York)",
                "[private @sam] Moved #1 to Wed 2 Dec 17:00 (America/New_York)."), lines(out, "[private @sam] Moved",
                "[private @sam] #1 is", "[private @sam] 1 open"));
        assertEquals(List.of(), lines(out, "[DM @maya] @sam moved #1 send the logo from Tue"));
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The four ways out every owner reminder offers, as the console prints the buttons. */
    private static String waysOut(int id) {
        return " [Done: /commit done " + id + "] [New date: /commit move " + id + " WHEN because REASON]"
                + " [Blocked: /commit blocked " + id + " REASON] [Not mine: /commit notmine " + id + "]";
    }

    /** A change request's buttons. */
    private static String approveOrDecline(int id) {
        return " [Approve: /commit approve " + id + "] [Decline: /commit decline " + id + "]";
    }

    /** The buttons of a note to a consultant: close it, or agree a new date on the owner's behalf. */
    private static String markDoneOrMove(int id) {
        return " [Mark done: /commit done " + id + "] [New date: /commit move " + id + " WHEN because REASON]";
    }

    private static List<String> lines(List<String> out, String... prefixes) {
        return out.stream().filter(l -> java.util.Arrays.stream(prefixes).anyMatch(l::startsWith)).toList();
    }

    /** Runs the console entry point on this test's file database, from Monday morning. */
    private List<String> run(String script) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        String db = "jdbc:h2:file:" + dir.resolve("keepword").toAbsolutePath() + ";WRITE_DELAY=500";
        int code = run(new String[] {"console", "--db", db, "--now", MONDAY_MORNING},
                new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8),
                Settings.of(Map.of("KEEPWORD_OUT_DIR", dir.resolve("out").toString())));
        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, code, () -> stderr.toString(StandardCharsets.UTF_8));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("[console] Something went wrong")), () -> String.join("\n", lines));
        return lines;
    }

    /** {@code Keepword.run} is package-private; reached reflectively, as {@link EscalationScenariosTest} does. */
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
