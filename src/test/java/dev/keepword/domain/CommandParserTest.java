package dev.keepword.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.keepword.domain.Command.ListFilter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {

    private static final String CREATE_EXAMPLE =
            "/commit @sam send the brand guidelines by friday to @maya kind:input";
    private static final String SETUP_EXAMPLE =
            "/commit setup client @sam @lee owner @maya escalate #acme-internal tz America/New_York tier 2";

    // ---------------------------------------------------------------------------------------------------------
    // help

    @ParameterizedTest(name = "[{index}] \"{0}\" shows help")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "help", "HELP", "?", "\t\r\n", "\u0000\u0007"})
    void showsHelpForNothingTypedOrForHelp(String text) {
        Command command = accepted(text);

        assertEquals(new Command.Help(), command);
    }

    // ---------------------------------------------------------------------------------------------------------
    // list

    @ParameterizedTest(name = "[{index}] \"{0}\" lists {1}")
    @CsvSource(textBlock = """
            list,           OPEN
            ls,             OPEN
            list mine,      MINE
            list MINE,      MINE
            list owed,      OWED
            list overdue,   OVERDUE
            list late,      OVERDUE
            list all,       ALL
            LIST   all,     ALL
            """)
    void readsEachListFilter(String text, ListFilter filter) {
        Command command = accepted(text);

        assertEquals(new Command.ListCommitments(filter, null), command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" lists what {1} owes")
    @CsvSource(textBlock = """
            list @sam,          sam
            list <@U123>,       U123
            list <@U123|sam>,   U123
            """)
    void listsOnePersonNamedByHandleOrPlatformMention(String text, String person) {
        Command command = accepted(text);

        assertEquals(new Command.ListCommitments(ListFilter.PERSON, person), command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is refused")
    @ValueSource(strings = {"list everything", "list sam", "list @sam @lee", "list mine please"})
    void refusesAListFilterItDoesNotKnowAndShowsTheForms(String text) {
        String refusal = refused(text);

        assertEquals("I can list mine, owed, overdue, all or one person's commitments, "
                + "for example: /commit list overdue or /commit list @sam", refusal);
    }

    // ---------------------------------------------------------------------------------------------------------
    // done, move, snooze, blocked, cancel

    @Test
    void readsDoneWithAPlainNumberAndNoNote() {
        Command command = accepted("done 12");

        assertEquals(new Command.Done(12, ""), command);
    }

    @Test
    void readsDoneWithAHashNumberAndANote() {
        Command command = accepted("done #12   sent on Tuesday ");

        assertEquals(new Command.Done(12, "sent on Tuesday"), command);
    }

    @Test
    void readsVerbsWhateverTheirCase() {
        Command command = accepted("DONE #7");

        assertEquals(new Command.Done(7, ""), command);
    }

    @Test
    void readsMoveWithAReasonAfterBecause() {
        Command command = accepted("move 12 next friday because the launch slipped");

        assertEquals(new Command.Move(12, "next friday", "the launch slipped"), command);
    }

    @Test
    void readsMoveWithoutAReason() {
        Command command = accepted("move #12 dec 3 5pm");

        assertEquals(new Command.Move(12, "dec 3 5pm", ""), command);
    }

    @Test
    void readsBecauseWhateverItsCase() {
        Command command = accepted("move 12 monday BECAUSE legal is reviewing it");

        assertEquals(new Command.Move(12, "monday", "legal is reviewing it"), command);
    }

    @Test
    void refusesMoveWithoutANewDate() {
        String refusal = refused("move 12");

        assertEquals("Say the new date for #12, for example: /commit move 12 next friday because the launch slipped",
                refusal);
    }

    @Test
    void readsSnoozeWithAnUntil() {
        Command command = accepted("snooze #12 tomorrow morning");

        assertEquals(new Command.Snooze(12, "tomorrow morning"), command);
    }

    @Test
    void refusesSnoozeWithoutAnUntil() {
        String refusal = refused("snooze 12");

        assertEquals("Say until when to snooze #12, for example: /commit snooze 12 tomorrow", refusal);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"blocked 12 waiting for the staging login", "block #12 waiting for the staging login"})
    void readsBlockedAndItsShortForm(String text) {
        Command command = accepted(text);

        assertEquals(new Command.Blocked(12, "waiting for the staging login"), command);
    }

    @Test
    void refusesBlockedWithoutAReason() {
        String refusal = refused("blocked #12");

        assertEquals("Say what #12 is blocked on, for example: /commit blocked 12 waiting for the staging login",
                refusal);
    }

    @Test
    void readsCancelWithAndWithoutAReason() {
        Command bare = accepted("cancel 12");
        Command withReason = accepted("cancel #12 no longer needed");

        assertEquals(new Command.Cancel(12, ""), bare);
        assertEquals(new Command.Cancel(12, "no longer needed"), withReason);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("commandsWithoutANumber")
    void refusesAResponseWithoutTheCommitmentNumberAndShowsThatVerbsExample(String text, String expected) {
        String refusal = refused(text);

        assertEquals(expected, refusal);
    }

    static Stream<Arguments> commandsWithoutANumber() {
        return Stream.of(
                Arguments.of("done", "\"done\" needs the commitment's number first, for example: /commit done 12 sent on Tuesday"),
                Arguments.of("done twelve", "\"done\" needs the commitment's number first, for example: /commit done 12 sent on Tuesday"),
                Arguments.of("done 12th", "\"done\" needs the commitment's number first, for example: /commit done 12 sent on Tuesday"),
                Arguments.of("done ##12", "\"done\" needs the commitment's number first, for example: /commit done 12 sent on Tuesday"),
                Arguments.of("done 1234567890", "\"done\" needs the commitment's number first, for example: /commit done 12 sent on Tuesday"),
                Arguments.of("move friday", "\"move\" needs the commitment's number first, for example: /commit move 12 next friday because the launch slipped"),
                Arguments.of("snooze tomorrow", "\"snooze\" needs the commitment's number first, for example: /commit snooze 12 tomorrow"),
                Arguments.of("block", "\"blocked\" needs the commitment's number first, for example: /commit blocked 12 waiting for the staging login"),
                Arguments.of("cancel it", "\"cancel\" needs the commitment's number first, for example: /commit cancel 12 no longer needed"));
    }

    @Test
    void acceptsANoteOfExactlyTheLongestLength() {
        String note = "x".repeat(CommandParser.MAX_NOTE);

        Command command = accepted("done 12 " + note);

        assertEquals(new Command.Done(12, note), command);
    }

    @Test
    void refusesAnOverlongNoteWithItsLengthAndAnExample() {
        String note = "x".repeat(CommandParser.MAX_NOTE + 1);

        String refusal = refused("done 12 " + note);

        assertEquals("That note is 1001 characters; keep it under 1000, for example: /commit done 12 sent on Tuesday",
                refusal);
    }

    @Test
    void refusesAnOverlongBlockedReasonWithThatVerbsExample() {
        String reason = "waiting ".repeat(200);

        String refusal = refused("blocked 12 " + reason);

        assertEquals("That note is 1599 characters; keep it under 1000, for example: "
                + "/commit blocked 12 waiting for the staging login", refusal);
    }

    // ---------------------------------------------------------------------------------------------------------
    // setup

    @Test
    void readsTheFullSetupForm() {
        String text = "setup client @sam @lee owner @maya escalate #acme-internal tz America/New_York tier 3 name Acme Corp";

        Command command = accepted(text);

        assertEquals(new Command.Setup(List.of("sam", "lee"), List.of("maya"), "acme-internal", "America/New_York", 3,
                "Acme Corp"), command);
    }

    @Test
    void readsTheShortestSetupFormLeavingZoneTierAndNameUnset() {
        Command command = accepted("setup client @sam owner @maya escalate #acme-internal");

        assertEquals(new Command.Setup(List.of("sam"), List.of("maya"), "acme-internal", null, null, null), command);
    }

    @Test
    void readsSetupWithPluralKeywordsPlatformMentionsAndAChannelReference() {
        String text = "setup clients <@U1|sam> <@U2> consultants <@U3|maya> escalate <#C9|acme-internal> tz UTC";

        Command command = accepted(text);

        assertEquals(new Command.Setup(List.of("U1", "U2"), List.of("U3"), "C9", "UTC", null, null), command);
    }

    @Test
    void dropsAPersonNamedTwiceInSetup() {
        Command command = accepted("setup client @sam @sam owner @maya owners @maya escalate #acme-internal");

        assertEquals(new Command.Setup(List.of("sam"), List.of("maya"), "acme-internal", null, null, null), command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" names {1} sponsor")
    @CsvSource(delimiterString = "=>", textBlock = """
            setup client @sam owner @maya escalate #acme-internal sponsor @lee         => lee
            setup client @sam owner @maya escalate #acme-internal SPONSOR <@U9|lee>    => U9
            setup sponsor @lee client @sam owner @maya escalate #acme-internal         => lee
            setup client @sam owner @maya sponsor @lee escalate #acme-internal tier 3  => lee
            """)
    void readsTheSponsorAnywhereInSetup(String text, String sponsor) {
        Command.Setup command = (Command.Setup) accepted(text);

        assertEquals(sponsor, command.sponsor());
        assertEquals(List.of("sam"), command.clients());
        assertEquals(List.of("maya"), command.owners());
        assertEquals("acme-internal", command.escalationChannel());
    }

    @Test
    void leavesTheSponsorUnsetWhenSetupNamesNone() {
        Command.Setup command = (Command.Setup) accepted("setup client @sam owner @maya escalate #acme-internal");

        assertEquals(null, command.sponsor());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" shows the setup")
    @ValueSource(strings = {"setup", "SETUP   ", " setup"})
    void showsTheSetupWhenSetupHasNothingAfterIt(String text) {
        Command command = accepted(text);

        assertEquals(new Command.ShowSetup(), command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("badSetups")
    void refusesABadSetupSayingWhatWasWrongAndShowingTheFullForm(String text, String wrong) {
        String refusal = refused(text);

        assertEquals(wrong + " For example: " + SETUP_EXAMPLE, refusal);
    }

    static Stream<Arguments> badSetups() {
        return Stream.of(
                Arguments.of("setup acme client @sam owner @maya escalate #acme-internal",
                        "I didn't expect \"acme\" there."),
                Arguments.of("setup client sam owner @maya escalate #acme-internal",
                        "\"sam\" is not a person; name people as @handle."),
                Arguments.of("setup client @sam owner #maya escalate #acme-internal",
                        "\"#maya\" is not a person; name people as @handle."),
                Arguments.of("setup client @sam owner @maya escalate acme-internal",
                        "\"escalate\" takes one channel, written as #channel."),
                Arguments.of("setup client @sam owner @maya escalate #acme-internal #acme-leads",
                        "\"escalate\" takes one channel, written as #channel."),
                Arguments.of("setup client @sam owner @maya escalate #acme-internal tz EST",
                        "\"EST\" is not a time zone I know; use an IANA name such as America/New_York or Europe/London."),
                Arguments.of("setup client @sam owner @maya escalate #acme-internal tz +02:00",
                        "\"+02:00\" is not a time zone I know; use an IANA name such as America/New_York or Europe/London."),
                Arguments.of("setup client @sam owner @maya escalate #acme-internal tz Mars/Olympus_Mons",
                        "\"Mars/Olympus_Mons\" is not a time zone I know; use an IANA name such as America/New_York or Europe/London."),
                Arguments.of("setup client @sam owner @maya escalate #acme-internal tier 4",
                        "The tier is 1, 2 or 3."),
                Arguments.of("setup client @sam owner @maya escalate #acme-internal tier two",
                        "The tier is 1, 2 or 3."),
                Arguments.of("setup owner @maya escalate #acme-internal",
                        "Name at least one client member after \"client\"."),
                Arguments.of("setup client @sam escalate #acme-internal",
                        "Name at least one consultant owner after \"owner\"."),
                Arguments.of("setup client @sam owner @maya",
                        "Name the channel escalations go to after \"escalate\"."),
                Arguments.of("setup client @sam @maya owner @maya escalate #acme-internal",
                        "Nobody can be both a client member and a consultant owner."),
                Arguments.of("setup client @sam owner @maya escalate #acme-internal sponsor lee",
                        "\"sponsor\" takes one person, written as @handle."),
                Arguments.of("setup client @sam owner @maya escalate #acme-internal sponsor @lee @kim",
                        "\"sponsor\" takes one person, written as @handle."),
                Arguments.of("setup client @sam owner @maya escalate #acme-internal sponsor #acme",
                        "\"sponsor\" takes one person, written as @handle."));
    }

    // ---------------------------------------------------------------------------------------------------------
    // agreement, agree, tier, change, status

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"agreement", "AGREEMENT", "  agreement  ", "Agreement\u0000"})
    void readsAgreementAlone(String text) {
        Command command = accepted(text);

        assertEquals(new Command.ShowAgreement(), command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"agree", "AGREE", " agree\t"})
    void readsAgreeAlone(String text) {
        Command command = accepted(text);

        assertEquals(new Command.Agree(), command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is refused")
    @CsvSource(delimiter = '|', textBlock = """
            agreement please | "agreement" takes nothing after it: /commit agreement
            agreement 2      | "agreement" takes nothing after it: /commit agreement
            agree now        | "agree" takes nothing after it: /commit agree
            agree @sam       | "agree" takes nothing after it: /commit agree
            """)
    void refusesWordsAfterAgreementOrAgree(String text, String expected) {
        String refusal = refused(text);

        assertEquals(expected, refusal);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is tier {1}")
    @CsvSource(textBlock = """
            tier 1,      1
            tier 2,      2
            TIER   3,    3
            """)
    void readsTheTier(String text, int tier) {
        Command command = accepted(text);

        assertEquals(new Command.Tier(tier), command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is refused")
    @ValueSource(strings = {"tier", "tier 0", "tier 4", "tier two", "tier 2 please", "tier 12", "tier -1", "tier #2"})
    void refusesATierOtherThanOneTwoOrThree(String text) {
        String refusal = refused(text);

        assertEquals("The tier is 1 (trusts our judgment), 2 (negotiates) or 3 (wants exactly what they ask), "
                + "for example: /commit tier 3", refusal);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("changeRequests")
    void readsAChangeRequestWithItsClientEstimateAndDate(String text, Command.Change expected) {
        Command command = accepted(text);

        assertEquals(expected, command);
    }

    static Stream<Arguments> changeRequests() {
        return Stream.of(
                Arguments.of("change add a French version of the site est 16h",
                        new Command.Change(null, "add a French version of the site", 16, null)),
                Arguments.of("change-request @sam add a French version by friday",
                        new Command.Change("sam", "add a French version", null, "friday")),
                Arguments.of("CHANGE <@U1|sam> extra page est 8 hours by dec 4",
                        new Command.Change("U1", "extra page", 8, "dec 4")),
                Arguments.of("change @lee est 1 hour one more icon",
                        new Command.Change("lee", "one more icon", 1, null)),
                Arguments.of("change add EST 12H pages by next friday 3pm",
                        new Command.Change(null, "add pages", 12, "next friday 3pm")),
                Arguments.of("change-request review by legal by friday",
                        new Command.Change(null, "review by legal", null, "friday")),
                Arguments.of("change a   mobile\tapp  est 120h",
                        new Command.Change(null, "a mobile app", 120, null)),
                Arguments.of("change the estate page est 9999h",
                        new Command.Change(null, "the estate page", 9999, null)),
                Arguments.of("change-request rework est 12345h",
                        new Command.Change(null, "rework est 12345h", null, null)),
                Arguments.of("change rework est 8hours",
                        new Command.Change(null, "rework", 8, null)),
                Arguments.of("Change-Request rework est 8 days",
                        new Command.Change(null, "rework est 8 days", null, null)));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is refused")
    @ValueSource(strings = {"change-request", "change est 8h", "change-request @sam", "change @sam est 8h by friday",
            "change-request by friday"})
    void refusesAChangeRequestThatSaysNothingAboutWhatIsAsked(String text) {
        String refusal = refused(text);

        assertEquals("Say what the out-of-scope request is, for example: /commit change-request add a French version of "
                + "the site est 16h", refusal);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is a commitment")
    @CsvSource(delimiter = '|', textBlock = """
            change the hero image by friday                | change the hero image       | friday
            Change the footer copy by the day after tomorrow | Change the footer copy    | the day after tomorrow
            change review by legal by friday               | change review by legal      | friday
            """)
    void readsChangeWithoutAnEstimateAsAnOrdinaryCommitment(String text, String title, String when) {
        Command command = accepted(text);

        assertEquals(new Command.Create(null, title, when, null, Kind.DELIVERABLE), command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" asks which is meant")
    @CsvSource(delimiter = '|', textBlock = """
            change the hero image  | change the hero image
            change                 | change
            change @sam            | change @sam
            change by friday       | change by friday
            """)
    void asksWhetherAChangeWithNeitherEstimateNorDateIsACommitmentOrAChangeRequest(String text, String quoted) {
        String refusal = refused(text);

        assertEquals("Is \"" + quoted + "\" a commitment or a change request? To record a commitment, say when it is "
                + "due, for example: /commit change the hero image by friday. To log an out-of-scope request for the "
                + "client to approve: /commit change-request add a French version of the site est 16h", refusal);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" sounds like a change request: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            add an extra landing page          | true
            two additional banner sizes        | true
            the out-of-scope French site       | true
            a blog section, out of scope       | true
            new icons est 8h                   | true
            rework the checkout, 12 hours      | true
            sign the change order              | true
            send the brand guidelines          | false
            review the scope document          | false
            send 3 photos                      | false
            extraordinary launch plan          | false
            """)
    void spotsTitlesThatReadLikeOutOfScopeWork(String title, boolean expected) {
        assertEquals(expected, CommandParser.soundsLikeChangeRequest(title));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("reassignments")
    void readsAReassignment(String text, Command.Reassign expected) {
        assertEquals(expected, accepted(text));
    }

    static Stream<Arguments> reassignments() {
        return Stream.of(
                Arguments.of("reassign 3 @lee", new Command.Reassign(3, "lee")),
                Arguments.of("REASSIGN #3 <@U42|lee>", new Command.Reassign(3, "U42")),
                Arguments.of("reassign 3", new Command.Reassign(3, null)));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is refused")
    @CsvSource(delimiter = '|', textBlock = """
            reassign @lee          | "reassign" needs the commitment's number first, for example: /commit reassign 12 @lee
            reassign 3 lee         | Name the one person who should own #3 now, for example: /commit reassign 3 @lee
            reassign 3 @lee @sam   | Name the one person who should own #3 now, for example: /commit reassign 3 @lee
            """)
    void refusesAReassignmentWithoutOneNumberAndOnePerson(String text, String refusal) {
        assertEquals(refusal, refused(text));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("confirmedMoves")
    void readsConfirmAtTheEndOfAMove(String text, Command.Move expected) {
        assertEquals(expected, accepted(text));
    }

    static Stream<Arguments> confirmedMoves() {
        return Stream.of(
                Arguments.of("move 1 next tuesday confirm", new Command.Move(1, "next tuesday", "", true)),
                Arguments.of("move 1 next tuesday because the launch moved up CONFIRM",
                        new Command.Move(1, "next tuesday", "the launch moved up", true)),
                Arguments.of("move 1 next tuesday", new Command.Move(1, "next tuesday", "", false)),
                Arguments.of("move 1 friday because the client confirmed", new Command.Move(1, "friday", "the client confirmed", false)));
    }

    @Test
    void refusesAConfirmWithoutADate() {
        assertEquals("Say the new date for #1, for example: /commit move 1 next friday because the launch slipped",
                refused("move 1 confirm"));
    }

    @Test
    void acceptsAChangeRequestOfExactlyTheLongestLengthAndRefusesALongerOne() {
        int longest = Commitment.MAX_TITLE - 40;
        Command command = accepted("change " + "x".repeat(longest) + " est 8h");

        String refusal = refused("change-request " + "x".repeat(longest + 1));

        assertEquals(new Command.Change(null, "x".repeat(longest), 8, null), command);
        assertEquals("Keep the change request under " + longest + " characters, for example: /commit change-request add "
                + "a French version of the site est 16h", refusal);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" asks about {1}")
    @CsvSource(textBlock = """
            status,                 ''
            STATUS,                 ''
            status @sam,            sam
            status <@U123>,         U123
            status <@U123|sam>,     U123
            """)
    void readsTheStatusOfTheSpeakerOrOnePerson(String text, String person) {
        Command command = accepted(text);

        assertEquals(new Command.Status(person.isEmpty() ? null : person), command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is refused")
    @ValueSource(strings = {"status sam", "status @sam @lee", "status of @sam", "status #acme", "status @"})
    void refusesAStatusThatDoesNotNameOnePerson(String text) {
        String refusal = refused(text);

        assertEquals("Name one person, for example: /commit status @sam", refusal);
    }

    // ---------------------------------------------------------------------------------------------------------
    // create

    @Test
    void readsACommitmentWithTheOwnerNamedByHandle() {
        Command command = accepted("@sam send the brand guidelines by friday");

        assertEquals(new Command.Create("sam", "send the brand guidelines", "friday", null, Kind.DELIVERABLE), command);
    }

    @Test
    void leavesTheOwnerUnsetWhenNobodyIsNamedSoItIsTheSpeaker() {
        Command command = accepted("send the wireframes by wednesday 3pm");

        assertEquals(new Command.Create(null, "send the wireframes", "wednesday 3pm", null, Kind.DELIVERABLE), command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is owned by {1}")
    @CsvSource(delimiterString = "=>", textBlock = """
            @sam send the brand guidelines by friday               => sam
            <@U123> send the brand guidelines by friday            => U123
            <@U123|sam> send the brand guidelines by friday        => U123
            <@U123|Sam Rivera> send the brand guidelines by friday => U123
            @sam.rivera send the brand guidelines by friday        => sam.rivera
            """)
    void readsTheOwnerInEachMentionForm(String text, String owner) {
        Command command = accepted(text);

        assertEquals(new Command.Create(owner, "send the brand guidelines", "friday", null, Kind.DELIVERABLE), command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
            "@sam send the brand guidelines to @maya by friday",
            "@sam send the brand guidelines by friday to @maya",
            "@sam send the brand guidelines by friday TO @maya",
            "@sam send the brand guidelines to @maya kind:deliverable by friday"})
    void readsWhoItIsOwedToBeforeOrAfterBy(String text) {
        Command command = accepted(text);

        assertEquals(new Command.Create("sam", "send the brand guidelines", "friday", "maya", Kind.DELIVERABLE), command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" keeps \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            @sam talk to @lee about pricing by friday            | talk to @lee about pricing
            @sam to @maya send the brand guidelines by friday    | to @maya send the brand guidelines
            @sam send the deck to @lee and @kim by friday        | send the deck to @lee and @kim
            """)
    void keepsToAPersonInTheTitleWhenItIsNotAtTheEndOrRightBeforeBy(String text, String title) {
        Command command = accepted(text);

        assertEquals(new Command.Create("sam", title, "friday", null, Kind.DELIVERABLE), command);
    }

    @Test
    void readsOnlyTheToAtTheEndAsWhoItIsOwedToWhenTheTitleAlsoHasOne() {
        Command command = accepted("@sam talk to @lee about pricing by friday to @maya");

        assertEquals(new Command.Create("sam", "talk to @lee about pricing", "friday", "maya", Kind.DELIVERABLE), command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is a commitment")
    @CsvSource(delimiter = '|', textBlock = """
            help Lee with the deck by friday     | help Lee with the deck     | friday
            move the servers by monday           | move the servers           | monday
            setup the kickoff by monday          | setup the kickoff          | monday
            back up the site by friday           | back up the site           | friday
            list the vendors by friday           | list the vendors           | friday
            done deal review by friday           | done deal review           | friday
            cancel the venue booking by friday   | cancel the venue booking   | friday
            snooze alarm fix by tomorrow         | snooze alarm fix           | tomorrow
            blocked drain repair by friday       | blocked drain repair       | friday
            away day agenda by friday            | away day agenda            | friday
            notmine triage by friday             | notmine triage             | friday
            HELP Lee with the deck by friday     | HELP Lee with the deck     | friday
            agreement draft by friday            | agreement draft            | friday
            agree the scope by friday            | agree the scope            | friday
            tier pricing review by friday        | tier pricing review        | friday
            tier 2 pricing by friday             | tier 2 pricing             | friday
            status report by friday              | status report              | friday
            STATUS report by friday              | STATUS report              | friday
            """)
    void readsATitleStartingWithACommandWordAsACommitmentWhenTheRestIsNotThatCommandAndHasBy(String text, String title,
                                                                                               String when) {
        Command command = accepted(text);

        assertEquals(new Command.Create(null, title, when, null, Kind.DELIVERABLE), command);
    }

    @Test
    void readsAnOwnerAndWhoItIsOwedToInATitleStartingWithACommandWord() {
        Command command = accepted("help Lee with the deck by friday to @maya kind:meeting");

        assertEquals(new Command.Create(null, "help Lee with the deck", "friday", "maya", Kind.MEETING), command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("commandsThatMentionBy")
    void keepsACommandACommandWhenTheRestReadsAsThatCommandEvenWithBy(String text, Command expected) {
        Command command = accepted(text);

        assertEquals(expected, command);
    }

    static Stream<Arguments> commandsThatMentionBy() {
        return Stream.of(
                Arguments.of("done 12 sent by courier", new Command.Done(12, "sent by courier")),
                Arguments.of("move #12 next friday because legal stands by", new Command.Move(12, "next friday", "legal stands by")),
                Arguments.of("snooze 12 by tomorrow", new Command.Snooze(12, "by tomorrow")),
                Arguments.of("blocked 12 held up by legal", new Command.Blocked(12, "held up by legal")),
                Arguments.of("cancel 12 replaced by #14", new Command.Cancel(12, "replaced by #14")),
                Arguments.of("away until monday by noon", new Command.Away("monday by noon")),
                Arguments.of("setup client @sam owner @maya escalate #acme-internal name Run by Maya",
                        new Command.Setup(List.of("sam"), List.of("maya"), "acme-internal", null, null, "Run by Maya")),
                Arguments.of("change the homepage hero by friday",
                        new Command.Create(null, "change the homepage hero", "friday", null, Kind.DELIVERABLE)));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is refused")
    @CsvSource(delimiter = '|', textBlock = """
            list mine by friday | I can list mine, owed, overdue, all or one person's commitments, for example: /commit list overdue or /commit list @sam
            back up the site    | "back" takes nothing after it: /commit back
            move the servers    | "move" needs the commitment's number first, for example: /commit move 12 next friday because the launch slipped
            agreement draft     | "agreement" takes nothing after it: /commit agreement
            agree the scope     | "agree" takes nothing after it: /commit agree
            tier pricing review | The tier is 1 (trusts our judgment), 2 (negotiates) or 3 (wants exactly what they ask), for example: /commit tier 3
            status report       | Name one person, for example: /commit status @sam
            status @sam by friday | Name one person, for example: /commit status @sam
            """)
    void keepsACommandWordWithoutByOrThatReadsAsTheCommandACommand(String text, String expected) {
        String refusal = refused(text);

        assertEquals(expected, refusal);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
            "@sam send   the    brand guidelines by friday",
            "@sam send the kind:input brand guidelines by friday",
            "@sam send\t\tthe\u0000\u0000brand guidelines by friday",
            "@sam  send the brand guidelines  by  friday"})
    void collapsesRepeatedSpacesInTheTitleToOne(String text) {
        Command command = accepted(text);

        assertEquals("send the brand guidelines", ((Command.Create) command).title());
    }

    @Test
    void readsWhoItIsOwedToAsAPlatformMention() {
        Command command = accepted("<@U1|sam> send the brand guidelines by friday to <@U9|maya>");

        assertEquals(new Command.Create("U1", "send the brand guidelines", "friday", "U9", Kind.DELIVERABLE), command);
    }

    @Test
    void readsTheWholeExampleShownInRefusals() {
        Command command = accepted(CREATE_EXAMPLE.substring("/commit ".length()));

        assertEquals(new Command.Create("sam", "send the brand guidelines", "friday", "maya", Kind.INPUT), command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            @sam send the logo files by friday kind:input        | INPUT
            @sam send the logo files by friday kind:APPROVAL     | APPROVAL
            kind:payment @sam send the logo files by friday      | PAYMENT
            @sam kind:meeting send the logo files by friday      | MEETING
            @sam send the logo files by friday kind:deliverable  | DELIVERABLE
            """)
    void readsAKindWhereverItIsWritten(String text, Kind kind) {
        Command command = accepted(text);

        assertEquals(new Command.Create("sam", "send the logo files", "friday", null, kind), command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is refused")
    @CsvSource(delimiter = '|', textBlock = """
            @sam send the logo files by friday kind:banana          | banana
            @sam send the logo files by friday kind:change-request  | change-request
            @sam send the logo files by friday kind:                | ''
            """)
    void refusesAKindItDoesNotKnowOrThatCannotBeTyped(String text, String kind) {
        String refusal = refused(text);

        assertEquals("I don't know the kind \"" + kind + "\". Use one of deliverable|input|approval|payment|meeting, "
                + "for example: kind:input", refusal);
    }

    @Test
    void shortensALongUnknownKindWhenQuotingItBack() {
        String refusal = refused("@sam send the logo files by friday kind:" + "z".repeat(100));

        assertEquals("I don't know the kind \"" + "z".repeat(40) + "…\". Use one of "
                + "deliverable|input|approval|payment|meeting, for example: kind:input", refusal);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            @lee review the copy written by sam by next tuesday 3pm | review the copy written by sam | next tuesday 3pm
            @lee stand by for the launch by monday                  | stand by for the launch        | monday
            @lee send the report by friday by email                 | send the report by friday      | email
            @lee send it BY friday                                  | send it                        | friday
            """)
    void takesTheLastByAsTheStartOfTheDueDate(String text, String title, String when) {
        Command command = accepted(text);

        assertEquals(new Command.Create("lee", title, when, null, Kind.DELIVERABLE), command);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"@sam send the brand guidelines", "@sam send the brand guidelines by", "send it nearby friday",
            "@sam", "@sam send the deck to @maya"})
    void refusesACommitmentWithoutByAndShowsTheFullForm(String text) {
        String refusal = refused(text);

        assertEquals("Say when it is due with \"by\", for example: " + CREATE_EXAMPLE, refusal);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"by friday", "@sam by friday", "@sam by friday to @maya kind:input", "to @maya by friday"})
    void refusesACommitmentWithNothingPromisedBeforeBy(String text) {
        String refusal = refused(text);

        assertEquals("Say what is promised before \"by\", for example: " + CREATE_EXAMPLE, refusal);
    }

    @Test
    void acceptsATitleOfExactlyTheLongestLength() {
        String title = "t".repeat(Commitment.MAX_TITLE);

        Command command = accepted("@sam " + title + " by friday");

        assertEquals(new Command.Create("sam", title, "friday", null, Kind.DELIVERABLE), command);
    }

    @Test
    void refusesAnOverlongTitleWithItsLengthAndAnExample() {
        String title = "t".repeat(Commitment.MAX_TITLE + 1);

        String refusal = refused("@sam " + title + " by friday");

        assertEquals("That description is 301 characters; keep it under 300, for example: " + CREATE_EXAMPLE, refusal);
    }

    @Test
    void refusesOverlongTextBeforeReadingAnything() {
        String text = "help" + " ".repeat(CommandParser.MAX_TEXT - 3);

        String refusal = refused(text);

        assertEquals("That command is too long (4001 characters; the most is 4000). Keep it to one sentence, "
                + "for example: " + CREATE_EXAMPLE, refusal);
    }

    @Test
    void readsTextOfExactlyTheLongestLength() {
        String text = "help" + " ".repeat(CommandParser.MAX_TEXT - 4);

        Command command = accepted(text);

        assertEquals(new Command.Help(), command);
    }

    @Test
    void turnsControlAndInvisibleCharactersIntoSpaces() {
        String text = "@sam\tsend the\u0000brand\u202Eguidelines\nby\u2028friday\r\n";

        Command command = accepted(text);

        assertEquals(new Command.Create("sam", "send the brand guidelines", "friday", null, Kind.DELIVERABLE), command);
    }

    @Test
    void keepsLineBreaksOutOfANote() {
        Command command = accepted("done 12 sent\non\u0085Tuesday");

        assertEquals(new Command.Done(12, "sent on Tuesday"), command);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"<@", "@", "to @", "kind:", "by by by", "#", "done #", "move 1 because",
            "setup tz", "setup client", "list <@>", "\uD83D by \uDE00", "@@@ by @@@", "<@U1|> x by y",
            "change", "change @", "change <@", "change est", "change est 1h by", "status <@", "status @", "tier",
            "agree by by", "setup sponsor", "setup sponsor @", "change by by est 1h", "change-request", "reassign", "reassign 1 @",
            "move 1 confirm confirm", "change by"})
    void answersOddInputWithAValueNotAnException(String text) {
        Outcome<Command> outcome = CommandParser.parse(text);

        assertNotNull(outcome);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Command accepted(String text) {
        Outcome<Command> outcome = CommandParser.parse(text);
        if (outcome instanceof Outcome.Ok<Command> ok) {
            return ok.value();
        }
        return fail("expected \"" + text + "\" to be read, but it was refused: "
                + ((Outcome.Rejected<Command>) outcome).message());
    }

    private static String refused(String text) {
        Outcome<Command> outcome = CommandParser.parse(text);
        if (outcome instanceof Outcome.Rejected<Command> rejected) {
            return rejected.message();
        }
        return fail("expected \"" + text + "\" to be refused, but it was read as " + outcome);
    }
}
