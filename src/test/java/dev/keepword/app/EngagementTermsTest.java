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
import dev.keepword.domain.Terms;
import dev.keepword.domain.WorkingHours;
import dev.keepword.store.Database;
import dev.keepword.store.Jdbc;
import dev.keepword.store.JdbcAcknowledgements;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The working agreement and its consequences as /commit commands (agreement, agree, tier, change, status, the
 * sponsor in setup) and the agreement shown to a client member on first contact, end to end on a real H2 database
 * in the demo workspace: #acme is the engagement, maya (Europe/London) its consultant, sam (America/New_York) and
 * lee (Europe/Berlin) its client members. zoe (Asia/Tokyo) is the client and ravi (Europe/London) the consultant of
 * another engagement, #globex.
 */
class EngagementTermsTest {

    /** Monday 23 November 2026: 10:00 in London, 05:00 in New York, 11:00 in Berlin. */
    private static final Instant MONDAY = Instant.parse("2026-11-23T10:00:00Z");
    private static final String WS = "console";
    private static final Map<Integer, String> LADDERS = Map.of(
            1, "consultant looped in (+3) → escalation channel (+6) → final notice (+8) → disengagement review (+12)",
            2, "consultant looped in (+2) → escalation channel (+5) → final notice (+7) → disengagement review (+10)",
            3, "consultant looped in (+1) → escalation channel (+3) → final notice (+5) → disengagement review (+7)");
    /** The ladders as a client member reads them in the agreement. */
    private static final Map<Integer, String> CLIENT_LADDERS = Map.of(
            1, "consultant looped in (+3) → escalation channel (+6) → final notice (+8)",
            2, "consultant looped in (+2) → escalation channel (+5) → final notice (+7)",
            3, "consultant looped in (+1) → escalation channel (+3) → final notice (+5)");
    private static final String MEMBERS_ONLY = "Only members of this engagement can see or change its agreement. "
            + "A consultant owner (@maya) can add you with /commit setup.";
    private static final String NO_ENGAGEMENT = "This channel has no engagement yet. A consultant sets one up with: "
            + "/commit setup client @sam @lee owner @maya escalate #acme-internal tz America/New_York";

    private MutableClock clock;
    private Wiring wiring;
    private JdbcAcknowledgements acks;

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
        acks = new JdbcAcknowledgements(wiring.database().jdbc());
    }

    @AfterEach
    void stop() {
        wiring.close();
    }

    // ---------------------------------------------------------------------------------------------------------
    // /commit agreement

    @Test
    void aClientMemberSeesTheAgreementWithAnIAgreeButtonAndNothingElse() {
        List<Outgoing> out = say("sam", "agreement");

        assertEquals(List.of("[private @sam] " + agreement("acme", 2, "nobody yet", true)), rendered(out));
        assertEquals(new Target.Private("sam", "acme"), out.get(0).target());
        assertEquals(List.of(new Message.Button("I agree", "agree", "acme")), out.get(0).message().buttons());
        assertEquals(Optional.of(new Acknowledgements.Ack(MONDAY, null)), acks.find(WS, "acme", "sam"),
                "reading the agreement counts as having been shown it, not as agreeing to it");
    }

    @Test
    void aConsultantSeesTheAgreementWithoutAButton() {
        List<Outgoing> out = say("maya", "agreement");

        assertEquals(List.of("[private @maya] " + consultantsAgreement("acme", 2, "nobody yet", false)), rendered(out));
        assertEquals(List.of(), out.get(0).message().buttons());
    }

    @Test
    void theAgreementNamesWhoAgreedAndStopsOfferingTheButtonToThem() {
        say("lee", "agree");
        say("sam", "agree");

        assertEquals(List.of("[private @sam] " + agreement("acme", 2, "@sam, @lee", false)),
                rendered(say("sam", "agreement")));
        assertEquals(List.of("[private @maya] " + consultantsAgreement("acme", 2, "@sam, @lee", false)),
                rendered(say("maya", "agreement")));
    }

    @Test
    void theAgreementQuotesTheEngagementsOwnTermsAndLadder() {
        wiring.engagements().save(new Engagement(WS, "initech", "initech", List.of("lee"), List.of("maya"),
                "initech-internal", ZoneId.of("Europe/London"), 1, feeAgreement()));

        List<Outgoing> out = sayIn("initech", "maya", "agreement");

        assertEquals(List.of("[private @maya] Working agreement for #initech"
                + " | Reminders: a heads-up 2 working days before a due date, a reminder on the day, then one each"
                + " working day (up to 5), at 09:30 in each person's time zone and working hours; at most one message a day from Keepword to each person."
                + " | Each side answers within 5 working days. A date can be moved before it passes (up to 2 times)"
                + " without counting as a miss."
                + " | Consequences: When a client input is late, the timeline moves by the same number of working days."
                + " A late fee of 25 EUR per working day applies after 2 working days."
                + " | Escalation (tier 1): " + LADDERS.get(1) + "."
                + " | Agreed by: nobody yet"), rendered(out));
    }

    @Test
    void refusesTheAgreementToSomeoneOutsideTheEngagementAndWhereThereIsNone() {
        assertEquals(List.of("[private @zoe] " + MEMBERS_ONLY), rendered(say("zoe", "agreement")));
        assertEquals(List.of("[private @maya] " + NO_ENGAGEMENT), rendered(sayIn("random", "maya", "agreement")));
        assertEquals(List.of("[private @sam] \"agreement\" takes nothing after it: /commit agreement",
                "[private @sam] " + agreement("acme", 2, "nobody yet", true)), rendered(say("sam", "agreement please")));
    }

    // ---------------------------------------------------------------------------------------------------------
    // first contact

    @Test
    void aClientMembersFirstCommandHereIsFollowedByTheAgreementOnce() {
        List<Outgoing> first = say("sam", "list");
        clock.set(MONDAY.plusSeconds(3600));
        List<Outgoing> second = say("sam", "list");

        assertEquals(List.of("[private @sam] Nothing open in #acme.",
                "[private @sam] " + agreement("acme", 2, "nobody yet", true)), rendered(first));
        assertEquals(new Target.Private("sam", "acme"), first.get(1).target());
        assertEquals(List.of(new Message.Button("I agree", "agree", "acme")), first.get(1).message().buttons());
        assertEquals(List.of("[private @sam] Nothing open in #acme."), rendered(second));
        assertEquals(Optional.of(new Acknowledgements.Ack(MONDAY, null)), acks.find(WS, "acme", "sam"));
        assertEquals(1, count("select count(*) from agreement_ack"));
    }

    @Test
    void isShownOnceToEachClientMemberInEachEngagement() {
        wiring.engagements().save(new Engagement(WS, "initech", "initech", List.of("sam"), List.of("maya"),
                "initech-internal", ZoneId.of("Europe/London"), 3, Agreement.DEFAULT));

        List<Outgoing> samHere = say("sam", "list");
        List<Outgoing> leeHere = say("lee", "list");
        List<Outgoing> samThere = sayIn("initech", "sam", "list");
        List<Outgoing> samHereAgain = say("sam", "list");
        List<Outgoing> samThereAgain = sayIn("initech", "sam", "list");

        assertEquals("[private @sam] " + agreement("acme", 2, "nobody yet", true), rendered(samHere).get(1));
        assertEquals("[private @lee] " + agreement("acme", 2, "nobody yet", true), rendered(leeHere).get(1));
        assertEquals(List.of("[private @sam] Nothing open in #initech.",
                "[private @sam] " + agreement("initech", 3, "nobody yet", true)), rendered(samThere));
        assertEquals(1, samHereAgain.size());
        assertEquals(1, samThereAgain.size());
        assertEquals(3, count("select count(*) from agreement_ack"));
    }

    @Test
    void followsEvenARefusedCommandButOnlyInAnEngagementChannel() {
        List<Outgoing> elsewhere = sayIn("D-sam", "sam", "move the servers");
        List<Outgoing> here = say("sam", "move the servers");

        assertEquals(List.of("[private @sam] \"move\" needs the commitment's number first, for example: "
                + "/commit move 12 next friday because the launch slipped"), rendered(elsewhere));
        assertEquals(List.of("[private @sam] \"move\" needs the commitment's number first, for example: "
                        + "/commit move 12 next friday because the launch slipped",
                "[private @sam] " + agreement("acme", 2, "nobody yet", true)), rendered(here));
        assertEquals(Optional.empty(), acks.find(WS, "D-sam", "sam"));
    }

    @Test
    void isNeverShownToConsultantsNorToPeopleOutsideTheEngagement() {
        List<Outgoing> consultant = say("maya", "list");
        List<Outgoing> outsider = say("zoe", "list");

        assertEquals(List.of("[private @maya] Nothing open in #acme."), rendered(consultant));
        assertEquals(List.of("[private @zoe] Nothing open in your engagements."), rendered(outsider));
        assertEquals(0, count("select count(*) from agreement_ack"));
    }

    @Test
    void readingOrAgreeingIsNotFollowedByASecondCopy() {
        List<Outgoing> read = say("sam", "agreement");
        List<Outgoing> agreed = say("sam", "agree");
        List<Outgoing> later = say("sam", "list");

        assertEquals(1, read.size());
        assertEquals(1, agreed.size()); // the thanks; Maya hears through the outbox
        assertTrue(rendered(agreed).stream().noneMatch(l -> l.contains("Working agreement")), () -> rendered(agreed).toString());
        assertEquals(List.of("[private @sam] Nothing open in #acme."), rendered(later));
    }

    @Test
    void aClientMemberAddedLaterIsShownItTooWithWhoAgreedSoFar() {
        say("sam", "agree");
        say("maya", "setup client @sam @lee @zoe owner @maya escalate #acme-internal");

        List<Outgoing> out = say("zoe", "list");

        assertEquals(List.of("[private @zoe] Nothing open in #acme.",
                "[private @zoe] " + agreement("acme", 2, "@sam", true)), rendered(out));
    }

    @Test
    void aMemberJoiningTheChannelIsShownTheAgreementAndItCountsAsShown() {
        Optional<Message> shown = wiring.commands().agreementFor(WS, "acme", "lee");
        List<Outgoing> firstCommand = say("lee", "list");

        assertEquals(agreement("acme", 2, "nobody yet", true), ConsoleText.text(shown.orElseThrow()));
        assertEquals(Optional.of(new Acknowledgements.Ack(MONDAY, null)), acks.find(WS, "acme", "lee"));
        assertEquals(List.of("[private @lee] Nothing open in #acme."), rendered(firstCommand),
                "no second copy on the first command");
        assertEquals(Optional.empty(), wiring.commands().agreementFor(WS, "random", "lee"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // /commit agree

    @Test
    void aClientMemberAgreesAndTheLeadConsultantHears() {
        List<Outgoing> out = say("sam", "agree");

        assertEquals(List.of(
                "[private @sam] Thank you: your agreement is noted. /commit agreement shows it any time."), rendered(out));
        assertEquals(List.of(new Target.Private("sam", "acme")), out.stream().map(Outgoing::target).toList());
        // Maya hears it in her day's one message: a note the outbox holds for her, in her working hours.
        assertEquals(List.of("@maya 2026-11-23T10:00:00Z @sam agreed to the working agreement of #acme."),
                wiring.database().jdbc().query("select recipient, planned_for, detail from outbox where step = 'NOTE'",
                        rs -> "@" + rs.getString(1) + " " + dev.keepword.store.Jdbc.instant(rs, "planned_for") + " "
                                + dev.keepword.console.ConsoleText.text(NudgePlanner.Note.read(rs.getString(3)).message())));
        assertEquals(Optional.of(new Acknowledgements.Ack(MONDAY, MONDAY)), acks.find(WS, "acme", "sam"));
    }

    @Test
    void agreeingAfterBeingShownKeepsWhenItWasShown() {
        say("sam", "list");
        Instant later = Instant.parse("2026-11-24T15:00:00Z");
        clock.set(later);

        say("sam", "AGREE");

        assertEquals(Optional.of(new Acknowledgements.Ack(MONDAY, later)), acks.find(WS, "acme", "sam"));
    }

    @Test
    void agreeingTwiceIsAnsweredAndChangesNothing() {
        say("sam", "agree");
        clock.set(Instant.parse("2026-11-24T15:00:00Z"));

        List<Outgoing> out = say("sam", "agree");

        assertEquals(List.of("[private @sam] You already agreed to this engagement's working agreement. "
                + "/commit agreement shows it."), rendered(out));
        assertEquals(Optional.of(new Acknowledgements.Ack(MONDAY, MONDAY)), acks.find(WS, "acme", "sam"));
    }

    @Test
    void aConsultantCannotAgreeForTheClient() {
        List<Outgoing> out = say("maya", "agree");

        assertEquals(List.of("[private @maya] The working agreement is acknowledged by client members; consultants set it. "
                + "/commit agreement shows it."), rendered(out));
        assertEquals(0, count("select count(*) from agreement_ack"));
    }

    @Test
    void refusesAgreeOutsideTheEngagementWhereThereIsNoneAndWithWordsAfterIt() {
        assertEquals(List.of("[private @zoe] " + MEMBERS_ONLY), rendered(say("zoe", "agree")));
        assertEquals(List.of("[private @sam] " + NO_ENGAGEMENT), rendered(sayIn("D-sam", "sam", "agree")));
        assertEquals(List.of("[private @sam] \"agree\" takes nothing after it: /commit agree",
                "[private @sam] " + agreement("acme", 2, "nobody yet", true)), rendered(say("sam", "agree to all of it")));
        assertEquals(Optional.of(new Acknowledgements.Ack(MONDAY, null)), acks.find(WS, "acme", "sam"));
        assertEquals(Optional.empty(), acks.find(WS, "acme", "zoe"));
        assertEquals(1, count("select count(*) from agreement_ack"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // /commit tier

    @Test
    void aConsultantChangesTheTierAndEveryOpenCommitmentClimbsTheNewLadder() {
        say("maya", "@sam send the brand guidelines by friday");     // #1 due Fri 27 Nov 17:00 New York
        say("maya", "@lee approve the homepage copy by dec 4");      // #2 due Fri 4 Dec 17:00 Berlin
        say("maya", "@lee send the logo files by dec 2");            // #3, done below: nothing left to plan
        say("maya", "done 3");
        List<String> remindersBefore = plannedReminders();

        List<Outgoing> out = say("maya", "tier 3");

        assertEquals(List.of("[private @maya] This engagement is now tier 3: " + LADDERS.get(3) + ". "
                + "2 open commitments re-planned."), rendered(out));
        assertEquals(3, wiring.engagements().byChannel(WS, "acme").orElseThrow().tier());
        // Tier 3 loops maya in 1 working day after the due date, but never before the owner had the agreed 2 working
        // days to answer their first reminder (due today): Tue 1 Dec 09:30 New York (14:30 London) for Sam, Tue 8 Dec
        // 09:30 Berlin for Lee, which is 09:00 London, the start of maya's day.
        assertEquals(List.of(
                "#1 consultant-looped-in @maya 2026-12-01T14:30:00Z",
                "#2 consultant-looped-in @maya 2026-12-08T09:00:00Z"), plannedRungs());
        assertEquals(remindersBefore, plannedReminders(), "the owners' own reminders do not depend on the tier");
    }

    @ParameterizedTest(name = "[{index}] tier {0}")
    @CsvSource({"1, 2026-12-02T09:30:00Z, 2026-12-09T09:30:00Z",
            // tiers 2 and 3: held until the owner's 2 working days to answer their "due today" reminder are up
            "2, 2026-12-01T14:30:00Z, 2026-12-08T09:30:00Z",
            "3, 2026-12-01T14:30:00Z, 2026-12-08T09:00:00Z"})
    void eachTierPlansTheFirstRungOnItsOwnWorkingDay(int tier, String first, String second) {
        say("maya", "@sam send the brand guidelines by friday");
        say("maya", "@lee approve the homepage copy by dec 4");
        say("maya", "tier " + (tier == 3 ? 1 : 3)); // from another tier, so this one really re-plans

        List<Outgoing> out = say("maya", "tier " + tier);

        assertEquals(List.of("[private @maya] This engagement is now tier " + tier + ": " + LADDERS.get(tier) + ". "
                + "2 open commitments re-planned."), rendered(out));
        assertEquals(List.of("#1 consultant-looped-in @maya " + first, "#2 consultant-looped-in @maya " + second),
                plannedRungs());
    }

    @Test
    void saysWhenThereIsNothingToReplanAndTheAgreementShowsTheNewLadder() {
        List<Outgoing> out = say("maya", "tier 1");

        assertEquals(List.of("[private @maya] This engagement is now tier 1: " + LADDERS.get(1) + ". "
                + "0 open commitments re-planned."), rendered(out));
        assertEquals(List.of("[private @sam] " + agreement("acme", 1, "nobody yet", true)),
                rendered(say("sam", "agreement")));
    }

    @Test
    void aClientCannotChangeTheTierAndNothingIsReplanned() {
        say("maya", "@sam send the brand guidelines by friday");
        List<String> before = plannedRungs();

        List<Outgoing> out = say("sam", "tier 3");

        assertEquals(List.of("[private @sam] Only a consultant owner (@maya) can change the tier. "
                        + "/commit agreement shows the current ladder.",
                "[private @sam] " + agreement("acme", 2, "nobody yet", true)), rendered(out));
        assertEquals(2, wiring.engagements().byChannel(WS, "acme").orElseThrow().tier());
        assertEquals(before, plannedRungs());
    }

    @Test
    void refusesTheTierOutsideTheEngagementWhereThereIsNoneAndForAnUnknownTier() {
        assertEquals(List.of("[private @ravi] " + MEMBERS_ONLY), rendered(say("ravi", "tier 3")));
        assertEquals(List.of("[private @maya] " + NO_ENGAGEMENT), rendered(sayIn("random", "maya", "tier 3")));
        assertEquals(List.of("[private @maya] The tier is 1 (trusts our judgment), 2 (negotiates) or 3 (wants exactly "
                + "what they ask), for example: /commit tier 3"), rendered(say("maya", "tier 4")));
        assertEquals(2, wiring.engagements().byChannel(WS, "acme").orElseThrow().tier());
    }

    // ---------------------------------------------------------------------------------------------------------
    // /commit change

    @Test
    void aConsultantLogsAChangeRequestForTheFirstClientDueInTheResponseTime() {
        List<Outgoing> out = say("maya", "change add a French version of the site est 16h");

        assertEquals(List.of(
                "[private @maya] Recorded #1: @sam — approve the change order: add a French version of the site (est 16h)"
                        + " (change-request), owed to @maya. | Due Wed 25 Nov 17:00 (America/New_York)."),
                rendered(out));
        // Sam is asked for his decision a few minutes later, in his working hours, with its Approve and Decline buttons.
        assertEquals(List.of("#1 @sam 2026-11-23T14:00:00Z by maya"), recordingNotices());
        Commitment stored = commitment(1);
        assertEquals(Kind.CHANGE_REQUEST, stored.kind());
        assertEquals("approve the change order: add a French version of the site (est 16h)", stored.title());
        assertEquals("sam", stored.owner());
        assertEquals("maya", stored.owedTo());
        assertEquals("maya", stored.createdBy());
        assertEquals(State.OPEN, stored.state());
        // 2 working days after Monday, at the default due time in the client's zone
        assertEquals(Instant.parse("2026-11-25T22:00:00Z"), stored.due());
    }

    @Test
    void theResponseTimeCountsWorkingDaysInTheClientsCalendar() {
        clock.set(Instant.parse("2026-11-26T15:00:00Z")); // Thursday

        say("maya", "change-request @lee a second landing page");

        Commitment stored = commitment(1);
        assertEquals("lee", stored.owner());
        assertEquals("approve the change order: a second landing page", stored.title());
        assertEquals(Instant.parse("2026-11-30T16:00:00Z"), stored.due(), "Monday 17:00 in Berlin, over the weekend");
    }

    @Test
    void theResponseTimeIsTheEngagementsOwn() {
        wiring.engagements().save(new Engagement(WS, "initech", "initech", List.of("lee"), List.of("maya"),
                "initech-internal", ZoneId.of("Europe/London"), 1, feeAgreement()));

        List<Outgoing> out = sayIn("initech", "maya", "change a mobile app est 120h");

        assertEquals("[private @maya] Recorded #1: @lee — approve the change order: a mobile app (est 120h)"
                + " (change-request), owed to @maya. | Due Mon 30 Nov 17:00 (Europe/Berlin).", rendered(out).get(0));
        assertEquals(Instant.parse("2026-11-30T16:00:00Z"), commitment(1).due(), "5 working days after Monday");
    }

    @Test
    void aDateGivenWithByIsReadInTheClientsZone() {
        List<Outgoing> out = say("maya", "change @lee extra landing page est 8 hours by dec 4");

        assertEquals("[private @maya] Recorded #1: @lee — approve the change order: extra landing page (est 8h)"
                + " (change-request), owed to @maya. | Due Fri 4 Dec 17:00 (Europe/Berlin).", rendered(out).get(0));
        assertEquals(Instant.parse("2026-12-04T16:00:00Z"), commitment(1).due());
    }

    @Test
    void aClientLogsTheirOwnChangeRequestOwedToTheLeadConsultant() {
        List<Outgoing> out = say("lee", "change-request a second logo variant");

        assertEquals(List.of(
                "[private @lee] Recorded #1: @lee — approve the change order: a second logo variant (change-request),"
                        + " owed to @maya. | Due Wed 25 Nov 17:00 (Europe/Berlin).",
                "[private @lee] " + agreement("acme", 2, "nobody yet", true)), rendered(out));
        assertEquals(List.of("#1 @maya 2026-11-23T10:03:00Z by lee"), recordingNotices());
        assertEquals("lee", commitment(1).owner());
        assertEquals("maya", commitment(1).owedTo());
    }

    @Test
    void aClientNamingAnotherClientOwesItToTheLeadConsultantNotToThemselves() {
        say("sam", "agree");

        List<Outgoing> out = say("sam", "change-request @lee translate the brochure");

        assertEquals(List.of(
                "[private @sam] Recorded #1: @lee — approve the change order: translate the brochure (change-request),"
                        + " owed to @maya. | Due Wed 25 Nov 17:00 (Europe/Berlin)."), rendered(out));
        assertEquals(List.of("#1 @lee 2026-11-23T10:03:00Z by sam", "#1 @maya 2026-11-23T10:03:00Z by sam"),
                recordingNotices());
        assertEquals("sam", commitment(1).createdBy());
    }

    @Test
    void aSecondConsultantIsOwedTheChangeRequestTheyLog() {
        say("maya", "setup client @sam @lee owner @maya @ravi escalate #acme-internal");

        say("ravi", "change-request @sam a newsletter template");

        assertEquals("ravi", commitment(1).owedTo());
        assertEquals("sam", commitment(1).owner());
    }

    @Test
    void aChangeRequestGetsItsRemindersButNeverClimbsTheLadder() {
        say("maya", "change-request add a French version of the site");

        assertEquals(List.of(), plannedRungs());
        // recorded before 09:30 in New York on Monday, 2 working days ahead: the heads-up is today
        assertEquals(List.of("#1 HEADS_UP @sam 2026-11-23T14:30:00Z"), plannedReminders());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            change-request @maya redo the wireframes | A change request is approved by a client member. Name one of @sam, @lee, for example: /commit change-request @sam add a French version est 16h
            change-request @zoe redo the wireframes  | A change request is approved by a client member. Name one of @sam, @lee, for example: /commit change-request @sam add a French version est 16h
            change-request @ghost redo the wireframes | A change request is approved by a client member. Name one of @sam, @lee, for example: /commit change-request @sam add a French version est 16h
            change est 8h                      | Say what the out-of-scope request is, for example: /commit change-request add a French version of the site est 16h
            change redo it est 2h by 2026-11-20 | That date is in the past: "2026-11-20" was Fri 20 Nov 17:00. Try a later one, e.g. "friday".
            change-request redo it by someday  | I couldn't read "someday" as a date. Try something like "friday 5pm", "tomorrow", "in 3 working days", "Dec 3" or "2026-12-03".
            """)
    void refusesAChangeRequestThatCannotBeLoggedAndRecordsNothing(String text, String refusal) {
        List<Outgoing> out = say("maya", text);

        assertEquals(List.of("[private @maya] " + refusal), rendered(out));
        assertEquals(0, count("select count(*) from commitment"));
    }

    @Test
    void refusesAChangeRequestOutsideTheEngagementAndWhereThereIsNone() {
        assertEquals(List.of("[private @ravi] " + MEMBERS_ONLY), rendered(say("ravi", "change-request @sam redo the logo")));
        assertEquals(List.of("[private @maya] " + NO_ENGAGEMENT), rendered(sayIn("random", "maya", "change-request redo the logo")));
        assertEquals(0, count("select count(*) from commitment"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // /commit status

    @Test
    void showsTheSpeakersOwnStandingWhenNothingIsOwed() {
        List<Outgoing> out = say("maya", "status");

        assertEquals(List.of("[private @maya] @maya: good standing · reliability nothing fell due yet · 0 open, 0 overdue"
                + " | #acme so far: no timeline slip."), rendered(out));
        assertEquals(new Target.Private("maya", "acme"), out.get(0).target());
    }

    @Test
    void showsAnotherMembersStandingOpenAndOverdueItemsAndTheConsequencesInTheReadersZone() {
        recordSamsThree();

        List<Outgoing> out = say("maya", "status @sam");

        assertEquals(List.of("[private @maya] @sam: slipping · reliability 1 of 2 on time (50%) · 2 open, 1 overdue"
                + " | • #2 sign the contract — due Tue 24 Nov 22:00 (Europe/London), 2 working days late (timeline +2 working days)"
                + " | • #1 send the brand guidelines — due Fri 27 Nov 22:00 (Europe/London)"
                + " | #acme so far: timeline +2 working days."), rendered(out));
    }

    @Test
    void aClientSeesTheirOwnOpenItemsAndConsequencesInTheirOwnZoneButNoStanding() {
        recordSamsThree();

        List<Outgoing> out = say("sam", "status");

        assertEquals(List.of("[private @sam] What you owe in #acme: 2 open, 1 overdue"
                + " | • #2 sign the contract — due Tue 24 Nov 17:00 (America/New_York), 2 working days late (timeline +2 working days)"
                + " | • #1 send the brand guidelines — due Fri 27 Nov 17:00 (America/New_York)"
                + " | Per the working agreement, so far: timeline +2 working days."), rendered(out));
    }

    @Test
    void aClientMemberSeesWhatAColleagueOwesWithoutTheirStandingAndAConsultantFromAnyChannel() {
        recordSamsThree();

        List<Outgoing> fromLee = say("lee", "status @sam");
        List<Outgoing> fromADirectMessage = sayIn("D-maya", "maya", "status @sam");

        assertEquals(List.of("[private @lee] @sam owes in #acme: 2 open, 1 overdue"
                + " | • #2 sign the contract — due Tue 24 Nov 23:00 (Europe/Berlin), 2 working days late (timeline +2 working days)"
                + " | • #1 send the brand guidelines — due Fri 27 Nov 23:00 (Europe/Berlin)"
                + " | Per the working agreement, so far: timeline +2 working days."), rendered(fromLee).subList(0, 1));
        assertEquals(new Target.Private("maya", "D-maya"), fromADirectMessage.get(0).target());
        assertEquals(rendered(say("maya", "status @sam")), rendered(fromADirectMessage));
    }

    @Test
    void listsOnlyWhatIsOwedInEngagementsTheReaderShares() {
        sayIn("globex", "ravi", "setup client @zoe @sam owner @ravi escalate #globex-internal");
        sayIn("globex", "ravi", "@sam send the signed NDA by friday"); // #1, in #globex only
        say("maya", "@sam send the brand guidelines by friday");        // #2, in #acme

        List<Outgoing> maya = say("maya", "status @sam");
        List<Outgoing> ravi = sayIn("globex", "ravi", "status @sam");

        assertEquals(List.of("[private @maya] @sam: good standing · reliability nothing fell due yet · 1 open, 0 overdue"
                + " | • #2 send the brand guidelines — due Fri 27 Nov 22:00 (Europe/London)"
                + " | #acme so far: no timeline slip."), rendered(maya));
        assertEquals(List.of("[private @ravi] @sam: good standing · reliability nothing fell due yet · 1 open, 0 overdue"
                + " | • #1 send the signed NDA — due Fri 27 Nov 22:00 (Europe/London)"
                + " | #globex so far: no timeline slip."), rendered(ravi));
    }

    @Test
    void addsUpLateFeesPerTheEngagementsAgreement() {
        wiring.engagements().save(new Engagement(WS, "initech", "initech", List.of("sam"), List.of("maya"),
                "initech-internal", ZoneId.of("Europe/London"), 1, feeAgreement()));
        sayIn("initech", "maya", "@sam send the logo files by tuesday"); // due Tue 24 Nov 17:00 New York
        clock.set(Instant.parse("2026-11-30T15:00:00Z"));                 // Monday: 4 working days late

        List<Outgoing> out = sayIn("initech", "maya", "status @sam");

        assertEquals(List.of("[private @maya] @sam: slipping · reliability 0 of 1 on time (0%) · 1 open, 1 overdue"
                + " | • #1 send the logo files — due Tue 24 Nov 22:00 (Europe/London), 4 working days late (timeline +4 working days · late fees 50 EUR)"
                + " | #initech so far: timeline +4 working days · late fees 50 EUR."), rendered(out));
    }

    @Test
    void refusesTheStatusOfSomeoneNotSharedTheSameWayWhetherOrNotTheyExist() {
        List<Outgoing> existing = sayIn("globex", "ravi", "status @sam");
        List<Outgoing> missing = sayIn("globex", "ravi", "status @ghost");

        assertEquals(List.of("[private @ravi] I can't show @sam's status: you share no engagement. "
                + "For example: /commit status @ravi"), rendered(existing));
        assertEquals(List.of("[private @ravi] I can't show @ghost's status: you share no engagement. "
                + "For example: /commit status @ravi"), rendered(missing));
        assertEquals(List.of("[private @maya] I can't show @zoe's status: you share no engagement. "
                + "For example: /commit status @maya"), rendered(say("maya", "status @zoe")));
    }

    @Test
    void refusesAStatusThatDoesNotNameOnePerson() {
        assertEquals(List.of("[private @maya] Name one person, for example: /commit status @sam"),
                rendered(say("maya", "status sam")));
    }

    // ---------------------------------------------------------------------------------------------------------
    // the sponsor in setup

    @Test
    void setsUpASponsorAndKeepsThemWhenALaterSetupDoesNotNameOne() {
        List<Outgoing> out = say("maya", "setup client @sam @lee owner @maya escalate #acme-internal sponsor @lee");
        say("maya", "setup client @sam @lee owner @maya escalate #acme-internal tier 3");

        assertEquals("[private @maya] Updated this channel's engagement.", rendered(out).get(0));
        Engagement stored = wiring.engagements().byChannel(WS, "acme").orElseThrow();
        assertEquals("lee", stored.sponsor());
        assertEquals(3, stored.tier());
    }

    @Test
    void aNewEngagementCanNameASponsorFromOutsideItsMembers() {
        sayIn("initech", "maya", "setup client @lee owner @maya escalate #initech-internal sponsor @zoe");

        assertEquals("zoe", wiring.engagements().byChannel(WS, "initech").orElseThrow().sponsor());
    }

    @Test
    void aLaterSetupCanNameAnotherSponsor() {
        say("maya", "setup client @sam @lee owner @maya escalate #acme-internal sponsor @lee");

        say("maya", "setup client @sam @lee owner @maya escalate #acme-internal sponsor @sam");

        assertEquals("sam", wiring.engagements().byChannel(WS, "acme").orElseThrow().sponsor());
    }

    @Test
    void refusesAConsultantOwnerAsSponsorAndChangesNothing() {
        Engagement before = wiring.engagements().byChannel(WS, "acme").orElseThrow();

        List<Outgoing> out = say("maya", "setup client @sam @lee owner @maya escalate #acme-internal tier 3 sponsor @maya");

        assertEquals(List.of("[private @maya] The sponsor is someone on the client's side, not a consultant owner. "
                + "For example: /commit setup client @sam owner @maya escalate #acme-internal sponsor @lee"), rendered(out));
        assertEquals(before, wiring.engagements().byChannel(WS, "acme").orElseThrow());
    }

    @Test
    void refusesAnUnknownSponsorAndChangesNothing() {
        Engagement before = wiring.engagements().byChannel(WS, "acme").orElseThrow();

        List<Outgoing> out = say("maya", "setup client @sam @lee owner @maya escalate #acme-internal sponsor @ghost");

        assertEquals(List.of("[private @maya] I don't know @ghost in this workspace. "
                + "Mention people with @, for example: /commit list @sam"), rendered(out));
        assertEquals(before, wiring.engagements().byChannel(WS, "acme").orElseThrow());
    }

    @Test
    void aClientCannotNameASponsor() {
        Engagement before = wiring.engagements().byChannel(WS, "acme").orElseThrow();

        List<Outgoing> out = say("sam", "setup client @sam @lee owner @maya escalate #acme-internal sponsor @sam");

        assertEquals("[private @sam] Only a consultant owner of this engagement (@maya) can change its setup. "
                + "/commit setup shows it as it is.", rendered(out).get(0));
        assertEquals(before, wiring.engagements().byChannel(WS, "acme").orElseThrow());
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * Sam owes #1 (send the brand guidelines, due Fri 27 Nov 17:00 New York) and #2 (sign the contract, due Tue 24 Nov
     * 17:00 New York, now 2 working days late); #3 was done on time. The clock stands at Thu 26 Nov 15:00 UTC.
     */
    private void recordSamsThree() {
        say("maya", "@sam send the brand guidelines by friday");
        say("maya", "@sam sign the contract by tuesday");
        say("maya", "@sam send the logo files by wednesday");
        say("sam", "done 3");
        clock.set(Instant.parse("2026-11-26T15:00:00Z"));
    }

    /** Five working days to respond, a late fee of 25 EUR a working day after 2 days' grace, work never pauses. */
    private static Agreement feeAgreement() {
        return Agreement.DEFAULT.withTerms(new Terms(5, true, new BigDecimal("25"), "EUR", 2, 0, 3, 90, 3, 3, 3));
    }

    /** The working agreement as a consultant reads it: the whole ladder. */
    private static String consultantsAgreement(String channel, int tier, String agreedBy, boolean offerToAgree) {
        return agreement(channel, tier, agreedBy, offerToAgree).replace(CLIENT_LADDERS.get(tier), LADDERS.get(tier));
    }

    /**
     * The working agreement of an engagement on the default terms, as the console renders it to a client member: the
     * ladder without the disengagement review, a recommendation to the consultancy alone.
     */
    private static String agreement(String channel, int tier, String agreedBy, boolean offerToAgree) {
        return "Working agreement for #" + channel
                + " | Reminders: a heads-up 2 working days before a due date, a reminder on the day, then one each"
                + " working day (up to 5), at 09:30 in each person's time zone and working hours; at most one message a day from Keepword to each person."
                + " | Each side answers within 2 working days. A date can be moved before it passes (up to 2 times)"
                + " without counting as a miss."
                + " | Consequences: When a client input is late, the timeline moves by the same number of working days."
                + " Work pauses once an input is 10 working days late."
                + " | Escalation (tier " + tier + "): " + CLIENT_LADDERS.get(tier) + "."
                + " | Agreed by: " + agreedBy
                + (offerToAgree ? " | If this works for you, say so with /commit agree or the button. [I agree: /commit agree]" : "");
    }

    /** The planned ladder rungs, as "#id rung @recipient when". */
    private List<String> plannedRungs() {
        return wiring.database().jdbc().query("""
                select commitment_id, detail, recipient, planned_for from outbox
                where step = 'RUNG' and state = 'PLANNED' order by commitment_id, planned_for
                """, rs -> "#" + rs.getLong("commitment_id") + " " + rs.getString("detail") + " @"
                + rs.getString("recipient") + " " + Jdbc.instant(rs, "planned_for"));
    }

    /** The planned recording notices, as "#id @recipient when by recorder". */
    private List<String> recordingNotices() {
        return wiring.database().jdbc().query("""
                select commitment_id, recipient, planned_for, detail from outbox
                where step = 'RECORDED' and state = 'PLANNED' order by recipient, commitment_id
                """, rs -> "#" + rs.getLong("commitment_id") + " @" + rs.getString("recipient") + " "
                + Jdbc.instant(rs, "planned_for") + " by " + rs.getString("detail"));
    }

    /** The planned owner reminders, as "#id step @recipient when". */
    private List<String> plannedReminders() {
        return wiring.database().jdbc().query("""
                select commitment_id, step, recipient, planned_for from outbox
                where step in ('HEADS_UP', 'DUE_TODAY', 'OVERDUE', 'SNOOZE_END') and state = 'PLANNED'
                order by commitment_id, planned_for
                """, rs -> "#" + rs.getLong("commitment_id") + " " + rs.getString("step") + " @"
                + rs.getString("recipient") + " " + Jdbc.instant(rs, "planned_for"));
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

    private int count(String sql) {
        return wiring.database().jdbc().one(sql, rs -> rs.getInt(1)).orElseThrow();
    }
}
