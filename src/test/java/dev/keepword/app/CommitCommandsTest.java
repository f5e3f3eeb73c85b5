package dev.keepword.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.Wiring;
import dev.keepword.config.ConfigFiles;
import dev.keepword.console.ConsoleText;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Kind;
import dev.keepword.domain.Party;
import dev.keepword.domain.State;
import dev.keepword.domain.WorkingHours;
import dev.keepword.store.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * /commit end to end on a real H2 database, in the demo workspace: #acme is the engagement, maya (Europe/London) its
 * consultant, sam (America/New_York) and lee (Europe/Berlin) its client members. zoe (Asia/Tokyo) is a client of
 * another engagement, #globex, and sees nothing of #acme.
 */
class CommitCommandsTest {

    /** Monday 23 November 2026: 10:00 in London, 05:00 in New York, 11:00 in Berlin. */
    private static final Instant MONDAY = Instant.parse("2026-11-23T10:00:00Z");
    private static final String WS = "console";

    private MutableClock clock;
    private Wiring wiring;

    @BeforeEach
    void startTheDemoWorkspace() {
        clock = new MutableClock(MONDAY);
        wiring = new Wiring(Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"), clock,
                Agreement.DEFAULT, (ws, id) -> Optional.empty(),
                (ws, target, message) -> new dev.keepword.app.Delivery.Undeliverable("no chat adapter is configured"));
        wiring.seed(new ConfigFiles(Path.of("config")).demoWorkspace());
        wiring.parties().save(new Party(WS, "zoe", "Zoe Park", ZoneId.of("Asia/Tokyo"), WorkingHours.OFFICE));
        wiring.parties().save(new Party(WS, "ravi", "Ravi Shah", ZoneId.of("Europe/London"), WorkingHours.OFFICE));
        wiring.engagements().save(new Engagement(WS, "globex", "globex", List.of("zoe"), List.of("ravi"),
                "globex-internal", ZoneId.of("Europe/London"), 2, Agreement.DEFAULT));
    }

    @AfterEach
    void stop() {
        wiring.close();
    }

    // ---------------------------------------------------------------------------------------------------------
    // recording a commitment

    @Test
    void recordsACommitmentForSomeoneElseConfirmsItPrivatelyAndTellsTheOwner() {
        String text = "@sam send the brand guidelines by friday";

        List<Outgoing> out = say("maya", text);

        assertEquals(List.of(
                "[private @maya] Recorded #1: @sam — send the brand guidelines (deliverable), owed to @maya."
                        + " | Due Fri 27 Nov 17:00 (America/New_York)."),
                rendered(out));
        assertEquals(new Target.Private("maya", "acme"), out.get(0).target());
        // Sam hears a few minutes later, in his working hours (05:03 in New York is before them: 09:00), with anything
        // else recorded for him meanwhile (the console scenarios show the words).
        assertEquals(List.of("#1 @sam 2026-11-23T14:00:00Z by maya"), recordingNotices());
        Commitment stored = commitment(1);
        assertEquals("sam", stored.owner());
        assertEquals("maya", stored.owedTo());
        assertEquals("maya", stored.createdBy());
        assertEquals(Kind.DELIVERABLE, stored.kind());
        assertEquals(Instant.parse("2026-11-27T22:00:00Z"), stored.due());
        assertEquals(State.OPEN, stored.state());
        assertEquals(1, stored.history().size());
    }

    @Test
    void recordsOnesOwnCommitmentAndTellsOnlyThePersonItIsOwedToInTheirZone() {
        String text = "send the logo files by friday kind:input";

        List<Outgoing> out = say("sam", text);

        assertEquals(List.of(
                "[private @sam] Recorded #1: @sam — send the logo files (input), owed to @maya."
                        + " | Due Fri 27 Nov 17:00 (America/New_York).",
                firstContact("sam")), rendered(out));
        assertEquals(List.of("#1 @maya 2026-11-23T10:03:00Z by sam"), recordingNotices());
    }

    @Test
    void recordsACommitmentOwedToAThirdPersonAndTellsTheOwnerThenThePersonItIsOwedTo() {
        String text = "@sam send the logo files by friday to @lee";

        List<Outgoing> out = say("maya", text);

        assertEquals(List.of(
                "[private @maya] Recorded #1: @sam — send the logo files (deliverable), owed to @lee."
                        + " | Due Fri 27 Nov 17:00 (America/New_York)."), rendered(out));
        assertEquals(List.of("#1 @lee 2026-11-23T10:03:00Z by maya", "#1 @sam 2026-11-23T14:00:00Z by maya"),
                recordingNotices());
    }

    @Test
    void tellsNobodyElseWhenTheSpeakerIsThePersonItIsOwedTo() {
        List<Outgoing> out = say("lee", "@sam send the logo files by friday");

        assertEquals(List.of(new Target.Private("lee", "acme"), new Target.Private("lee", "acme")),
                out.stream().map(Outgoing::target).toList());
        assertEquals(firstContact("lee"), rendered(out).get(1), "the only other message is lee's first sight of the agreement");
        assertEquals(List.of("#1 @sam 2026-11-23T14:00:00Z by lee"), recordingNotices(), "only the owner is told");
    }

    @Test
    void readsTheDueDateInTheOwnersZoneNotTheSpeakers() {
        String text = "@lee approve the homepage copy by dec 4 kind:approval";

        List<Outgoing> out = say("maya", text);

        assertEquals("Recorded #1: @lee — approve the homepage copy (approval), owed to @maya."
                + "\nDue Fri 4 Dec 17:00 (Europe/Berlin).", out.get(0).message().plain());
        assertEquals(Instant.parse("2026-12-04T16:00:00Z"), commitment(1).due());
    }

    @Test
    void numbersCommitmentsOneAfterAnother() {
        say("maya", "@sam send the brand guidelines by friday");

        List<Outgoing> out = say("maya", "@lee approve the homepage copy by dec 4");

        assertTrue(out.get(0).message().plain().startsWith("Recorded #2: @lee"));
    }

    @ParameterizedTest(name = "[{index}] {0}: \"{1}\" is owed by {2} to {3}")
    @CsvSource(delimiter = '|', textBlock = """
            maya | @sam send the brand guidelines by friday  | sam  | maya
            lee  | @sam send the brand guidelines by friday  | sam  | lee
            sam  | send the logo files by friday             | sam  | maya
            lee  | send the logo files by friday             | lee  | maya
            maya | send the wireframes by friday             | maya | sam
            maya | @sam send the brand guidelines by friday to @lee | sam | lee
            sam  | send the logo files to @lee by friday     | sam  | lee
            sam  | talk to @lee about the logo files by friday | sam | maya
            """)
    void owesItToTheSpeakerOrTheOtherSideUnlessToSaysOtherwise(String speaker, String text, String owner, String owedTo) {
        say(speaker, text);

        Commitment stored = commitment(1);
        assertEquals(owner, stored.owner());
        assertEquals(owedTo, stored.owedTo());
    }

    // ---------------------------------------------------------------------------------------------------------
    // refusals when recording

    @Test
    void refusesToRecordInAChannelWithoutAnEngagement() {
        int before = commitmentCount();

        List<Outgoing> out = sayIn("random", "maya", "@sam send the brand guidelines by friday");

        assertEquals(List.of("[private @maya] This channel has no engagement yet. A consultant sets one up with: "
                + "/commit setup client @sam @lee owner @maya escalate #acme-internal tz America/New_York"), rendered(out));
        assertEquals(new Target.Private("maya", "random"), out.get(0).target());
        assertEquals(before, commitmentCount());
    }

    @Test
    void refusesToRecordForSomeoneWhoIsNotAMemberOfTheEngagement() {
        int before = commitmentCount();

        List<Outgoing> out = say("zoe", "send the contract by friday to @maya");

        assertEquals(List.of("[private @zoe] Only members of this engagement can record commitments here. "
                + "A consultant owner (@maya) can add you, for example: "
                + "/commit setup client @sam @lee @zoe owner @maya escalate #acme-internal"), rendered(out));
        assertEquals(before, commitmentCount());
    }

    @Test
    void theSetupLineOfferedToANonMemberAddsThemWhenTheConsultantSaysIt() {
        String refusal = rendered(say("zoe", "send the contract by friday to @maya")).get(0);
        String example = refusal.substring(refusal.indexOf("/commit ") + "/commit ".length());

        List<Outgoing> setup = say("maya", example);
        List<Outgoing> out = say("zoe", "send the contract by friday to @maya");

        assertEquals("[private @maya] Updated this channel's engagement.", rendered(setup).get(0));
        Engagement stored = wiring.engagements().byChannel(WS, "acme").orElseThrow();
        assertEquals(List.of("sam", "lee", "zoe"), stored.clients());
        assertEquals(List.of("maya"), stored.consultants());
        assertEquals("acme-internal", stored.escalationChannel());
        assertTrue(rendered(out).get(0).startsWith("[private @zoe] Recorded #1: @zoe — send the contract"),
                () -> rendered(out).get(0));
    }

    @ParameterizedTest(name = "[{index}] @{0}")
    @CsvSource({"zoe", "ghost"})
    void refusesAnOwnerOutsideTheEngagementTheSameWayWhetherOrNotTheyExist(String owner) {
        int before = commitmentCount();

        List<Outgoing> out = say("maya", "@" + owner + " send the contract by friday");

        assertEquals(List.of("[private @maya] @" + owner + " is not part of this engagement. Name one of @maya, @sam, @lee, "
                + "for example: /commit @maya send the draft by friday"), rendered(out));
        assertEquals(before, commitmentCount());
    }

    @Test
    void refusesToOweSomethingToSomeoneOutsideTheEngagement() {
        int before = commitmentCount();

        List<Outgoing> out = say("maya", "@sam send the contract by friday to @ghost");

        assertEquals(List.of("[private @maya] @ghost is not part of this engagement, so nothing can be owed to them here. "
                + "Name one of @maya, @sam, @lee after \"to\", for example: /commit send the draft by friday to @maya"),
                rendered(out));
        assertEquals(before, commitmentCount());
    }

    @Test
    void refusesACommitmentOwedToItsOwnOwner() {
        int before = commitmentCount();

        List<Outgoing> out = say("sam", "send the logo files by friday to @sam");

        assertEquals(List.of("[private @sam] A commitment is owed to someone else. Say who with \"to @person\", "
                + "for example: /commit @sam send the draft by friday to @maya", firstContact("sam")), rendered(out));
        assertEquals(before, commitmentCount());
    }

    @Test
    void refusesADueDateItCannotReadAndShowsExamples() {
        int before = commitmentCount();

        List<Outgoing> out = say("maya", "@sam send the brand guidelines by someday soon");

        assertEquals(List.of("[private @maya] I couldn't read \"someday soon\" as a date. Try something like "
                + "\"friday 5pm\", \"tomorrow\", \"in 3 working days\", \"Dec 3\" or \"2026-12-03\"."), rendered(out));
        assertEquals(before, commitmentCount());
    }

    @Test
    void refusesADueDateInThePast() {
        int before = commitmentCount();

        List<Outgoing> out = say("maya", "@sam send the brand guidelines by 2026-11-20");

        assertEquals(List.of("[private @maya] That date is in the past: \"2026-11-20\" was Fri 20 Nov 17:00. "
                + "Try a later one, e.g. \"friday\"."), rendered(out));
        assertEquals(before, commitmentCount());
    }

    @Test
    void passesOnTheParsersRefusalUnchanged() {
        int before = commitmentCount();

        List<Outgoing> out = say("maya", "@sam send the brand guidelines");

        assertEquals(List.of("[private @maya] Say when it is due with \"by\", for example: "
                + "/commit @sam send the brand guidelines by friday to @maya kind:input"), rendered(out));
        assertEquals(before, commitmentCount());
    }

    @Test
    void aRefusedCommitmentUsesUpNoNumber() {
        say("maya", "@ghost send the contract by friday");
        say("maya", "@sam send the brand guidelines by 2026-11-20");

        say("maya", "@sam send the brand guidelines by friday");

        assertEquals(1, commitmentCount());
        assertEquals("send the brand guidelines", commitment(1).title());
    }

    // ---------------------------------------------------------------------------------------------------------
    // list

    @Test
    void listsWhatIsOpenInThisEngagementInTheReadersZoneSoonestFirst() {
        recordThree();

        List<Outgoing> out = say("maya", "list");

        assertEquals(List.of("[private @maya] 3 open in #acme:"
                + " | #2 @maya: send the wireframes — owed to @sam — due Wed 25 Nov 17:00 (Europe/London)"
                + " | #1 @sam: send the brand guidelines — owed to @maya — due Fri 27 Nov 22:00 (Europe/London)"
                + " | #3 @lee: approve the homepage copy — owed to @maya — due Fri 4 Dec 16:00 (Europe/London)"),
                rendered(out));
        assertEquals(new Target.Private("maya", "acme"), out.get(0).target());
    }

    @Test
    void listsMineAsWhatTheSpeakerOwes() {
        recordThree();

        List<Outgoing> out = say("sam", "list mine");

        assertEquals(List.of("[private @sam] 1 you owe in #acme:"
                + " | #1 @sam: send the brand guidelines — owed to @maya — due Fri 27 Nov 17:00 (America/New_York)",
                firstContact("sam")), rendered(out));
    }

    @Test
    void listsOwedAsWhatIsOwedToTheSpeaker() {
        recordThree();

        List<Outgoing> out = say("maya", "list owed");

        assertEquals(List.of("[private @maya] 2 owed to you in #acme:"
                + " | #1 @sam: send the brand guidelines — owed to @maya — due Fri 27 Nov 22:00 (Europe/London)"
                + " | #3 @lee: approve the homepage copy — owed to @maya — due Fri 4 Dec 16:00 (Europe/London)"),
                rendered(out));
    }

    @Test
    void listsOnePersonsOpenCommitments() {
        recordThree();

        List<Outgoing> out = say("sam", "list @lee");

        assertEquals(List.of("[private @sam] 1 owed by @lee in #acme:"
                + " | #3 @lee: approve the homepage copy — owed to @maya — due Fri 4 Dec 11:00 (America/New_York)",
                firstContact("sam")), rendered(out));
    }

    @Test
    void listsOverdueOnlyOnceTheClockPassesTheDueDates() {
        recordThree();
        List<Outgoing> onMonday = say("maya", "list overdue");

        clock.set(Instant.parse("2026-11-28T00:00:00Z"));
        List<Outgoing> onSaturday = say("maya", "list overdue");

        assertEquals(List.of("[private @maya] Nothing overdue in #acme."), rendered(onMonday));
        assertEquals(List.of("[private @maya] 2 overdue in #acme:"
                + " | #2 @maya: send the wireframes — owed to @sam — due Wed 25 Nov 17:00 (Europe/London) — 2 working days late"
                + " | #1 @sam: send the brand guidelines — owed to @maya — due Fri 27 Nov 22:00 (Europe/London)"
                + " — less than a working day late"), rendered(onSaturday));
    }

    @Test
    void listsAllIncludingDoneAndCancelledWhileTheDefaultListShowsOnlyOpen() {
        recordThree();
        say("maya", "done 2");
        say("maya", "cancel 3 the homepage is on hold");

        List<Outgoing> open = say("lee", "list");
        List<Outgoing> all = say("lee", "list all");

        assertEquals(List.of("[private @lee] 1 open in #acme:"
                + " | #1 @sam: send the brand guidelines — owed to @maya — due Fri 27 Nov 23:00 (Europe/Berlin)",
                firstContact("lee")), rendered(open));
        assertEquals(List.of("[private @lee] 3 in all in #acme:"
                + " | #2 @maya: send the wireframes — owed to @sam — due Wed 25 Nov 18:00 (Europe/Berlin) — done"
                + " | #1 @sam: send the brand guidelines — owed to @maya — due Fri 27 Nov 23:00 (Europe/Berlin)"
                + " | #3 @lee: approve the homepage copy — owed to @maya — due Fri 4 Dec 17:00 (Europe/Berlin) — cancelled"),
                rendered(all));
    }

    @Test
    void showsBlockedAndSnoozedInTheList() {
        say("maya", "@sam send the brand guidelines by friday");
        say("sam", "snooze 1 tomorrow");
        say("sam", "blocked 1 waiting for legal");

        List<Outgoing> out = say("sam", "list");

        assertEquals(List.of("[private @sam] 1 open in #acme:"
                + " | #1 @sam: send the brand guidelines — owed to @maya — due Fri 27 Nov 17:00 (America/New_York)"
                + " — blocked: waiting for legal — snoozed until Tue 24 Nov 09:30 (America/New_York)"), rendered(out));
    }

    @Test
    void saysWhenAListIsEmpty() {
        List<Outgoing> out = say("lee", "list mine");

        assertEquals(List.of("[private @lee] You owe nothing in #acme.", firstContact("lee")), rendered(out));
    }

    @Test
    void listsEveryEngagementOfTheSpeakerOutsideAnEngagementChannel() {
        recordThree();

        List<Outgoing> out = sayIn("D-sam", "sam", "list mine");

        assertEquals(List.of("[private @sam] 1 you owe in your engagements:"
                + " | #1 @sam: send the brand guidelines — owed to @maya — due Fri 27 Nov 17:00 (America/New_York)"),
                rendered(out));
        assertEquals(new Target.Private("sam", "D-sam"), out.get(0).target());
    }

    @Test
    void listsNothingOfAnotherEngagementEvenWhenAskedInItsChannel() {
        recordThree();

        List<Outgoing> out = say("zoe", "list all");

        assertEquals(List.of("[private @zoe] No commitments yet in your engagements."), rendered(out));
    }

    @Test
    void tellsSomeoneInNoEngagementThatThereIsNothingToList() {
        List<Outgoing> out = say("ghost", "list");

        assertEquals(List.of("[private @ghost] You are not a member of any engagement yet, so there is nothing to list. "
                + "A consultant adds people with /commit setup client @a owner @b escalate #channel"), rendered(out));
    }

    // ---------------------------------------------------------------------------------------------------------
    // done

    @Test
    void theOwnerMarksItDoneAndThePersonItIsOwedToHears() {
        say("maya", "@sam send the brand guidelines by friday");
        clock.set(Instant.parse("2026-11-25T15:00:00Z"));

        List<Outgoing> out = say("sam", "done #1 sent them by email");

        assertEquals(List.of(
                "[private @sam] Marked #1 done. Thank you for keeping your word.",
                firstContact("sam")), rendered(out));
        assertEquals(List.of(
                "[DM @maya] @sam marked #1 send the brand guidelines done: sent them by email"), notes());
        Commitment stored = commitment(1);
        assertEquals(State.DONE, stored.state());
        assertEquals(2, stored.history().size());
        assertEquals("sam", stored.history().get(1).actor());
        assertEquals(Instant.parse("2026-11-25T15:00:00Z"), stored.history().get(1).at());
    }

    @Test
    void thePersonItIsOwedToMarksItDoneAndTheOwnerHears() {
        say("maya", "@sam send the brand guidelines by friday");
        recordingNoticesSent(); // Sam heard it was recorded: from now on he hears what happens to it

        List<Outgoing> out = say("maya", "done 1");

        assertEquals(List.of(
                "[private @maya] Marked #1 done. Thank you for keeping your word."), rendered(out));
        assertEquals(List.of(
                "[DM @sam] @maya marked #1 send the brand guidelines done."), notes());
    }

    @Test
    void theConsultantMarksAClientToClientCommitmentDoneAndBothSidesHear() {
        say("lee", "@sam send the logo files by friday");
        recordingNoticesSent(); // Sam heard it was recorded: from now on he hears what happens to it

        List<Outgoing> out = say("maya", "done 1");

        assertEquals(List.of(
                "[private @maya] Marked #1 done. Thank you for keeping your word."), rendered(out));
        assertEquals(List.of(
                "[DM @lee] @maya marked #1 send the logo files done.",
                "[DM @sam] @maya marked #1 send the logo files done."), notes());
    }

    @Test
    void thanksTheOwnerForClosingItWhenItIsDoneLate() {
        say("maya", "@sam send the brand guidelines by friday");
        clock.set(Instant.parse("2026-11-28T00:00:00Z"));

        List<Outgoing> out = say("sam", "done 1");

        assertEquals(List.of(
                "[private @sam] Marked #1 done. Thank you for closing it.",
                firstContact("sam")), rendered(out));
        assertEquals(List.of(
                "[DM @maya] @sam marked #1 send the brand guidelines done."), notes());
        assertEquals(State.DONE, commitment(1).state());
    }

    @Test
    void thanksTheOwnerForKeepingTheirWordRightUpToTheDueMinute() {
        say("maya", "@sam send the brand guidelines by friday");
        clock.set(Instant.parse("2026-11-27T22:00:00Z"));

        List<Outgoing> out = say("sam", "done 1");

        assertEquals("[private @sam] Marked #1 done. Thank you for keeping your word.", rendered(out).get(0));
    }

    @Test
    void anotherClientCannotMarkItDone() {
        say("maya", "@sam send the brand guidelines by friday");

        List<Outgoing> out = say("lee", "done 1");

        assertEquals(List.of("[private @lee] Only the owner, the person it is owed to or a consultant can mark #1 done. "
                + "If it is done, ask @sam to say so: /commit done 1", firstContact("lee")), rendered(out));
        assertEquals(State.OPEN, commitment(1).state());
        assertEquals(1, commitment(1).history().size());
    }

    @Test
    void refusesToMarkDoneTwice() {
        say("maya", "@sam send the brand guidelines by friday");
        say("sam", "done 1");

        List<Outgoing> out = say("maya", "done 1");

        assertEquals(List.of("[private @maya] #1 is already done. /commit list shows what is still open."), rendered(out));
        assertEquals(2, commitment(1).history().size());
    }

    // ---------------------------------------------------------------------------------------------------------
    // move

    @Test
    void theOwnerMovesItAndThePersonItIsOwedToHearsBothDatesAndWhy() {
        say("maya", "@sam send the brand guidelines by friday");

        List<Outgoing> out = say("sam", "move 1 dec 2 because legal is still reviewing");

        assertEquals(List.of(
                "[private @sam] Moved #1 to Wed 2 Dec 17:00 (America/New_York).",
                firstContact("sam")), rendered(out));
        assertEquals(List.of(
                "[DM @maya] @sam moved #1 send the brand guidelines from Fri 27 Nov 17:00 (America/New_York)"
                        + " to Wed 2 Dec 17:00 (America/New_York), because legal is still reviewing"), notes());
        Commitment stored = commitment(1);
        assertEquals(Instant.parse("2026-12-02T22:00:00Z"), stored.due());
        assertEquals(1, stored.renegotiations());
        assertEquals(2, stored.history().size());
    }

    @Test
    void theConsultantMovesItAndBothSidesOfThePromiseHear() {
        say("lee", "@sam send the logo files by friday");
        recordingNoticesSent(); // Sam heard it was recorded: from now on he hears what happens to it

        List<Outgoing> out = say("maya", "move 1 dec 2");

        assertEquals(List.of(
                "[private @maya] Moved #1 to Wed 2 Dec 17:00 (America/New_York)."), rendered(out));
        assertEquals(List.of(
                "[DM @lee] @maya moved #1 send the logo files from Fri 27 Nov 17:00 (America/New_York)"
                        + " to Wed 2 Dec 17:00 (America/New_York).",
                "[DM @sam] @maya moved #1 send the logo files from Fri 27 Nov 17:00 (America/New_York)"
                        + " to Wed 2 Dec 17:00 (America/New_York)."), notes());
    }

    @Test
    void thePersonItIsOwedToCannotMoveItWhenTheyAreAClient() {
        say("lee", "@sam send the logo files by friday");

        List<Outgoing> out = say("lee", "move 1 dec 2");

        assertEquals(List.of("[private @lee] Only the owner or a consultant can move #1. Ask @sam or a consultant, "
                + "who can say for example: /commit move 1 next friday because …"), rendered(out));
        assertEquals(Instant.parse("2026-11-27T22:00:00Z"), commitment(1).due());
    }

    @Test
    void refusesAMoveToADateItCannotRead() {
        say("maya", "@sam send the brand guidelines by friday");

        List<Outgoing> out = say("sam", "move 1 whenever legal is done");

        assertEquals(List.of("[private @sam] I couldn't read \"whenever legal is done\" as a date. Try something like "
                + "\"friday 5pm\", \"tomorrow\", \"in 3 working days\", \"Dec 3\" or \"2026-12-03\".",
                firstContact("sam")), rendered(out));
        assertEquals(1, commitment(1).history().size());
    }

    @Test
    void aMoveClearsASnoozeAndABlock() {
        say("maya", "@sam send the brand guidelines by friday");
        say("sam", "snooze 1 tomorrow");
        say("sam", "blocked 1 waiting for legal");

        say("sam", "move 1 dec 2");

        Commitment stored = commitment(1);
        assertEquals(null, stored.snoozedUntil());
        assertEquals("", stored.blockedReason());
        assertEquals(4, stored.history().size());
    }

    // ---------------------------------------------------------------------------------------------------------
    // snooze

    @Test
    void theOwnerSnoozesItQuietlyUntilTheNudgeTimeInTheirZone() {
        say("maya", "@sam send the brand guidelines by friday");

        List<Outgoing> out = say("sam", "snooze 1 tomorrow");

        assertEquals(List.of("[private @sam] Snoozed #1 until Tue 24 Nov 09:30 (America/New_York). "
                + "It is still due Fri 27 Nov 17:00 (America/New_York).", firstContact("sam")), rendered(out));
        Commitment stored = commitment(1);
        assertEquals(Instant.parse("2026-11-24T14:30:00Z"), stored.snoozedUntil());
        assertEquals(Instant.parse("2026-11-27T22:00:00Z"), stored.due());
        assertEquals(1, stored.snoozes());
    }

    @Test
    void refusesASnoozeBeyondTheAgreementsCap() {
        say("maya", "@sam send the brand guidelines by friday");
        say("sam", "snooze 1 tomorrow");
        say("sam", "snooze 1 tomorrow");
        say("maya", "snooze 1 tomorrow");

        List<Outgoing> out = say("sam", "snooze 1 tomorrow");

        assertEquals(List.of("[private @sam] #1 has already been snoozed 3 times, the most the agreement allows. "
                + "Move it to a new date instead, for example: /commit move 1 next friday because …"), rendered(out));
        assertEquals(3, commitment(1).snoozes());
    }

    @Test
    void refusesToSnoozeACommitmentThatIsNotYetDuePastItsDueDateAndSuggestsAMove() {
        say("maya", "@sam send the brand guidelines by friday");

        List<Outgoing> out = say("sam", "snooze 1 dec 2");

        assertEquals(List.of("[private @sam] That is after #1 is due (Fri 27 Nov 17:00 (America/New_York)). "
                + "A snooze only pauses reminders; to agree a later date, move it, for example: "
                + "/commit move 1 dec 2 because …", firstContact("sam")), rendered(out));
        Commitment stored = commitment(1);
        assertEquals(0, stored.snoozes());
        assertEquals(null, stored.snoozedUntil());
        assertEquals(1, stored.history().size());
    }

    @Test
    void snoozesAnOverdueCommitmentPastItsDueDate() {
        say("maya", "@sam send the brand guidelines by friday");
        clock.set(Instant.parse("2026-11-28T00:00:00Z"));

        List<Outgoing> out = say("sam", "snooze 1 dec 2");

        assertEquals(List.of("[private @sam] Snoozed #1 until Wed 2 Dec 09:30 (America/New_York). "
                + "It is still due Fri 27 Nov 17:00 (America/New_York).", firstContact("sam")), rendered(out));
        assertEquals(1, commitment(1).snoozes());
    }

    @Test
    void anotherClientCannotSnoozeIt() {
        say("maya", "@sam send the brand guidelines by friday");

        List<Outgoing> out = say("lee", "snooze 1 tomorrow");

        assertEquals(List.of("[private @lee] Only the owner or a consultant can snooze #1. "
                + "@sam can, for example: /commit snooze 1 tomorrow", firstContact("lee")), rendered(out));
        assertEquals(0, commitment(1).snoozes());
    }

    // ---------------------------------------------------------------------------------------------------------
    // blocked

    @Test
    void theOwnerSaysItIsBlockedAndTheLeadConsultantHearsOnce() {
        say("maya", "@sam send the brand guidelines by friday");

        List<Outgoing> out = say("sam", "blocked 1 waiting for legal sign-off");

        assertEquals(List.of(
                "[private @sam] Noted that #1 is blocked; reminders are paused until it gets a new date. @maya will see why.",
                firstContact("sam")), rendered(out));
        assertEquals(List.of(
                "[DM @maya] @sam says #1 send the brand guidelines is blocked: waiting for legal sign-off"), notes());
        assertEquals("waiting for legal sign-off", commitment(1).blockedReason());
    }

    @Test
    void aBlockIsToldToTheLeadConsultantAndToThePersonItIsOwedTo() {
        say("lee", "@sam send the logo files by friday");

        List<Outgoing> out = say("sam", "blocked 1 the designer is off sick");

        assertEquals(List.of(
                "[private @sam] Noted that #1 is blocked; reminders are paused until it gets a new date. @maya will see why.",
                firstContact("sam")), rendered(out));
        assertEquals(List.of(
                "[DM @maya] @sam says #1 send the logo files is blocked: the designer is off sick",
                "[DM @lee] @sam says #1 send the logo files is blocked: the designer is off sick"), notes());
    }

    @Test
    void theLeadConsultantMarkingItBlockedIsNotToldTheyWillSeeWhy() {
        say("lee", "@sam send the logo files by friday");
        recordingNoticesSent(); // Sam heard it was recorded: from now on he hears what happens to it

        List<Outgoing> out = say("maya", "blocked 1 waiting for the printer");

        assertEquals(List.of(
                "[private @maya] Noted that #1 is blocked; reminders are paused until it gets a new date."), rendered(out));
        assertEquals(List.of(
                "[DM @lee] @maya says #1 send the logo files is blocked: waiting for the printer",
                "[DM @sam] @maya says #1 send the logo files is blocked: waiting for the printer"), notes());
        assertEquals("waiting for the printer", commitment(1).blockedReason());
    }

    @Test
    void anotherClientCannotSayItIsBlocked() {
        say("maya", "@sam send the brand guidelines by friday");

        List<Outgoing> out = say("lee", "blocked 1 no idea");

        assertEquals(List.of("[private @lee] Only the owner or a consultant can mark #1 blocked. "
                + "@sam can, for example: /commit blocked 1 waiting for the staging login", firstContact("lee")),
                rendered(out));
        assertEquals("", commitment(1).blockedReason());
    }

    // ---------------------------------------------------------------------------------------------------------
    // cancel

    @Test
    void theRecorderCancelsItAndTheOwnerHears() {
        say("maya", "@sam send the brand guidelines by friday");
        recordingNoticesSent(); // Sam heard it was recorded: from now on he hears what happens to it

        List<Outgoing> out = say("maya", "cancel 1 no longer needed");

        assertEquals(List.of(
                "[private @maya] Cancelled #1."), rendered(out));
        assertEquals(List.of(
                "[DM @sam] @maya cancelled #1 send the brand guidelines: no longer needed"), notes());
        assertEquals(State.CANCELLED, commitment(1).state());
    }

    @Test
    void aClientWhoRecordedItCancelsItAndTheOwnerHears() {
        say("lee", "@sam send the logo files by friday");
        recordingNoticesSent(); // Sam heard it was recorded: from now on he hears what happens to it

        List<Outgoing> out = say("lee", "cancel 1");

        assertEquals(List.of(
                "[private @lee] Cancelled #1."), rendered(out));
        assertEquals(List.of(
                "[DM @sam] @lee cancelled #1 send the logo files."), notes());
    }

    @Test
    void theOwnerCannotCancelWhatSomeoneElseRecordedForThem() {
        say("maya", "@sam send the brand guidelines by friday");

        List<Outgoing> out = say("sam", "cancel 1 too busy");

        assertEquals(List.of("[private @sam] Only the person who recorded #1, the person it is owed to or a consultant "
                + "can cancel it. They can say, for example: /commit cancel 1 no longer needed", firstContact("sam")),
                rendered(out));
        assertEquals(State.OPEN, commitment(1).state());
    }

    // ---------------------------------------------------------------------------------------------------------
    // invisibility

    @Test
    void someoneOutsideTheEngagementCannotTellAnExistingCommitmentFromAMissingOne() {
        say("maya", "@sam send the brand guidelines by friday");
        // zoe's first /commit in #globex also shows her #globex's agreement, whatever she typed: get it out of the way
        List<Outgoing> first = sayIn("globex", "zoe", "done 1");
        assertEquals(List.of("[private @zoe] I can't find #1. /commit list shows the commitments you can see.",
                "[private @zoe] " + agreement("globex", "nobody yet", true)), rendered(first));
        List<String> responses = List.of("done %d", "move %d dec 2 because reasons", "snooze %d tomorrow",
                "blocked %d stuck", "cancel %d not needed");

        for (String response : responses) {
            List<Outgoing> existing = sayIn("globex", "zoe", response.formatted(1));
            List<Outgoing> missing = sayIn("globex", "zoe", response.formatted(99));

            assertEquals(List.of("[private @zoe] I can't find #1. /commit list shows the commitments you can see."),
                    rendered(existing), response);
            assertEquals(List.of("[private @zoe] I can't find #99. /commit list shows the commitments you can see."),
                    rendered(missing), response);
        }
        Commitment untouched = commitment(1);
        assertEquals(State.OPEN, untouched.state());
        assertEquals(1, untouched.history().size());
    }

    @Test
    void aConsultantOfAnotherEngagementCannotReachThisOnesCommitmentsEither() {
        say("maya", "@sam send the brand guidelines by friday");

        List<Outgoing> out = sayIn("acme", "ravi", "done 1");

        assertEquals(List.of("[private @ravi] I can't find #1. /commit list shows the commitments you can see."),
                rendered(out));
        assertEquals(State.OPEN, commitment(1).state());
    }

    @Test
    void aMemberCanRespondFromAnyChannel() {
        say("maya", "@sam send the brand guidelines by friday");

        List<Outgoing> out = sayIn("D-sam", "sam", "done 1");

        assertEquals("[private @sam] Marked #1 done. Thank you for keeping your word.", rendered(out).get(0));
    }

    // ---------------------------------------------------------------------------------------------------------
    // setup

    @Test
    void theConsultantUpdatesTheSetupAndItIsPostedInTheChannel() {
        String text = "setup client @sam owner @maya escalate #acme-escalations tz America/New_York tier 3";

        List<Outgoing> out = say("maya", text);

        assertEquals(List.of(
                "[private @maya] Updated this channel's engagement.",
                "[#acme] Keepword is set up here. | Client members: @sam | Consultant owners: @maya"
                        + " | Escalations go to #acme-escalations. | No client sponsor is set up."
                        + " | Time zone America/New_York · tier 3 · due time by default 17:00."
                        + " | Weekly summary on Mondays at 09:00 (America/New_York) in #acme; the internal one in"
                        + " #acme-escalations. Change it with /commit summary DAY TIME [#channel]."), rendered(out));
        assertEquals(new Target.Channel("acme"), out.get(1).target());
        Engagement stored = wiring.engagements().byChannel(WS, "acme").orElseThrow();
        assertEquals(List.of("sam"), stored.clients());
        assertEquals(List.of("maya"), stored.consultants());
        assertEquals("acme-escalations", stored.escalationChannel());
        assertEquals(ZoneId.of("America/New_York"), stored.zone());
        assertEquals(3, stored.tier());
        assertEquals("acme", stored.name());
    }

    @Test
    void someoneRemovedFromTheEngagementCanNoLongerRecordInIt() {
        say("maya", "setup client @sam owner @maya escalate #acme-internal");

        List<Outgoing> out = say("lee", "send the logo files by friday");

        assertEquals(List.of("[private @lee] Only members of this engagement can record commitments here. "
                + "A consultant owner (@maya) can add you, for example: "
                + "/commit setup client @sam @lee owner @maya escalate #acme-internal"), rendered(out));
    }

    @Test
    void aClientCannotChangeTheSetup() {
        Engagement before = wiring.engagements().byChannel(WS, "acme").orElseThrow();

        List<Outgoing> out = say("sam", "setup client @lee owner @sam escalate #acme-internal");

        assertEquals(List.of("[private @sam] Only a consultant owner of this engagement (@maya) can change its setup. "
                + "/commit setup shows it as it is.", firstContact("sam")), rendered(out));
        assertEquals(before, wiring.engagements().byChannel(WS, "acme").orElseThrow());
    }

    @Test
    void refusesASetupNamingSomeoneUnknownAndChangesNothing() {
        Engagement before = wiring.engagements().byChannel(WS, "acme").orElseThrow();

        List<Outgoing> out = say("maya", "setup client @sam @ghost owner @maya escalate #acme-internal");

        assertEquals(List.of("[private @maya] I don't know @ghost in this workspace. "
                + "Mention people with @, for example: /commit list @sam"), rendered(out));
        assertEquals(before, wiring.engagements().byChannel(WS, "acme").orElseThrow());
    }

    @Test
    void setsUpANewChannelWithTheFirstOwnersZoneAndTierTwo() {
        List<Outgoing> out = sayIn("initech", "maya", "setup client @lee owner @maya escalate #initech-internal");

        assertEquals(List.of(
                "[private @maya] This channel is now an engagement. Record the first commitment with /commit WHAT by WHEN.",
                "[#initech] Keepword is set up here. | Client members: @lee | Consultant owners: @maya"
                        + " | Escalations go to #initech-internal. | No client sponsor is set up."
                        + " | Time zone Europe/London · tier 2 · due time by default 17:00."
                        + " | Weekly summary on Mondays at 09:00 (Europe/London) in #initech; the internal one in"
                        + " #initech-internal. Change it with /commit summary DAY TIME [#channel]."), rendered(out));
    }

    @Test
    void refusesANewEngagementWhoseOwnersLeaveOutTheSpeakerAndSavesNothing() {
        List<Outgoing> out = sayIn("initech", "sam", "setup client @lee owner @maya escalate #initech-internal");

        assertEquals(List.of("[private @sam] Whoever sets up an engagement is one of its consultant owners. "
                + "Name yourself after \"owner\", for example: "
                + "/commit setup client @lee owner @sam @maya escalate #initech-internal"), rendered(out));
        assertEquals(Optional.empty(), wiring.engagements().byChannel(WS, "initech"));
    }

    @Test
    void showsTheSetupToAnyMember() {
        List<Outgoing> out = say("lee", "setup");

        assertEquals(List.of("[private @lee] Engagement acme: | Client members: @sam, @lee | Consultant owners: @maya"
                + " | Escalations go to #acme-internal. | No client sponsor is set up."
                + " | Time zone Europe/London · tier 2 · due time by default 17:00."
                + " | Weekly summary on Mondays at 09:00 (Europe/London) in #acme; the internal one in #acme-internal."
                + " Change it with /commit summary DAY TIME [#channel].", firstContact("lee")), rendered(out));
    }

    @Test
    void showingTheSetupWhereThereIsNoneExplainsHowToMakeOne() {
        List<Outgoing> out = sayIn("random", "maya", "setup");

        assertEquals(List.of("[private @maya] This channel has no engagement yet. A consultant sets one up with: "
                + "/commit setup client @sam @lee owner @maya escalate #acme-internal tz America/New_York"), rendered(out));
    }

    // ---------------------------------------------------------------------------------------------------------
    // help

    @Test
    void helpListsEveryVerbPrivately() {
        List<Outgoing> out = say("sam", "help");

        List<String> lines = List.of(out.get(0).message().plain().split("\n"));
        assertEquals(2, out.size());
        assertEquals(new Target.Private("sam", "acme"), out.get(0).target());
        assertEquals(firstContact("sam"), rendered(out).get(1), "after help, sam's first sight of the agreement");
        assertEquals("Keepword records who owes what to whom by when, and chases it politely.", lines.get(0));
        for (String verb : List.of("/commit [@owner] WHAT by WHEN", "/commit list [mine|owed|overdue|@person|all]",
                "/commit done ID", "/commit move ID WHEN", "/commit snooze ID WHEN", "/commit blocked ID REASON",
                "/commit cancel ID", "/commit notmine ID", "/commit away until WHEN", "/commit back",
                "/commit status [@person]", "/commit agreement", "/commit agree",
                "/commit change-request [@client] WHAT [est Nh] [by WHEN]", "/commit reassign ID @person", "/commit tier 1|2|3",
                "/commit setup client @a @b owner @c escalate #channel")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(verb) || l.contains(" · " + verb)),
                    () -> "help has no line for " + verb);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("/commit setup ") && l.contains("[sponsor @")),
                "help shows the sponsor in setup");
    }

    @Test
    void nothingTypedShowsHelpToo() {
        List<Outgoing> out = say("sam", "");

        List<String> help = rendered(say("sam", "help"));
        assertEquals(1, help.size(), "the agreement is shown only the first time");
        assertEquals(List.of(help.get(0), firstContact("sam")), rendered(out));
    }

    // ---------------------------------------------------------------------------------------------------------

    /** #1 sam owes maya (due Fri 27 Nov 17:00 New York), #2 maya owes sam (Wed 25 Nov 17:00 London), #3 lee owes maya (Fri 4 Dec 17:00 Berlin). */
    /** The planned recording notices, as "#id @recipient when by recorder". */
    /**
     * What the people a change concerns will hear of it: notes the outbox holds for them (they go out in each reader's
     * one message of the day), as the console would print them.
     */
    private List<String> notes() {
        return wiring.database().jdbc().query("""
                select recipient, detail from outbox where step = 'NOTE' and state = 'PLANNED' order by id
                """, rs -> "[DM @" + rs.getString("recipient") + "] " + dev.keepword.console.ConsoleText.text(
                StoredMessage.read(rs.getString("detail").substring(rs.getString("detail").indexOf(' ') + 1))));
    }

    /** The recording notices went out (as the dispatcher would send them in each reader's morning). */
    private void recordingNoticesSent() {
        wiring.database().jdbc().update("update outbox set state = 'SENT' where step = 'RECORDED' and state = 'PLANNED'");
    }

    @Test
    void someoneWhoHasNotYetHeardACommitmentWasRecordedIsNotToldItWasCancelledAndNeverHearsOfIt() {
        say("maya", "@sam send the brand guidelines by friday");

        say("maya", "cancel 1 no longer needed");

        assertEquals(List.of(), notes());
        // and the recording notice, when it falls due, is dropped: the commitment is closed
        assertEquals(List.of("#1 @sam 2026-11-23T14:00:00Z by maya"), recordingNotices());
    }

    private List<String> recordingNotices() {
        return wiring.database().jdbc().query("""
                select commitment_id, recipient, planned_for, detail from outbox
                where step = 'RECORDED' and state = 'PLANNED' order by recipient, commitment_id
                """, rs -> "#" + rs.getLong("commitment_id") + " @" + rs.getString("recipient") + " "
                + dev.keepword.store.Jdbc.instant(rs, "planned_for") + " by " + rs.getString("detail"));
    }

    private void recordThree() {
        say("maya", "@sam send the brand guidelines by friday");
        say("maya", "send the wireframes by wednesday");
        say("maya", "@lee approve the homepage copy by dec 4 kind:approval");
        assertEquals(3, commitmentCount());
    }

    /** What a client member of #acme is shown, after the answer, the first time they use /commit there. */
    private static String firstContact(String user) {
        return "[private @" + user + "] " + agreement("acme", "nobody yet", true);
    }

    /**
     * The default working agreement of a tier 2 engagement, as the console renders it to a client member: the ladder
     * without its last rung, the disengagement review, which is the consultancy's own.
     */
    static String agreement(String channel, String agreedBy, boolean offerToAgree) {
        return "Working agreement for #" + channel
                + " | Reminders: a heads-up 2 working days before a due date, a reminder on the day, then one each"
                + " working day (up to 5), at 09:30 in each person's time zone and working hours; at most one message a day from Keepword to each person."
                + " | Each side answers within 2 working days. A date can be moved before it passes (up to 2 times)"
                + " without counting as a miss."
                + " | Consequences: When a client input is late, the timeline moves by the same number of working days."
                + " Work pauses once an input is 10 working days late."
                + " | Escalation (tier 2): consultant looped in (+2) → escalation channel (+5) → final notice (+7)."
                + " | Agreed by: " + agreedBy
                + (offerToAgree ? " | If this works for you, say so with /commit agree or the button. [I agree: /commit agree]" : "");
    }

    private List<Outgoing> say(String user, String text) {
        return sayIn("acme", user, text);
    }

    private List<Outgoing> sayIn(String channel, String user, String text) {
        return wiring.commands().handle(new Inbound(WS, channel, user, text));
    }

    private static List<String> rendered(List<Outgoing> out) {
        return out.stream().map(ConsoleText::render).toList();
    }

    private Commitment commitment(long id) {
        return wiring.commitments().find(WS, id).orElseThrow();
    }

    private int commitmentCount() {
        return wiring.database().jdbc().one("select count(*) from commitment", rs -> rs.getInt(1)).orElseThrow();
    }
}
