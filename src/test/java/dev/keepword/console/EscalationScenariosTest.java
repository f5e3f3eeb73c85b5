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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole engagements over simulated weeks, through the console adapter: each test pipes a script into the real entry
 * point ({@code Keepword.run}, as {@code mvn exec:java} does) on a file database, starting Monday 23 November 2026
 * 10:00 UTC in the demo workspace (Maya, consultant, London; Sam, client, New York; Lee, client, Berlin; escalations to
 * #acme-internal), and reads what people were told: every direct message (those the engine delivers carry the local
 * time they arrived, in the reader's zone), the ladder's posts in escalation channels, and the simulated clock.
 * A channel post carries no time, so a script moves the clock to a minute before a rung and then to the rung: the post
 * prints between the two clock lines. Weekly summaries are another feature's lines and are left out.
 */
class EscalationScenariosTest {

    private static final String MONDAY_MORNING = "2026-11-23T10:00:00Z";
    /** Lines about the ladder: DMs, escalation-channel posts (not summaries) and the clock. */
    private static final Pattern TOLD = Pattern.compile(
            "^(\\[DM @\\w+] .*|\\[#[\\w-]+-internal] Escalation: .*|\\[console] Clock: .*)$");

    @TempDir
    Path dir;

    @Test
    void aOneTimeDefaulterMeetsUnderstandingAndACleanStreakEarnsGoodStandingBack() {
        String script = """
                /commit @sam send the logo by tuesday kind:input
                /clock 2026-11-25T16:00:00Z
                /as @sam
                /commit done 1 sorry, it slipped my mind
                /as @maya
                /commit @sam send the copy by friday kind:input
                /commit @sam send the photos by 2026-12-01 kind:input
                /commit @sam approve the sitemap by 2026-12-02 kind:approval
                /as @sam
                /clock 2026-11-27T15:00:00Z
                /commit done 2
                /clock 2026-12-01T15:00:00Z
                /commit done 3
                /clock 2026-12-02T15:00:00Z
                /commit done 4 approved
                /clock 2026-12-07T15:00:00Z
                /as @maya
                /commit status @sam
                """;

        List<String> out = run(script);

        assertEquals(List.of(
                "[DM @sam] (Mon 23 Nov 09:00 America/New_York) @maya recorded a commitment for you in #acme: #1 send "
                    + "the logo, owed to @maya. | Due Tue 24 Nov 17:00 (America/New_York). Done already? /commit done 1 · "
                    + "Need another date? /commit move 1 NEW-DATE because REASON",
                "[DM @sam] (Tue 24 Nov 09:30 America/New_York) Due today: #1 send the logo, owed to @maya, by Tue 24 "
                    + "Nov 17:00 (America/New_York). [Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] "
                    + "[Blocked: /commit blocked 1 REASON] [Not mine: /commit notmine 1]",
                "[DM @sam] (Wed 25 Nov 09:30 America/New_York) #1 send the logo was due Tue 24 Nov 17:00 "
                    + "(America/New_York) and is now 1 working day late. These things happen. Could you send it when you "
                    + "can, or pick a new date that works for you? @maya will plan around it. [Done: /commit done 1] [New "
                    + "date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 REASON] [Not mine: /commit "
                    + "notmine 1]",
                "[DM @maya] (Wed 25 Nov 14:30 Europe/London) Standing update for @sam: slipping (0 of 1 on time "
                    + "(0%)). A first lapse: understanding is in order, nothing more.",
                "[console] Clock: Wed 25 Nov 2026 16:00 UTC.",
                "[DM @maya] (Thu 26 Nov 09:30 Europe/London) @sam marked #1 send the logo done: sorry, it slipped my "
                    + "mind",
                "[DM @sam] (Thu 26 Nov 09:30 America/New_York) @maya recorded 3 commitments for you in #acme: | • #2 "
                    + "send the copy, owed to @maya — due Fri 27 Nov 17:00 (America/New_York) | • #3 send the photos, owed "
                    + "to @maya — due Tue 1 Dec 17:00 (America/New_York) | • #4 approve the sitemap, owed to @maya — due "
                    + "Wed 2 Dec 17:00 (America/New_York) | Done already? /commit done ID · Need another date? /commit "
                    + "move ID NEW-DATE because REASON",
                "[DM @sam] (Fri 27 Nov 09:30 America/New_York) 2 commitments need a look: | Due today: #2 send the "
                    + "copy, owed to @maya, by Fri 27 Nov 17:00 (America/New_York). [Done: /commit done 2] [New date: "
                    + "/commit move 2 WHEN because REASON] [Blocked: /commit blocked 2 REASON] [Not mine: /commit notmine "
                    + "2] | Friendly heads-up: #3 send the photos is due Tue 1 Dec 17:00 (America/New_York), owed to "
                    + "@maya. If anything stands in the way, now is a good time to say. [Done: /commit done 3] [New date: "
                    + "/commit move 3 WHEN because REASON] [Blocked: /commit blocked 3 REASON] [Not mine: /commit notmine "
                    + "3]",
                "[console] Clock: Fri 27 Nov 2026 15:00 UTC.",
                "[DM @maya] (Fri 27 Nov 15:00 Europe/London) @sam marked #2 send the copy done.",
                "[DM @sam] (Mon 30 Nov 09:30 America/New_York) Friendly heads-up: #4 approve the sitemap is due Wed "
                    + "2 Dec 17:00 (America/New_York), owed to @maya. If anything stands in the way, now is a good time to "
                    + "say. [Done: /commit done 4] [New date: /commit move 4 WHEN because REASON] [Blocked: /commit "
                    + "blocked 4 REASON] [Not mine: /commit notmine 4]",
                "[DM @sam] (Tue 1 Dec 09:30 America/New_York) Due today: #3 send the photos, owed to @maya, by Tue 1 "
                    + "Dec 17:00 (America/New_York). [Done: /commit done 3] [New date: /commit move 3 WHEN because REASON] "
                    + "[Blocked: /commit blocked 3 REASON] [Not mine: /commit notmine 3]",
                "[console] Clock: Tue 1 Dec 2026 15:00 UTC.",
                "[DM @maya] (Tue 1 Dec 15:00 Europe/London) @sam marked #3 send the photos done.",
                "[DM @sam] (Wed 2 Dec 09:30 America/New_York) Due today: #4 approve the sitemap, owed to @maya, by "
                    + "Wed 2 Dec 17:00 (America/New_York). [Done: /commit done 4] [New date: /commit move 4 WHEN because "
                    + "REASON] [Blocked: /commit blocked 4 REASON] [Not mine: /commit notmine 4]",
                "[console] Clock: Wed 2 Dec 2026 15:00 UTC.",
                "[DM @maya] (Wed 2 Dec 15:00 Europe/London) Standing update for @sam: good standing (3 of 4 on time "
                    + "(75%)). A clean streak: back in good standing. | @sam marked #4 approve the sitemap done: approved",
                "[console] Clock: Mon 7 Dec 2026 15:00 UTC."), told(out));
        assertEquals(List.of("[private @maya] @sam: good standing · reliability 3 of 4 on time (75%) · 0 open, 0 overdue"
                + " | #acme so far: timeline +1 working day."), replies(out, "[private @maya] @sam: "));
    }

    @Test
    void aSerialDefaultersNextCommitmentClimbsTheFirmerTierThreeLadder() {
        String script = """
                /commit @sam send the logo by tuesday kind:input
                /commit @sam send the copy by wednesday kind:input
                /commit @sam send the photos by thursday kind:input
                /clock 2026-11-25T16:00:00Z
                /as @sam
                /commit done 1
                /clock 2026-11-26T16:00:00Z
                /commit done 2
                /clock 2026-11-27T16:00:00Z
                /commit done 3
                /as @maya
                /commit @sam approve the sitemap by 2026-12-03 kind:approval
                /clock 2026-12-08T09:29:00Z
                /clock 2026-12-08T09:30:00Z
                /commit status @sam
                """;

        List<String> out = run(script);

        // One miss: slipping. The third: serial defaulter. Sam's next commitment then climbs tier 3: Maya is looped in
        // at 09:30 her time one working day after the due date (tier 2 waits for Sam's 09:30 New York reminder), and
        // the escalation channel hears after three working days, not five.
        assertEquals(List.of(
                "[DM @sam] (Mon 23 Nov 09:00 America/New_York) @maya recorded 3 commitments for you in #acme: | • #1 "
                    + "send the logo, owed to @maya — due Tue 24 Nov 17:00 (America/New_York) | • #2 send the copy, owed "
                    + "to @maya — due Wed 25 Nov 17:00 (America/New_York) | • #3 send the photos, owed to @maya — due Thu "
                    + "26 Nov 17:00 (America/New_York) | Done already? /commit done ID · Need another date? /commit move "
                    + "ID NEW-DATE because REASON",
                "[DM @sam] (Tue 24 Nov 09:30 America/New_York) 2 commitments need a look: | Due today: #1 send the "
                    + "logo, owed to @maya, by Tue 24 Nov 17:00 (America/New_York). [Done: /commit done 1] [New date: "
                    + "/commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 REASON] [Not mine: /commit notmine "
                    + "1] | Friendly heads-up: #3 send the photos is due Thu 26 Nov 17:00 (America/New_York), owed to "
                    + "@maya. If anything stands in the way, now is a good time to say. [Done: /commit done 3] [New date: "
                    + "/commit move 3 WHEN because REASON] [Blocked: /commit blocked 3 REASON] [Not mine: /commit notmine "
                    + "3]",
                "[DM @sam] (Wed 25 Nov 09:30 America/New_York) 2 commitments need a look: | Due today: #2 send the "
                    + "copy, owed to @maya, by Wed 25 Nov 17:00 (America/New_York). [Done: /commit done 2] [New date: "
                    + "/commit move 2 WHEN because REASON] [Blocked: /commit blocked 2 REASON] [Not mine: /commit notmine "
                    + "2] | #1 send the logo was due Tue 24 Nov 17:00 (America/New_York) and is now 1 working day late. "
                    + "These things happen. Could you send it when you can, or pick a new date that works for you? @maya "
                    + "will plan around it. [Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] "
                    + "[Blocked: /commit blocked 1 REASON] [Not mine: /commit notmine 1]",
                "[DM @maya] (Wed 25 Nov 14:30 Europe/London) Standing update for @sam: slipping (0 of 1 on time "
                    + "(0%)). A first lapse: understanding is in order, nothing more.",
                "[console] Clock: Wed 25 Nov 2026 16:00 UTC.",
                "[DM @maya] (Thu 26 Nov 09:30 Europe/London) @sam marked #1 send the logo done.",
                "[DM @sam] (Thu 26 Nov 09:30 America/New_York) 2 commitments need a look: | Due today: #3 send the "
                    + "photos, owed to @maya, by Thu 26 Nov 17:00 (America/New_York). [Done: /commit done 3] [New date: "
                    + "/commit move 3 WHEN because REASON] [Blocked: /commit blocked 3 REASON] [Not mine: /commit notmine "
                    + "3] | #2 send the copy was due Wed 25 Nov 17:00 (America/New_York) and is now 1 working day late. "
                    + "@maya is waiting on it: could you send it today, or agree a new date? [Done: /commit done 2] [New "
                    + "date: /commit move 2 WHEN because REASON] [Blocked: /commit blocked 2 REASON] [Not mine: /commit "
                    + "notmine 2]",
                "[console] Clock: Thu 26 Nov 2026 16:00 UTC.",
                "[DM @maya] (Fri 27 Nov 09:30 Europe/London) @sam marked #2 send the copy done.",
                "[DM @sam] (Fri 27 Nov 09:30 America/New_York) #3 send the photos was due Thu 26 Nov 17:00 "
                    + "(America/New_York) and is now 1 working day late. @maya is waiting on it: could you send it today, "
                    + "or agree a new date? [Done: /commit done 3] [New date: /commit move 3 WHEN because REASON] "
                    + "[Blocked: /commit blocked 3 REASON] [Not mine: /commit notmine 3]",
                "[console] Clock: Fri 27 Nov 2026 16:00 UTC.",
                "[DM @maya] (Mon 30 Nov 09:30 Europe/London) Standing update for @sam: serial defaulter (0 of 3 on "
                    + "time (0%)). Late on 3 separate occasions in 90 days: their reminders now follow the tier 3 ladder. "
                    + "| @sam marked #3 send the photos done.",
                "[DM @sam] (Mon 30 Nov 09:30 America/New_York) @maya recorded a commitment for you in #acme: #4 "
                    + "approve the sitemap, owed to @maya. | Due Thu 3 Dec 17:00 (America/New_York). Done already? /commit "
                    + "done 4 · Need another date? /commit move 4 NEW-DATE because REASON",
                "[DM @sam] (Tue 1 Dec 09:30 America/New_York) Friendly heads-up: #4 approve the sitemap is due Thu 3 "
                    + "Dec 17:00 (America/New_York), owed to @maya. If anything stands in the way, now is a good time to "
                    + "say. [Done: /commit done 4] [New date: /commit move 4 WHEN because REASON] [Blocked: /commit "
                    + "blocked 4 REASON] [Not mine: /commit notmine 4]",
                "[DM @sam] (Thu 3 Dec 09:30 America/New_York) Due today: #4 approve the sitemap, owed to @maya, by "
                    + "Thu 3 Dec 17:00 (America/New_York). [Done: /commit done 4] [New date: /commit move 4 WHEN because "
                    + "REASON] [Blocked: /commit blocked 4 REASON] [Not mine: /commit notmine 4]",
                "[DM @maya] (Fri 4 Dec 14:30 Europe/London) @sam has gone quiet: not heard from for 5 working days, "
                    + "with this waiting on them: | • #4 approve the sitemap — due Thu 3 Dec 22:00 (Europe/London), 1 "
                    + "working day late",
                "[DM @sam] (Fri 4 Dec 09:30 America/New_York) #4 approve the sitemap was due Thu 3 Dec 17:00 "
                    + "(America/New_York) and is now 1 working day late. @maya is waiting on it: could you send it today, "
                    + "or agree a new date? [Done: /commit done 4] [New date: /commit move 4 WHEN because REASON] "
                    + "[Blocked: /commit blocked 4 REASON] [Not mine: /commit notmine 4]",
                "[DM @maya] (Mon 7 Dec 14:30 Europe/London) @sam hasn't answered about #4 approve the sitemap (owed "
                    + "to @maya, due Thu 3 Dec 22:00 (Europe/London), 2 working days late). It may be time for a personal "
                    + "word. | History: | • Fri 27 Nov 16:00 (Europe/London) @maya recorded it, due Thu 3 Dec 22:00 "
                    + "(Europe/London) | • Tue 1 Dec 14:30 (Europe/London) friendly heads-up sent to @sam | • Thu 3 Dec "
                    + "14:30 (Europe/London) due-today reminder sent to @sam | • Fri 4 Dec 14:30 (Europe/London) firm "
                    + "reminder sent to @sam [Mark done: /commit done 4] [New date: /commit move 4 WHEN because REASON]",
                "[DM @sam] (Mon 7 Dec 09:30 America/New_York) A reminder: #4 approve the sitemap was due Thu 3 Dec "
                    + "17:00 (America/New_York) (2 working days ago). @maya is still waiting on it. [Done: /commit done 4] "
                    + "[New date: /commit move 4 WHEN because REASON] [Blocked: /commit blocked 4 REASON] [Not mine: "
                    + "/commit notmine 4]",
                "[console] Clock: Tue 8 Dec 2026 09:29 UTC.",
                "[#acme-internal] Escalation: #4 approve the sitemap, owed by @sam to @maya, is 3 working days late "
                    + "(due Thu 3 Dec 22:00 (Europe/London)). So far: timeline +6 working days.",
                "[console] Clock: Tue 8 Dec 2026 09:30 UTC."), told(out));
        assertEquals(List.of("[private @maya] @sam: serial defaulter · reliability 0 of 4 on time (0%) · 1 open, 1 overdue"
                        + " | • #4 approve the sitemap — due Thu 3 Dec 22:00 (Europe/London), 3 working days late (timeline +3 working days); 4 reminders sent, the last Mon 7 Dec 14:30 (Europe/London); escalation post sent Tue 8 Dec 09:30 (Europe/London)"
                        + " | #acme so far: timeline +6 working days."), replies(out, "[private @maya] @sam: "));
    }

    @Test
    void aClientWhoGoesSilentClimbsTheWholeLadderToADisengagementReviewThatEndsNothing() {
        String script = """
                /commit @sam send the brand guidelines by wednesday kind:input
                /clock 2026-12-02T09:29:00Z
                /clock 2026-12-02T09:30:00Z
                /clock 2026-12-10T12:00:00Z
                /commit status @sam
                /commit list
                /clock 2026-12-17T12:00:00Z
                /as @sam
                sorry, I was off sick; sending it today
                /as @maya
                /clock 2026-12-24T12:00:00Z
                """;

        List<String> out = run(script);

        // Gone quiet once per spell (a message in the channel starts a new one); looped in after two unanswered
        // reminders; the escalation channel at +5; a final notice quoting the agreement at +7; the review, with the
        // history, at +10; and then nothing more: the commitment stays open, the engagement goes on.
        assertEquals(List.of(
                "[DM @sam] (Mon 23 Nov 09:00 America/New_York) @maya recorded a commitment for you in #acme: #1 send "
                    + "the brand guidelines, owed to @maya. | Due Wed 25 Nov 17:00 (America/New_York). Done already? "
                    + "/commit done 1 · Need another date? /commit move 1 NEW-DATE because REASON",
                "[DM @sam] (Wed 25 Nov 09:30 America/New_York) Due today: #1 send the brand guidelines, owed to "
                    + "@maya, by Wed 25 Nov 17:00 (America/New_York). [Done: /commit done 1] [New date: /commit move 1 "
                    + "WHEN because REASON] [Blocked: /commit blocked 1 REASON] [Not mine: /commit notmine 1]",
                "[DM @maya] (Thu 26 Nov 14:30 Europe/London) @sam has gone quiet: not heard from for 3 working days, "
                    + "with this waiting on them: | • #1 send the brand guidelines — due Wed 25 Nov 22:00 (Europe/London), "
                    + "1 working day late",
                "[DM @sam] (Thu 26 Nov 09:30 America/New_York) #1 send the brand guidelines was due Wed 25 Nov 17:00 "
                    + "(America/New_York) and is now 1 working day late. These things happen. Could you send it when you "
                    + "can, or pick a new date that works for you? @maya will plan around it. [Done: /commit done 1] [New "
                    + "date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 REASON] [Not mine: /commit "
                    + "notmine 1]",
                "[DM @maya] (Fri 27 Nov 09:30 Europe/London) Standing update for @sam: slipping (0 of 1 on time "
                    + "(0%)). A first lapse: understanding is in order, nothing more.",
                "[DM @sam] (Fri 27 Nov 09:30 America/New_York) A reminder: #1 send the brand guidelines was due Wed "
                    + "25 Nov 17:00 (America/New_York) (2 working days ago). @maya is still waiting on it. [Done: /commit "
                    + "done 1] [New date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 REASON] [Not "
                    + "mine: /commit notmine 1]",
                "[DM @maya] (Mon 30 Nov 09:30 Europe/London) @sam hasn't answered about #1 send the brand guidelines "
                    + "(owed to @maya, due Wed 25 Nov 22:00 (Europe/London), 3 working days late). It may be time for a "
                    + "personal word. | History: | • Mon 23 Nov 10:00 (Europe/London) @maya recorded it, due Wed 25 Nov "
                    + "22:00 (Europe/London) | • Wed 25 Nov 14:30 (Europe/London) due-today reminder sent to @sam | • Thu "
                    + "26 Nov 14:30 (Europe/London) firm reminder sent to @sam | • Fri 27 Nov 14:30 (Europe/London) daily "
                    + "reminder sent to @sam [Mark done: /commit done 1] [New date: /commit move 1 WHEN because REASON]",
                "[DM @sam] (Mon 30 Nov 09:30 America/New_York) #1 send the brand guidelines is now 3 working days "
                    + "late (it was due Wed 25 Nov 17:00 (America/New_York)). That has moved the timeline by 3 working "
                    + "days so far. If something is in the way, a new date or a word about what blocks it helps @maya "
                    + "plan. [Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] [Blocked: /commit "
                    + "blocked 1 REASON] [Not mine: /commit notmine 1]",
                "[DM @sam] (Tue 1 Dec 09:30 America/New_York) Still open today: #1 send the brand guidelines, 4 "
                    + "working days late (due Wed 25 Nov 17:00 (America/New_York)). That has moved the timeline by 4 "
                    + "working days so far. @maya is waiting on it; done, a new date or what blocks it, any answer helps. "
                    + "[Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 "
                    + "REASON] [Not mine: /commit notmine 1]",
                "[console] Clock: Wed 2 Dec 2026 09:29 UTC.",
                "[#acme-internal] Escalation: #1 send the brand guidelines, owed by @sam to @maya, is 5 working days "
                    + "late (due Wed 25 Nov 22:00 (Europe/London)). So far: timeline +5 working days.",
                "[console] Clock: Wed 2 Dec 2026 09:30 UTC.",
                "[DM @sam] (Wed 2 Dec 09:30 America/New_York) A reminder: #1 send the brand guidelines was due Wed "
                    + "25 Nov 17:00 (America/New_York) (5 working days ago). @maya is still waiting on it. [Done: /commit "
                    + "done 1] [New date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 REASON] [Not "
                    + "mine: /commit notmine 1]",
                "[DM @maya] (Fri 4 Dec 14:30 Europe/London) A final notice to @sam about #1 send the brand "
                    + "guidelines is ready for you to check; it goes out only when you send it. As drafted: | Final "
                    + "notice: #1 send the brand guidelines was due Wed 25 Nov 17:00 (America/New_York) and is 7 working "
                    + "days late. | So far: timeline +7 working days. | Our working agreement has not been shared with you "
                    + "or acknowledged yet; /commit agreement shows it. | Please reply today: mark it done, agree a new "
                    + "date, or tell us what blocks it. | What was asked and when: | • Mon 23 Nov 10:00 (Europe/London) "
                    + "@maya recorded it, due Wed 25 Nov 22:00 (Europe/London) | • Wed 25 Nov 14:30 (Europe/London) "
                    + "due-today reminder sent to @sam | • Thu 26 Nov 14:30 (Europe/London) firm reminder sent to @sam | • "
                    + "Fri 27 Nov 14:30 (Europe/London) daily reminder sent to @sam | • Mon 30 Nov 09:30 (Europe/London) "
                    + "\"hasn't answered\" note sent to @maya | • Mon 30 Nov 14:30 (Europe/London) daily reminder sent to "
                    + "@sam | • Tue 1 Dec 14:30 (Europe/London) daily reminder sent to @sam | • Wed 2 Dec 09:30 "
                    + "(Europe/London) escalation post sent to #acme-internal | • Wed 2 Dec 14:30 (Europe/London) daily "
                    + "reminder sent to @sam | Send it as drafted, send it in your own words, or hold it. [Send: /commit "
                    + "notice 1 send] [Edit: /commit notice 1 edit YOUR WORDING] [Hold: /commit notice 1 hold]",
                "[DM @maya] (Wed 9 Dec 09:30 Europe/London) Disengagement review recommended: #1 send the brand "
                    + "guidelines (@sam) is 10 working days late and the reminders went unanswered. Standing: slipping; 0 "
                    + "of 1 on time (0%). So far: timeline +10 working days · work may pause per the agreement. This is a "
                    + "recommendation only; you decide what happens next. | History: | • Mon 23 Nov 10:00 (Europe/London) "
                    + "@maya recorded it, due Wed 25 Nov 22:00 (Europe/London) | • Wed 25 Nov 14:30 (Europe/London) "
                    + "due-today reminder sent to @sam | • Thu 26 Nov 14:30 (Europe/London) firm reminder sent to @sam | • "
                    + "Fri 27 Nov 14:30 (Europe/London) daily reminder sent to @sam | • Mon 30 Nov 09:30 (Europe/London) "
                    + "\"hasn't answered\" note sent to @maya | • Mon 30 Nov 14:30 (Europe/London) daily reminder sent to "
                    + "@sam | • Tue 1 Dec 14:30 (Europe/London) daily reminder sent to @sam | • Wed 2 Dec 09:30 "
                    + "(Europe/London) escalation post sent to #acme-internal | • Wed 2 Dec 14:30 (Europe/London) daily "
                    + "reminder sent to @sam | • Fri 4 Dec 14:30 (Europe/London) drafted final notice sent to @maya [Mark "
                    + "done: /commit done 1] [New date: /commit move 1 WHEN because REASON]",
                "[console] Clock: Thu 10 Dec 2026 12:00 UTC.",
                "[console] Clock: Thu 17 Dec 2026 12:00 UTC.",
                "[DM @maya] (Tue 22 Dec 14:30 Europe/London) @sam has gone quiet: not heard from for 3 working days, "
                    + "with this waiting on them: | • #1 send the brand guidelines — due Wed 25 Nov 22:00 (Europe/London), "
                    + "19 working days late",
                "[console] Clock: Thu 24 Dec 2026 12:00 UTC."), told(out));
        assertEquals(List.of("[private @maya] @sam: disengagement review · reliability 0 of 1 on time (0%) · 1 open, 1 overdue"
                        + " | • #1 send the brand guidelines — due Wed 25 Nov 22:00 (Europe/London), 11 working days late (timeline +11 working days · work may pause per the agreement); 6 reminders sent, the last Wed 2 Dec 14:30 (Europe/London); disengagement review sent Wed 9 Dec 09:30 (Europe/London)"
                        + " | #acme so far: timeline +11 working days · work may pause per the agreement.",
                "[private @maya] 1 open in #acme: | #1 @sam: send the brand guidelines — owed to @maya"
                        + " — due Wed 25 Nov 22:00 (Europe/London) — 11 working days late",
                "[#acme] @sam: sorry, I was off sick; sending it today"),
                replies(out, "[private @maya] @sam: ", "[private @maya] 1 open", "[#acme] @sam: "));
    }

    @Test
    void aDateMovedBeforeItPassesWithinTheCapRestartsTheRemindersAndIsNotAMiss() {
        String script = """
                /commit @sam send the logo by wednesday kind:input
                /clock 2026-11-24T15:00:00Z
                /as @sam
                /commit move 1 2026-11-27 because the designer is ill
                /clock 2026-11-26T15:00:00Z
                /commit move 1 2026-11-30 because the printer is late
                /clock 2026-11-30T15:00:00Z
                /commit done 1 here it is
                /as @maya
                /clock 2026-12-04T12:00:00Z
                /commit status @sam
                """;

        List<String> out = run(script);

        // Two moves (the agreement's cap), each before the date passed: a heads-up for each new date, nothing for the
        // old ones, no ladder, no change of standing.
        assertEquals(List.of(
                "[DM @sam] (Mon 23 Nov 09:00 America/New_York) @maya recorded a commitment for you in #acme: #1 send "
                    + "the logo, owed to @maya. | Due Wed 25 Nov 17:00 (America/New_York). Done already? /commit done 1 · "
                    + "Need another date? /commit move 1 NEW-DATE because REASON",
                "[console] Clock: Tue 24 Nov 2026 15:00 UTC.",
                "[DM @maya] (Tue 24 Nov 15:00 Europe/London) @sam moved #1 send the logo from Wed 25 Nov 17:00 "
                    + "(America/New_York) to Fri 27 Nov 17:00 (America/New_York), because the designer is ill",
                "[DM @sam] (Wed 25 Nov 09:30 America/New_York) Friendly heads-up: #1 send the logo is due Fri 27 Nov "
                    + "17:00 (America/New_York), owed to @maya. If anything stands in the way, now is a good time to say. "
                    + "[Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 "
                    + "REASON] [Not mine: /commit notmine 1]",
                "[console] Clock: Thu 26 Nov 2026 15:00 UTC.",
                "[DM @maya] (Thu 26 Nov 15:00 Europe/London) @sam moved #1 send the logo from Fri 27 Nov 17:00 "
                    + "(America/New_York) to Mon 30 Nov 17:00 (America/New_York), because the printer is late",
                "[DM @sam] (Mon 30 Nov 09:30 America/New_York) Due today: #1 send the logo, owed to @maya, by Mon 30 "
                    + "Nov 17:00 (America/New_York). [Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] "
                    + "[Blocked: /commit blocked 1 REASON] [Not mine: /commit notmine 1]",
                "[console] Clock: Mon 30 Nov 2026 15:00 UTC.",
                "[DM @maya] (Mon 30 Nov 15:00 Europe/London) @sam marked #1 send the logo done: here it is",
                "[console] Clock: Fri 4 Dec 2026 12:00 UTC."), told(out));
        assertEquals(List.of("[private @maya] @sam: good standing · reliability 1 of 1 on time (100%) · 0 open, 0 overdue"
                + " | #acme so far: no timeline slip."), replies(out, "[private @maya] @sam: "));
    }

    @Test
    void aMovePastTheAgreementsCapCountsAsLateEvenWhenTheNewDateIsKept() {
        String script = """
                /commit @sam send the logo by wednesday kind:input
                /clock 2026-11-24T15:00:00Z
                /as @sam
                /commit move 1 2026-11-27 because the designer is ill
                /clock 2026-11-26T15:00:00Z
                /commit move 1 2026-11-30 because the printer is late
                /clock 2026-11-30T15:00:00Z
                /commit move 1 2026-12-01 because one more proof confirm
                /clock 2026-12-01T15:00:00Z
                /commit done 1
                /as @maya
                /commit status @sam
                """;

        List<String> out = run(script);

        assertEquals(List.of(
                "[DM @sam] (Mon 23 Nov 09:00 America/New_York) @maya recorded a commitment for you in #acme: #1 send "
                    + "the logo, owed to @maya. | Due Wed 25 Nov 17:00 (America/New_York). Done already? /commit done 1 · "
                    + "Need another date? /commit move 1 NEW-DATE because REASON",
                "[console] Clock: Tue 24 Nov 2026 15:00 UTC.",
                "[DM @maya] (Tue 24 Nov 15:00 Europe/London) @sam moved #1 send the logo from Wed 25 Nov 17:00 "
                    + "(America/New_York) to Fri 27 Nov 17:00 (America/New_York), because the designer is ill",
                "[DM @sam] (Wed 25 Nov 09:30 America/New_York) Friendly heads-up: #1 send the logo is due Fri 27 Nov "
                    + "17:00 (America/New_York), owed to @maya. If anything stands in the way, now is a good time to say. "
                    + "[Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 "
                    + "REASON] [Not mine: /commit notmine 1]",
                "[console] Clock: Thu 26 Nov 2026 15:00 UTC.",
                "[DM @maya] (Thu 26 Nov 15:00 Europe/London) @sam moved #1 send the logo from Fri 27 Nov 17:00 "
                    + "(America/New_York) to Mon 30 Nov 17:00 (America/New_York), because the printer is late",
                "[DM @sam] (Mon 30 Nov 09:30 America/New_York) Due today: #1 send the logo, owed to @maya, by Mon 30 "
                    + "Nov 17:00 (America/New_York). [Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] "
                    + "[Blocked: /commit blocked 1 REASON] [Not mine: /commit notmine 1]",
                "[console] Clock: Mon 30 Nov 2026 15:00 UTC.",
                "[DM @maya] (Mon 30 Nov 15:00 Europe/London) Standing update for @sam: slipping (0 of 1 on time "
                    + "(0%)). A first lapse: understanding is in order, nothing more. | @sam moved #1 send the logo from "
                    + "Mon 30 Nov 17:00 (America/New_York) to Tue 1 Dec 17:00 (America/New_York), because one more proof",
                "[DM @sam] (Tue 1 Dec 09:30 America/New_York) Due today: #1 send the logo, owed to @maya, by Tue 1 "
                    + "Dec 17:00 (America/New_York). [Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] "
                    + "[Blocked: /commit blocked 1 REASON] [Not mine: /commit notmine 1]",
                "[console] Clock: Tue 1 Dec 2026 15:00 UTC."), told(out));
        assertEquals(List.of("[private @maya] @sam: slipping · reliability 0 of 1 on time (0%) · 0 open, 0 overdue"
                + " | #acme so far: no timeline slip."), replies(out, "[private @maya] @sam: "));
    }

    @Test
    void aMoveAfterTheDueDateCountsAsLateAndTheNoticeWaitsForTheConsultantsMorning() {
        String script = """
                /commit @sam send the logo by wednesday kind:input
                /clock 2026-11-25T23:00:00Z
                /as @sam
                /commit move 1 2026-11-27 because I forgot, sorry
                /clock 2026-11-27T15:00:00Z
                /commit done 1
                /as @maya
                /commit status @sam
                """;

        List<String> out = run(script);

        // Sam moves it at 18:00 his time, an hour after it was due; Maya hears he is slipping at 09:00 London, not at
        // 23:00. The ladder restarts from the new date: no firm reminder for the old one.
        assertEquals(List.of(
                "[DM @sam] (Mon 23 Nov 09:00 America/New_York) @maya recorded a commitment for you in #acme: #1 send "
                    + "the logo, owed to @maya. | Due Wed 25 Nov 17:00 (America/New_York). Done already? /commit done 1 · "
                    + "Need another date? /commit move 1 NEW-DATE because REASON",
                "[DM @sam] (Wed 25 Nov 09:30 America/New_York) Due today: #1 send the logo, owed to @maya, by Wed 25 "
                    + "Nov 17:00 (America/New_York). [Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] "
                    + "[Blocked: /commit blocked 1 REASON] [Not mine: /commit notmine 1]",
                "[console] Clock: Wed 25 Nov 2026 23:00 UTC.",
                "[DM @maya] (Thu 26 Nov 09:00 Europe/London) Standing update for @sam: slipping (0 of 1 on time "
                    + "(0%)). A first lapse: understanding is in order, nothing more. | @sam moved #1 send the logo from "
                    + "Wed 25 Nov 17:00 (America/New_York) to Fri 27 Nov 17:00 (America/New_York), because I forgot, sorry",
                "[DM @sam] (Fri 27 Nov 09:30 America/New_York) Due today: #1 send the logo, owed to @maya, by Fri 27 "
                    + "Nov 17:00 (America/New_York). [Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] "
                    + "[Blocked: /commit blocked 1 REASON] [Not mine: /commit notmine 1]",
                "[console] Clock: Fri 27 Nov 2026 15:00 UTC."), told(out));
        assertEquals(List.of("[private @maya] @sam: slipping · reliability 0 of 1 on time (0%) · 0 open, 0 overdue"
                + " | #acme so far: no timeline slip."), replies(out, "[private @maya] @sam: "));
    }

    @Test
    void aBlockedItemPausesTheLadderTellsTheConsultantWhyAndResumesAfterAMove() {
        String script = """
                /commit @sam send the logo by friday kind:input
                /as @sam
                /commit blocked 1 waiting for legal to approve the logo usage
                /clock 2026-11-27T15:00:00Z
                /commit move 1 2026-12-02 because legal approved it
                /clock 2026-12-03T16:00:00Z
                /commit blocked 1 the printer needs the final colours
                /clock 2026-12-11T16:00:00Z
                /as @maya
                /commit list
                """;

        List<String> out = run(script);

        // Blocked from Monday: no heads-up on Wednesday, no "due today" on Friday. Moved (before the date passed):
        // reminders and the ladder resume from Wednesday 2 December. Blocked again on Thursday: no more reminders,
        // no escalation-channel post (+5), no final notice (+7). A blocked item waits on someone else, so it never makes Sam "gone quiet".
        assertEquals(List.of(
                "[DM @maya] (Mon 23 Nov 10:00 Europe/London) @sam says #1 send the logo is blocked: waiting for "
                    + "legal to approve the logo usage",
                "[DM @sam] (Mon 23 Nov 09:00 America/New_York) @maya recorded a commitment for you in #acme: #1 send "
                    + "the logo, owed to @maya. | Due Fri 27 Nov 17:00 (America/New_York). Done already? /commit done 1 · "
                    + "Need another date? /commit move 1 NEW-DATE because REASON",
                "[DM @maya] (Wed 25 Nov 09:30 Europe/London) #1 send the logo (@sam, due Fri 27 Nov 22:00 "
                    + "(Europe/London)) has been blocked for 2 working days: waiting for legal to approve the logo usage. "
                    + "Could you help unblock it, or agree a new date? [Mark done: /commit done 1] [New date: /commit move "
                    + "1 WHEN because REASON]",
                "[DM @maya] (Fri 27 Nov 09:30 Europe/London) #1 send the logo (@sam, due Fri 27 Nov 22:00 "
                    + "(Europe/London)) has been blocked for 4 working days: waiting for legal to approve the logo usage. "
                    + "Could you help unblock it, or agree a new date? [Mark done: /commit done 1] [New date: /commit move "
                    + "1 WHEN because REASON]",
                "[console] Clock: Fri 27 Nov 2026 15:00 UTC.",
                "[DM @maya] (Mon 30 Nov 09:30 Europe/London) @sam moved #1 send the logo from Fri 27 Nov 17:00 "
                    + "(America/New_York) to Wed 2 Dec 17:00 (America/New_York), because legal approved it",
                "[DM @sam] (Mon 30 Nov 09:30 America/New_York) Friendly heads-up: #1 send the logo is due Wed 2 Dec "
                    + "17:00 (America/New_York), owed to @maya. If anything stands in the way, now is a good time to say. "
                    + "[Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 "
                    + "REASON] [Not mine: /commit notmine 1]",
                "[DM @sam] (Wed 2 Dec 09:30 America/New_York) Due today: #1 send the logo, owed to @maya, by Wed 2 "
                    + "Dec 17:00 (America/New_York). [Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] "
                    + "[Blocked: /commit blocked 1 REASON] [Not mine: /commit notmine 1]",
                "[DM @maya] (Thu 3 Dec 14:30 Europe/London) @sam has gone quiet: not heard from for 4 working days, "
                    + "with this waiting on them: | • #1 send the logo — due Wed 2 Dec 22:00 (Europe/London), 1 working "
                    + "day late",
                "[DM @sam] (Thu 3 Dec 09:30 America/New_York) #1 send the logo was due Wed 2 Dec 17:00 "
                    + "(America/New_York) and is now 1 working day late. These things happen. Could you send it when you "
                    + "can, or pick a new date that works for you? @maya will plan around it. [Done: /commit done 1] [New "
                    + "date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 REASON] [Not mine: /commit "
                    + "notmine 1]",
                "[console] Clock: Thu 3 Dec 2026 16:00 UTC.",
                "[DM @maya] (Fri 4 Dec 09:30 Europe/London) Standing update for @sam: slipping (0 of 1 on time "
                    + "(0%)). A first lapse: understanding is in order, nothing more. | @sam says #1 send the logo is "
                    + "blocked: the printer needs the final colours",
                "[DM @maya] (Mon 7 Dec 09:30 Europe/London) #1 send the logo (@sam, due Wed 2 Dec 22:00 "
                    + "(Europe/London)) has been blocked for 2 working days: the printer needs the final colours. Could "
                    + "you help unblock it, or agree a new date? [Mark done: /commit done 1] [New date: /commit move 1 "
                    + "WHEN because REASON]",
                "[DM @maya] (Wed 9 Dec 09:30 Europe/London) #1 send the logo (@sam, due Wed 2 Dec 22:00 "
                    + "(Europe/London)) has been blocked for 4 working days: the printer needs the final colours. Could "
                    + "you help unblock it, or agree a new date? [Mark done: /commit done 1] [New date: /commit move 1 "
                    + "WHEN because REASON]",
                "[DM @maya] (Fri 11 Dec 09:30 Europe/London) #1 send the logo (@sam, due Wed 2 Dec 22:00 "
                    + "(Europe/London)) has been blocked for 6 working days: the printer needs the final colours. Could "
                    + "you help unblock it, or agree a new date? [Mark done: /commit done 1] [New date: /commit move 1 "
                    + "WHEN because REASON]",
                "[console] Clock: Fri 11 Dec 2026 16:00 UTC."), told(out));
        assertEquals(List.of("[private @maya] 1 open in #acme: | #1 @sam: send the logo — owed to @maya"
                + " — due Wed 2 Dec 22:00 (Europe/London) — 7 working days late — blocked: the printer needs the final colours"),
                replies(out, "[private @maya] 1 open"));
    }

    @Test
    void aConsultantsOwnCommitmentInAOneConsultantEngagementEscalatesOnlyToTheChannel() {
        String script = """
                /commit share the homepage draft by tuesday to @sam
                /clock 2026-12-01T09:29:00Z
                /clock 2026-12-01T09:30:00Z
                /clock 2026-12-10T12:00:00Z
                /commit status @maya
                """;

        List<String> out = run(script);

        // Maya is reminded like any client; with no other consultant, "looped in" (+2) and the review (+10) have
        // nobody to address and are passed over: #acme-internal is the witness, and the final notice is hers.
        assertEquals(List.of("[DM @sam] (Mon 23 Nov 09:00 America/New_York) @maya recorded in #acme that @maya owes you #1 share the homepage draft, due Tue 24 Nov 12:00 (America/New_York).",
                "[DM @maya] (Tue 24 Nov 09:30 Europe/London) Due today: #1 share the homepage draft, owed to @sam, by Tue 24 Nov 17:00 (Europe/London)."
                        + waysOut(1),
                "[DM @maya] (Wed 25 Nov 09:30 Europe/London) #1 share the homepage draft was due Tue 24 Nov 17:00 (Europe/London) and is now 1 working day late. @sam is waiting on it: could you send it today, or agree a new date?"
                        + waysOut(1),
                "[DM @maya] (Thu 26 Nov 09:30 Europe/London) A reminder: #1 share the homepage draft was due Tue 24 Nov 17:00 (Europe/London) (2 working days ago). @sam is still waiting on it."
                        + waysOut(1),
                "[DM @maya] (Fri 27 Nov 09:30 Europe/London) #1 share the homepage draft is now 3 working days late (it was due Tue 24 Nov 17:00 (Europe/London)). If something is in the way, a new date or a word about what blocks it helps @sam plan."
                        + waysOut(1),
                "[DM @maya] (Mon 30 Nov 09:30 Europe/London) Still open today: #1 share the homepage draft, 4 working days late (due Tue 24 Nov 17:00 (Europe/London)). @sam is waiting on it; done, a new date or what blocks it, any answer helps."
                        + waysOut(1),
                "[console] Clock: Tue 1 Dec 2026 09:29 UTC.",
                "[#acme-internal] Escalation: #1 share the homepage draft, owed by @maya to @sam, is 5 working days late (due Tue 24 Nov 17:00 (Europe/London)). So far: no timeline slip.",
                "[DM @maya] (Tue 1 Dec 09:30 Europe/London) A reminder: #1 share the homepage draft was due Tue 24 Nov 17:00 (Europe/London) (5 working days ago). @sam is still waiting on it."
                        + waysOut(1),
                "[console] Clock: Tue 1 Dec 2026 09:30 UTC.",
                "[DM @maya] (Thu 3 Dec 09:30 Europe/London) Final notice: #1 share the homepage draft was due Tue 24 Nov 17:00 (Europe/London) and is 7 working days late."
                        + " | Our working agreement says: When something we owe you is late, we tell you, agree a new date with you, and the delay does not count against you."
                        + " | Please reply today: mark it done, agree a new date, or tell us what blocks it."
                        + waysOut(1),
                "[console] Clock: Thu 10 Dec 2026 12:00 UTC."), told(out));
        assertEquals(List.of("[private @maya] @maya: slipping · reliability 0 of 1 on time (0%) · 1 open, 1 overdue"
                        + " | • #1 share the homepage draft — due Tue 24 Nov 17:00 (Europe/London), 12 working days late; 6 reminders sent, the last Tue 1 Dec 09:30 (Europe/London); final notice sent Thu 3 Dec 09:30 (Europe/London)"
                        + " | #acme so far: no timeline slip."), replies(out, "[private @maya] @maya: "));
    }

    @Test
    void aConsultantsOwnCommitmentEscalatesToTheEngagementLeadAndTheLeadsToTheNextConsultant() {
        // Sides are per engagement: Lee, a client in #acme, is Maya's fellow consultant in #beta (Maya leads it).
        String script = """
                /in #beta
                /commit setup client @sam owner @maya @lee escalate #beta-internal
                /commit @lee send the wireframes by tuesday to @sam
                /commit send the estimate by wednesday to @sam
                /clock 2026-11-27T12:00:00Z
                /commit status @lee
                """;

        List<String> out = run(script);

        // Lee's 09:30 Berlin reminder is 08:30 in London: Maya hears at 09:00, when her working day starts.
        assertEquals(List.of(
                "[DM @lee] (Mon 23 Nov 11:03 Europe/Berlin) @maya recorded a commitment for you in #beta: #1 send "
                    + "the wireframes, owed to @sam. | Due Tue 24 Nov 17:00 (Europe/Berlin). Done already? /commit done 1 "
                    + "· Need another date? /commit move 1 NEW-DATE because REASON",
                "[DM @sam] (Mon 23 Nov 09:00 America/New_York) @maya recorded 2 commitments owed to you in #beta: | "
                    + "• @lee: #1 send the wireframes — due Tue 24 Nov 11:00 (America/New_York) | • @maya: #2 send the "
                    + "estimate — due Wed 25 Nov 12:00 (America/New_York)",
                "[DM @lee] (Tue 24 Nov 09:30 Europe/Berlin) Due today: #1 send the wireframes, owed to @sam, by Tue "
                    + "24 Nov 17:00 (Europe/Berlin). [Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] "
                    + "[Blocked: /commit blocked 1 REASON] [Not mine: /commit notmine 1]",
                "[DM @lee] (Wed 25 Nov 09:30 Europe/Berlin) #1 send the wireframes was due Tue 24 Nov 17:00 "
                    + "(Europe/Berlin) and is now 1 working day late. @sam is waiting on it: could you send it today, or "
                    + "agree a new date? [Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] [Blocked: "
                    + "/commit blocked 1 REASON] [Not mine: /commit notmine 1]",
                "[DM @maya] (Wed 25 Nov 09:00 Europe/London) Standing update for @lee: slipping (0 of 1 on time "
                    + "(0%)). A first lapse: understanding is in order, nothing more. | Due today: #2 send the estimate, "
                    + "owed to @sam, by Wed 25 Nov 17:00 (Europe/London). [Done: /commit done 2] [New date: /commit move 2 "
                    + "WHEN because REASON] [Blocked: /commit blocked 2 REASON] [Not mine: /commit notmine 2]",
                "[DM @lee] (Thu 26 Nov 09:30 Europe/Berlin) A reminder: #1 send the wireframes was due Tue 24 Nov "
                    + "17:00 (Europe/Berlin) (2 working days ago). @sam is still waiting on it. [Done: /commit done 1] "
                    + "[New date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 REASON] [Not mine: "
                    + "/commit notmine 1]",
                "[DM @maya] (Thu 26 Nov 09:00 Europe/London) @lee hasn't answered about #1 send the wireframes (owed "
                    + "to @sam, due Tue 24 Nov 16:00 (Europe/London), 2 working days late). It may be time for a personal "
                    + "word. | History: | • Mon 23 Nov 10:00 (Europe/London) @maya recorded it, due Tue 24 Nov 16:00 "
                    + "(Europe/London) | • Tue 24 Nov 08:30 (Europe/London) due-today reminder sent to @lee | • Wed 25 Nov "
                    + "08:30 (Europe/London) firm reminder sent to @lee | • Thu 26 Nov 08:30 (Europe/London) daily "
                    + "reminder sent to @lee [Mark done: /commit done 1] [New date: /commit move 1 WHEN because REASON] | "
                    + "#2 send the estimate was due Wed 25 Nov 17:00 (Europe/London) and is now 1 working day late. @sam "
                    + "is waiting on it: could you send it today, or agree a new date? [Done: /commit done 2] [New date: "
                    + "/commit move 2 WHEN because REASON] [Blocked: /commit blocked 2 REASON] [Not mine: /commit notmine "
                    + "2]",
                "[DM @lee] (Fri 27 Nov 09:30 Europe/Berlin) #1 send the wireframes is now 3 working days late (it "
                    + "was due Tue 24 Nov 17:00 (Europe/Berlin)). If something is in the way, a new date or a word about "
                    + "what blocks it helps @sam plan. [Done: /commit done 1] [New date: /commit move 1 WHEN because "
                    + "REASON] [Blocked: /commit blocked 1 REASON] [Not mine: /commit notmine 1]",
                "[DM @maya] (Fri 27 Nov 09:30 Europe/London) A reminder: #2 send the estimate was due Wed 25 Nov "
                    + "17:00 (Europe/London) (2 working days ago). @sam is still waiting on it. [Done: /commit done 2] "
                    + "[New date: /commit move 2 WHEN because REASON] [Blocked: /commit blocked 2 REASON] [Not mine: "
                    + "/commit notmine 2]",
                "[console] Clock: Fri 27 Nov 2026 12:00 UTC."), told(out));
        assertEquals(List.of("[private @maya] @lee: slipping · reliability 0 of 1 on time (0%) · 1 open, 1 overdue"
                        + " | • #1 send the wireframes — due Tue 24 Nov 16:00 (Europe/London), 3 working days late; 4 reminders sent, the last Fri 27 Nov 08:30 (Europe/London); \"hasn't answered\" note sent Thu 26 Nov 09:00 (Europe/London)"
                        + " | #beta so far: no timeline slip."), replies(out, "[private @maya] @lee: "));
    }

    @Test
    void aClientIsShownTheWorkingAgreementOnFirstContactAndTheirAgreementIsStored() {
        String agreement = "Working agreement for #acme | Reminders: a heads-up 2 working days before a due date, a reminder"
                + " on the day, then one each working day (up to 5), at 09:30 in each person's time zone and working hours;"
                + " at most one message a day from Keepword to each person. | Each side answers within 2 working days. A date can be moved before it passes"
                + " (up to 2 times) without counting as a miss. | Consequences: When a client input is late, the timeline"
                + " moves by the same number of working days. Work pauses once an input is 10 working days late."
                + " | Escalation (tier 2): consultant looped in (+2) → escalation channel (+5) → final notice (+7).";

        List<String> first = run("""
                /as @lee
                /commit list
                /commit agree
                /commit list
                """);
        List<String> afterRestart = run("""
                /as @lee
                /commit list
                /commit agreement
                /commit agree
                """);

        assertEquals(List.of(
                "[console] Speaking as @lee (Lee Becker, Europe/Berlin).",
                "[private @lee] Nothing open in #acme.",
                "[private @lee] Working agreement for #acme | Reminders: a heads-up 2 working days before a due "
                    + "date, a reminder on the day, then one each working day (up to 5), at 09:30 in each person's time "
                    + "zone and working hours; at most one message a day from Keepword to each person. | Each side answers "
                    + "within 2 working days. A date can be moved before it passes (up to 2 times) without counting as a "
                    + "miss. | Consequences: When a client input is late, the timeline moves by the same number of working "
                    + "days. Work pauses once an input is 10 working days late. | Escalation (tier 2): consultant looped "
                    + "in (+2) → escalation channel (+5) → final notice (+7). | Agreed by: nobody yet | If this works for "
                    + "you, say so with /commit agree or the button. [I agree: /commit agree]",
                "[private @lee] Thank you: your agreement is noted. /commit agreement shows it any time.",
                "[private @lee] Nothing open in #acme."), first);
        assertEquals(List.of(
                "[console] Speaking as @lee (Lee Becker, Europe/Berlin).",
                "[private @lee] Nothing open in #acme.",
                "[private @lee] " + agreement + " | Agreed by: @lee",
                "[private @lee] You already agreed to this engagement's working agreement. /commit agreement shows it."),
                afterRestart);
    }

    @Test
    void aChangeRequestAsksTheClientForADecisionOnceOnTheDayAndOnceAfterAndNeverClimbsTheLadder() {
        String script = """
                /commit change @lee add a French version est 16h
                /clock 2026-12-02T09:29:00Z
                /clock 2026-12-02T09:30:00Z
                /commit status @lee
                """;

        List<String> out = run(script);

        // Due in the agreement's two working days, at 17:00 in Lee's zone. Not buying extra work is a decision, not a
        // default: Lee is asked on the day and once after, Maya hears Lee has gone quiet, and nothing more: no looped-in
        // consultant, no escalation channel, no standing change, no slip.
        assertEquals(List.of("[private @maya] Recorded #1: @lee — approve the change order: add a French version (est 16h)"
                + " (change-request), owed to @maya. | Due Wed 25 Nov 17:00 (Europe/Berlin)."), replies(out, "[private @maya] Recorded"));
        assertEquals(List.of(
                "[DM @lee] (Mon 23 Nov 11:03 Europe/Berlin) @maya asks for your decision on a change request in #acme: #1 approve the change order: add a French version (est 16h). It is extra work, outside the agreed scope. | Please decide by Wed 25 Nov 17:00 (Europe/Berlin). Approve: /commit approve 1 · Decline: /commit decline 1 REASON. Declining is fine: nothing is owed until you approve. [Approve: /commit approve 1] [Decline: /commit decline 1]",
                "[DM @lee] (Wed 25 Nov 09:30 Europe/Berlin) Your decision, please, by Wed 25 Nov 17:00 (Europe/Berlin): #1 approve the change order: add a French version (est 16h). It is extra work for @maya, outside the agreed scope. Approve it and the work is scheduled; decline it and the scope stays as agreed."
                        + " [Approve: /commit approve 1] [Decline: /commit decline 1]",
                "[DM @lee] (Thu 26 Nov 09:30 Europe/Berlin) Still waiting for your decision on #1 approve the change order: add a French version (est 16h), asked for by Wed 25 Nov 17:00 (Europe/Berlin). Either answer is fine: @maya only needs to know whether to go ahead. This is the last reminder about it."
                        + " [Approve: /commit approve 1] [Decline: /commit decline 1]",
                "[DM @maya] (Thu 26 Nov 09:00 Europe/London) @lee has gone quiet: not heard from for 3 working days, with this waiting on them:"
                        + " | • #1 approve the change order: add a French version (est 16h) — due Wed 25 Nov 16:00 (Europe/London), 1 working day late",
                "[console] Clock: Wed 2 Dec 2026 09:29 UTC.",
                "[console] Clock: Wed 2 Dec 2026 09:30 UTC."), told(out));
        assertEquals(List.of("[private @maya] @lee: good standing · reliability nothing fell due yet · 1 open, 0 overdue"
                + " | • #1 approve the change order: add a French version (est 16h) — due Wed 25 Nov 16:00 (Europe/London),"
                + " awaiting the client's decision; 2 reminders sent, the last Thu 26 Nov 08:30 (Europe/London) | #acme so far: no timeline slip."), replies(out, "[private @maya] @lee: "));
    }

    @Test
    void tierThreeRePlansOpenCommitmentsAndStatusShowsTheAccruedFees() throws IOException {
        Path config = Files.createDirectories(dir.resolve("config"));
        String shipped = Files.readString(Path.of("config", "agreement.yml"));
        String withFees = shipped.replace("\nlateFeePerWorkingDay: 0\n", "\nlateFeePerWorkingDay: 25\n")
                .replace("\nfeeGraceWorkingDays: 0\n", "\nfeeGraceWorkingDays: 1\n");
        assertTrue(withFees.contains("lateFeePerWorkingDay: 25") && withFees.contains("feeGraceWorkingDays: 1"), shipped);
        Files.writeString(config.resolve("agreement.yml"), withFees); // the other files come from the jar's copy
        String script = """
                /commit @sam send the logo by thursday kind:input
                /commit tier 3
                /clock 2026-12-01T09:29:00Z
                /clock 2026-12-01T09:30:00Z
                /clock 2026-12-03T15:00:00Z
                /commit status @sam
                """;

        List<String> out = run(script, Map.of("KEEPWORD_CONFIG_DIR", config.toString()));

        // Tier 3: Maya looped in at +1 (09:30 London, before Sam's first overdue reminder), the channel at +3, the final
        // notice at +5, quoting the fee clause; fees accrue after a working day's grace: (3 - 1) x 25, then (5 - 1) x 25.
        assertEquals(List.of(
                "[DM @sam] (Mon 23 Nov 09:00 America/New_York) @maya recorded a commitment for you in #acme: #1 send "
                    + "the logo, owed to @maya. | Due Thu 26 Nov 17:00 (America/New_York). Done already? /commit done 1 · "
                    + "Need another date? /commit move 1 NEW-DATE because REASON",
                "[DM @sam] (Tue 24 Nov 09:30 America/New_York) Friendly heads-up: #1 send the logo is due Thu 26 Nov "
                    + "17:00 (America/New_York), owed to @maya. If anything stands in the way, now is a good time to say. "
                    + "[Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 "
                    + "REASON] [Not mine: /commit notmine 1]",
                "[DM @sam] (Thu 26 Nov 09:30 America/New_York) Due today: #1 send the logo, owed to @maya, by Thu 26 "
                    + "Nov 17:00 (America/New_York). [Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] "
                    + "[Blocked: /commit blocked 1 REASON] [Not mine: /commit notmine 1]",
                "[DM @maya] (Fri 27 Nov 14:30 Europe/London) @sam has gone quiet: not heard from for 4 working days, "
                    + "with this waiting on them: | • #1 send the logo — due Thu 26 Nov 22:00 (Europe/London), 1 working "
                    + "day late",
                "[DM @sam] (Fri 27 Nov 09:30 America/New_York) #1 send the logo was due Thu 26 Nov 17:00 "
                    + "(America/New_York) and is now 1 working day late. These things happen. Could you send it when you "
                    + "can, or pick a new date that works for you? @maya will plan around it. [Done: /commit done 1] [New "
                    + "date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 REASON] [Not mine: /commit "
                    + "notmine 1]",
                "[DM @maya] (Mon 30 Nov 09:30 Europe/London) Standing update for @sam: slipping (0 of 1 on time "
                    + "(0%)). A first lapse: understanding is in order, nothing more.",
                "[DM @sam] (Mon 30 Nov 09:30 America/New_York) A reminder: #1 send the logo was due Thu 26 Nov 17:00 "
                    + "(America/New_York) (2 working days ago). @maya is still waiting on it. [Done: /commit done 1] [New "
                    + "date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 REASON] [Not mine: /commit "
                    + "notmine 1]",
                "[console] Clock: Tue 1 Dec 2026 09:29 UTC.",
                "[DM @maya] (Tue 1 Dec 09:30 Europe/London) @sam hasn't answered about #1 send the logo (owed to "
                    + "@maya, due Thu 26 Nov 22:00 (Europe/London), 3 working days late). It may be time for a personal "
                    + "word. | History: | • Mon 23 Nov 10:00 (Europe/London) @maya recorded it, due Thu 26 Nov 22:00 "
                    + "(Europe/London) | • Tue 24 Nov 14:30 (Europe/London) friendly heads-up sent to @sam | • Thu 26 Nov "
                    + "14:30 (Europe/London) due-today reminder sent to @sam | • Fri 27 Nov 14:30 (Europe/London) firm "
                    + "reminder sent to @sam | • Mon 30 Nov 14:30 (Europe/London) daily reminder sent to @sam [Mark done: "
                    + "/commit done 1] [New date: /commit move 1 WHEN because REASON]",
                "[console] Clock: Tue 1 Dec 2026 09:30 UTC.",
                "[DM @sam] (Tue 1 Dec 09:30 America/New_York) #1 send the logo is now 3 working days late (it was "
                    + "due Thu 26 Nov 17:00 (America/New_York)). That has moved the timeline by 3 working days so far. If "
                    + "something is in the way, a new date or a word about what blocks it helps @maya plan. [Done: /commit "
                    + "done 1] [New date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 REASON] [Not "
                    + "mine: /commit notmine 1]",
                "[DM @sam] (Wed 2 Dec 09:30 America/New_York) Still open today: #1 send the logo, 4 working days "
                    + "late (due Thu 26 Nov 17:00 (America/New_York)). That has moved the timeline by 4 working days so "
                    + "far. @maya is waiting on it; done, a new date or what blocks it, any answer helps. [Done: /commit "
                    + "done 1] [New date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 REASON] [Not "
                    + "mine: /commit notmine 1]",
                "[DM @maya] (Thu 3 Dec 14:30 Europe/London) A final notice to @sam about #1 send the logo is ready "
                    + "for you to check; it goes out only when you send it. As drafted: | Final notice: #1 send the logo "
                    + "was due Thu 26 Nov 17:00 (America/New_York) and is 5 working days late. | So far: timeline +5 "
                    + "working days · late fees 100 EUR. | Our working agreement has not been shared with you or "
                    + "acknowledged yet; /commit agreement shows it. | Please reply today: mark it done, agree a new date, "
                    + "or tell us what blocks it. | What was asked and when: | • Mon 23 Nov 10:00 (Europe/London) @maya "
                    + "recorded it, due Thu 26 Nov 22:00 (Europe/London) | • Tue 24 Nov 14:30 (Europe/London) friendly "
                    + "heads-up sent to @sam | • Thu 26 Nov 14:30 (Europe/London) due-today reminder sent to @sam | • Fri "
                    + "27 Nov 14:30 (Europe/London) firm reminder sent to @sam | • Mon 30 Nov 14:30 (Europe/London) daily "
                    + "reminder sent to @sam | • Tue 1 Dec 09:30 (Europe/London) \"hasn't answered\" note sent to @maya | • "
                    + "Tue 1 Dec 14:30 (Europe/London) daily reminder sent to @sam | • Wed 2 Dec 14:30 (Europe/London) "
                    + "daily reminder sent to @sam | Send it as drafted, send it in your own words, or hold it. [Send: "
                    + "/commit notice 1 send] [Edit: /commit notice 1 edit YOUR WORDING] [Hold: /commit notice 1 hold]",
                "[DM @sam] (Thu 3 Dec 09:30 America/New_York) A reminder: #1 send the logo was due Thu 26 Nov 17:00 "
                    + "(America/New_York) (5 working days ago). @maya is still waiting on it. [Done: /commit done 1] [New "
                    + "date: /commit move 1 WHEN because REASON] [Blocked: /commit blocked 1 REASON] [Not mine: /commit "
                    + "notmine 1]",
                "[console] Clock: Thu 3 Dec 2026 15:00 UTC."), told(out));
        assertEquals(List.of("[private @maya] @sam: slipping · reliability 0 of 1 on time (0%) · 1 open, 1 overdue"
                        + " | • #1 send the logo — due Thu 26 Nov 22:00 (Europe/London), 5 working days late (timeline +5 working days · late fees 100 EUR); 7 reminders sent, the last Thu 3 Dec 14:30 (Europe/London); drafted final notice sent Thu 3 Dec 14:30 (Europe/London)"
                        + " | #acme so far: timeline +5 working days · late fees 100 EUR."), replies(out, "[private @maya] @sam: "));
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The four ways out every owner reminder offers, as the console prints the buttons. */
    private static String waysOut(int id) {
        return " [Done: /commit done " + id + "] [New date: /commit move " + id + " WHEN because REASON]"
                + " [Blocked: /commit blocked " + id + " REASON] [Not mine: /commit notmine " + id + "]";
    }

    /** The buttons of an escalation to a consultant: close it, or agree a new date on the owner's behalf. */
    private static String markDoneOrMove(int id) {
        return " [Mark done: /commit done " + id + "] [New date: /commit move " + id + " WHEN because REASON]";
    }

    private static List<String> told(List<String> out) {
        return out.stream().filter(l -> TOLD.matcher(l).matches()).toList();
    }

    private static List<String> replies(List<String> out, String... prefixes) {
        return out.stream().filter(l -> java.util.Arrays.stream(prefixes).anyMatch(l::startsWith)).toList();
    }

    private List<String> run(String script) {
        return run(script, Map.of());
    }

    /** Runs the console entry point on this test's file database (kept between runs), from Monday morning. */
    private List<String> run(String script, Map<String, String> settings) {
        return console(dir, MONDAY_MORNING, script, settings);
    }

    /**
     * Pipes {@code script} through the console entry point on a file database in {@code dir} (kept between runs), from
     * {@code now}; fails on a non-zero exit or a "Something went wrong". Shared by the console scenario tests.
     */
    static List<String> console(Path dir, String now, String script, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("KEEPWORD_OUT_DIR", dir.resolve("out").toString()); // charts of other features stay in the temp dir
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        // A file database in the temp dir, as a user's would be; without Keepword's write-through default, which only
        // a crash test needs, simulated weeks run several times faster.
        String db = "jdbc:h2:file:" + dir.resolve("keepword").toAbsolutePath() + ";WRITE_DELAY=500";
        int code = run(new String[] {"console", "--db", db, "--now", now},
                new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8),
                Settings.of(all));
        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, code, () -> stderr.toString(StandardCharsets.UTF_8));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("[console] Something went wrong")), () -> String.join("\n", lines));
        return lines;
    }

    /**
     * {@code Keepword.run} is package-private (the entry point's seam for tests in {@code dev.keepword}); this test
     * lives with the console adapter, so it reaches the same method reflectively rather than copying its wiring.
     */
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
