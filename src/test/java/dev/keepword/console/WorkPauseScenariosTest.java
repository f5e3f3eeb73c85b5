package dev.keepword.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, "when work pauses per the agreement, Keepword says so to both sides and pauses what the consultancy owes that
 * depends on it", through the console in the demo workspace (#acme: maya the consultant in London, sam the client in New
 * York; the shipped agreement pauses work once a client input is 10 working days late and moves the timeline day for day).
 */
class WorkPauseScenariosTest {

    private static final String MONDAY_MORNING = "2026-11-23T10:00:00Z";

    @TempDir
    Path dir;

    private List<String> run(String script) {
        return EscalationScenariosTest.console(dir, MONDAY_MORNING, script, Map.of());
    }

    @Test
    void aLateInputPausesTheWorkThatWaitsOnItBothSidesAreToldAndItsArrivalResumesTheWorkWithTheTimelineMoved() {
        String script = """
                /commit @sam send the brand guidelines by wednesday kind:input
                /commit build the homepage by 14 december to @sam
                /commit depends 2 on 1
                /clock 2026-12-08T16:00:00Z
                /commit list
                /clock 2026-12-09T16:00:00Z
                /commit list
                /as @sam
                /commit status
                /commit done 1
                /clock 2026-12-10T16:00:00Z
                /as @maya
                /commit list
                """;

        List<String> out = run(script);

        assertTrue(out.contains("[private @maya] #2 build the homepage now waits on #1 send the brand guidelines, owed by @sam."
                + " | If #1 runs 10 working days late, work on #2 pauses, as the agreement says. If it arrives late, #2's"
                + " date moves by as many working days."), () -> String.join("\n", out));
        List<String> lists = out.stream().filter(l -> l.startsWith("[private @maya] ") && l.contains(" open in #acme")).toList();
        // Nine working days late: it waits; the tenth (Wed 9 Dec): paused; after #1 arrived: neither, and 10 working
        // days later (Mon 14 Dec → Tue 29 Dec, over the 25 December holiday).
        assertTrue(lists.get(0).endsWith("#2 @maya: build the homepage — owed to @sam — due Mon 14 Dec 17:00 (Europe/London)"
                + " — waits on #1"), lists.get(0));
        assertTrue(lists.get(1).endsWith("#2 @maya: build the homepage — owed to @sam — due Mon 14 Dec 17:00 (Europe/London)"
                + " — paused while #1 send the brand guidelines is late (as agreed)"), lists.get(1));
        assertEquals("[private @maya] 1 open in #acme: | #2 @maya: build the homepage — owed to @sam — due Tue 29 Dec 17:00"
                + " (Europe/London)", lists.get(2));
        // The client hears it the morning it happens, in his own message of the day, with what it has cost so far.
        assertTrue(out.contains("[DM @sam] (Wed 9 Dec 09:00 America/New_York) #1 send the brand guidelines is now 10 working"
                + " days late, so, as agreed, work that needs it is paused: #2 build the homepage. It carries on as soon as it"
                + " arrives. | So far the timeline has moved 10 working days. Sent it already? /commit done 1"),
                () -> String.join("\n", out));
        // What he reads of it then says what has happened, not what may.
        String status = out.stream().filter(l -> l.startsWith("[private @sam] What you owe in #acme")).findFirst().orElseThrow();
        assertTrue(status.endsWith("Per the working agreement, so far: timeline +10 working days · work paused per the"
                + " agreement."), status);
        assertFalse(status.contains("may pause"), status);
        // Maya had her message of Wednesday (the review); the pause and the resumption reach her on Thursday, together.
        String maya = out.stream().filter(l -> l.startsWith("[DM @maya] (Thu 10 Dec")).findFirst().orElseThrow();
        assertTrue(maya.contains("#1 send the brand guidelines, owed by @sam, is 10 working days late, so, as the agreement"
                + " says, work that needs it is paused: #2 build the homepage. | No reminders for it meanwhile, and the wait"
                + " doesn't count against the consultancy. It resumes when #1 is done. | @sam has been told."), maya);
        assertTrue(maya.contains("#1 send the brand guidelines arrived, 10 working days late. #2 build the homepage is no longer"
                + " paused: reminders resume. Its date moves 10 working days, as the agreement says, to Tue 29 Dec 17:00"
                + " (Europe/London)."), maya);
        assertTrue(out.contains("[DM @sam] (Thu 10 Dec 09:30 America/New_York) Thanks for #1 send the brand guidelines. Work on"
                + " #2 build the homepage resumes. Its date moves 10 working days, as the agreement says, to Tue 29 Dec 12:00"
                + " (America/New_York)."), () -> String.join("\n", out));
        // Paused, #2 had no reminder of its own; nothing was said to Maya about her own item before it resumed.
        assertTrue(out.stream().noneMatch(l -> l.startsWith("[DM @maya]") && l.contains("Heads-up") && l.contains("#2")),
                () -> String.join("\n", out));
    }

    @Test
    void onlyAConsultantMakesTheConsultancysWorkWaitAndOnlyOnSomethingAClientOwes() {
        String script = """
                /commit @sam send the brand guidelines by wednesday kind:input
                /commit build the homepage by 14 december to @sam
                /commit depends 1 on 2
                /commit depends 2 on 2
                /commit depends 2 until friday
                /as @sam
                /commit depends 2 on 1
                /as @maya
                /commit depends 2 on 1
                /commit depends 2 on none
                /commit list
                """;

        List<String> out = run(script);

        assertEquals(List.of(
                "[private @maya] #1 is @sam's to deliver, not the consultancy's: only work the consultancy owes can wait on a"
                        + " client input.",
                "[private @maya] #2 can't wait on itself. /commit depends 2 on ID, where ID is something a client owes"
                        + " (/commit list shows them)",
                "[private @maya] Say what #2 waits on, for example: /commit depends 2 on 7 (or /commit depends 2 on none)",
                "[private @maya] #2 build the homepage now waits on #1 send the brand guidelines, owed by @sam. | If #1 runs"
                        + " 10 working days late, work on #2 pauses, as the agreement says. If it arrives late, #2's date moves"
                        + " by as many working days.",
                "[private @maya] #2 no longer waits on #1."),
                out.stream().filter(l -> l.startsWith("[private @maya] #") || l.startsWith("[private @maya] Say")).toList());
        assertTrue(out.contains("[private @sam] Only a consultant of the engagement says what waits on what. Ask @maya, who can"
                + " say for example: /commit depends 2 on 3"), () -> String.join("\n", out));
        assertTrue(out.stream().filter(l -> l.contains("open in #acme")).reduce((a, b) -> b).orElseThrow()
                .endsWith("due Mon 14 Dec 17:00 (Europe/London)"), () -> String.join("\n", out));
    }

    @Test
    void withNothingWaitingNobodyHearsOfThePauseAndWorkMadeToWaitAfterItPausesAtOnceAndTheClientIsTold() {
        String script = """
                /commit @sam send the brand guidelines by wednesday kind:input
                /commit build the homepage by 14 december to @sam
                /clock 2026-12-09T16:00:00Z
                /commit depends 2 on 1
                /clock 2026-12-10T16:00:00Z
                """;

        List<String> out = run(script);

        assertTrue(out.contains("[private @maya] #2 build the homepage now waits on #1 send the brand guidelines, owed by"
                + " @sam. | #1 is late past the agreement's pause, so work on #2 is paused now: no reminders for it, and the"
                + " wait doesn't count against the consultancy. It resumes when #1 is done."), () -> String.join("\n", out));
        List<String> pause = out.stream().filter(l -> l.contains("paused")).filter(l -> l.startsWith("[DM ")).toList();
        assertEquals(List.of("[DM @sam] (Wed 9 Dec 11:00 America/New_York) #1 send the brand guidelines is now 10 working days"
                + " late, so, as agreed, work that needs it is paused: #2 build the homepage. It carries on as soon as it"
                + " arrives. | So far the timeline has moved 10 working days. Sent it already? /commit done 1"), pause);
    }
}
