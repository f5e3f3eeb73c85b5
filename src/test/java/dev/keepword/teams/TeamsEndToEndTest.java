package dev.keepword.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.keepword.teams.TeamsHarness.ACME;
import static dev.keepword.teams.TeamsHarness.INTERNAL;
import static dev.keepword.teams.TeamsHarness.MAYA;
import static dev.keepword.teams.TeamsHarness.SAM;
import static dev.keepword.teams.TeamsHarness.TENANT;
import static dev.keepword.teams.TeamsHarness.chatOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** From installation to a nudge card clicked Done, through the real HTTP server, the real JWT checks and a fake Teams. */
class TeamsEndToEndTest {
    private static final Instant FRIDAY_MORNING_NY = Instant.parse("2026-11-27T15:00:00Z");
    /** Monday 09:01 in New York: what was recorded for Sam before his working day reaches him now. */
    private static final Instant SAMS_DAY_STARTS = Instant.parse("2026-11-23T14:01:00Z");
    private TeamsHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new TeamsHarness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private Engagement setUp() throws Exception {
        h.install();
        assertEquals(200, h.setup().statusCode());
        return h.wiring.engagements().byChannel(TENANT, TeamsReferences.channelKey(ACME)).orElseThrow(
                () -> new AssertionError("no engagement; calls: " + h.connector.calls()));
    }

    private Commitment commit(String title) throws Exception {
        int before = h.wiring.commitments().openOwnedBy(TENANT, TeamsReferences.userKey(SAM)).size();
        assertEquals(200, h.post(h.inChannel(MAYA, "Maya Okafor", "commit <at>Sam Rivera</at> " + title + " by friday",
                SAM, "Sam Rivera")).statusCode());
        List<Commitment> open = h.wiring.commitments().openOwnedBy(TENANT, TeamsReferences.userKey(SAM));
        assertEquals(before + 1, open.size(), "calls: " + h.connector.calls());
        return open.get(open.size() - 1);
    }

    /** The last card with buttons sent to Sam's 1:1 chat. */
    private FakeBotConnector.Call lastNudgeToSam() {
        List<FakeBotConnector.Call> cards = h.connector.calls("POST", "/v3/conversations/" + chatOf(SAM) + "/activities").stream()
                .filter(c -> c.card().toString().contains("Action.Execute")).toList();
        assertFalse(cards.isEmpty(), "no nudge card in Sam's chat: " + h.connector.calls());
        return cards.get(cards.size() - 1);
    }

    private ObjectNode click(String conversation, String verb, long id) {
        ObjectNode invoke = h.activity("invoke", SAM, "Sam Rivera", conversation, "personal");
        invoke.put("name", "adaptiveCard/action");
        ObjectNode action = invoke.putObject("value").putObject("action");
        action.put("type", "Action.Execute").put("verb", verb);
        action.putObject("data").put("kw", verb).put("value", String.valueOf(id));
        invoke.with("value").put("trigger", "manual");
        return invoke;
    }

    @Test
    void anActivityIsStoredAndAnsweredBeforeItIsHandledAndARepeatChangesNothing() throws Exception {
        setUp();
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        h.bot.onInboxThread(() -> {
            try {
                hold.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ObjectNode commit = h.inChannel(MAYA, "Maya Okafor", "commit <at>Sam Rivera</at> send the logo by friday", SAM,
                "Sam Rivera");
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + h.port + "/api/messages"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + h.token())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(commit.toString())).build();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();

        HttpResponse<String> answered = client.send(request, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> repeated = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, answered.statusCode());
        assertEquals(200, repeated.statusCode());
        assertEquals(List.of(), h.wiring.commitments().openOwnedBy(TENANT, TeamsReferences.userKey(SAM)),
                "handled only once the inbox thread is free");
        assertEquals(1L, storedUnhandled(), "stored, with its payload, before the answer");
        hold.countDown();
        h.bot.drain();
        assertEquals(1, h.wiring.commitments().openOwnedBy(TENANT, TeamsReferences.userKey(SAM)).size());
        assertEquals(0L, storedUnhandled());
    }

    @Test
    void anActivityStoredButNotHandledBeforeAStopIsHandledOnTheNextStartOnce() throws Exception {
        setUp();
        ObjectNode commit = h.inChannel(MAYA, "Maya Okafor", "commit <at>Sam Rivera</at> send the logo by friday", SAM,
                "Sam Rivera");
        // As the endpoint stores it, then the process stops before the inbox thread gets to it.
        assertTrue(h.wiring.seenEvents().accepted("teams", TENANT, commit.get("id").asText(), commit.toString(),
                h.clock.now()));
        h.clock.advance(Duration.ofMinutes(1));

        assertEquals(1, h.bot.recover(h.clock.now()));
        h.bot.drain();
        assertEquals(0, h.bot.recover(h.clock.now()));

        assertEquals(1, h.wiring.commitments().openOwnedBy(TENANT, TeamsReferences.userKey(SAM)).size());
        assertEquals(0L, storedUnhandled());
    }

    private long storedUnhandled() {
        return h.wiring.database().jdbc().one("select count(*) from inbound_event where platform = 'teams' "
                + "and payload is not null and handled_at is null", rs -> rs.getLong(1)).orElseThrow();
    }

    @Test
    void setupInAChannelResolvesTheEscalationChannelByNameAndRepliesInTheThread() throws Exception {
        Engagement e = setUp();

        assertEquals(List.of(TeamsReferences.userKey(SAM), TeamsReferences.userKey(TeamsHarness.LEE)), e.clients());
        assertEquals(List.of(TeamsReferences.userKey(MAYA)), e.consultants());
        assertEquals(TeamsReferences.channelKey(INTERNAL), e.escalationChannel());
        assertEquals(INTERNAL, h.refs.conversation(TENANT, e.escalationChannel()).orElseThrow().conversationId());
        assertEquals(1, h.connector.calls("GET", "/v3/teams/").size());
        assertFalse(h.connector.calls("GET", "/v3/conversations/" + TeamsHarness.TEAM + "/pagedmembers").isEmpty());
        List<FakeBotConnector.Call> replies = h.connector.calls("POST", "/v3/conversations/" + ACME + ";messageid=");
        assertEquals(1, replies.size(), h.connector.calls().toString());
        assertTrue(replies.get(0).path().matches(".*/activities/1\\d+"), replies.get(0).path());
        assertEquals("Europe/London", h.wiring.parties().find(TENANT, TeamsReferences.userKey(MAYA)).orElseThrow().zone().getId());
        assertEquals("America/New_York", h.wiring.parties().find(TENANT, TeamsReferences.userKey(SAM)).orElseThrow().zone().getId());
    }

    @Test
    void aNudgeCardClickedDoneWithActionExecuteClosesTheCommitmentAndStopsTheLadder() throws Exception {
        setUp();
        Commitment c = commit("send the brand guidelines");

        h.wiring.simulatedTime().advanceTo(FRIDAY_MORNING_NY);
        assertEquals(1, h.connector.calls("POST", "/v3/conversations").stream().filter(x -> x.path().equals("/v3/conversations")
                && x.body().path("members").path(0).path("id").asText().equals(SAM)).count(), "Sam's 1:1 chat created once");
        FakeBotConnector.Call nudge = lastNudgeToSam();
        assertTrue(nudge.cardText().contains("send the brand guidelines"), nudge.cardText());
        HttpResponse<String> r = h.post(click(chatOf(SAM), "done", c.id()));

        assertEquals(200, r.statusCode());
        JsonNode answer = h.parse(r.body());
        assertEquals(200, answer.path("statusCode").asInt());
        assertEquals(TeamsCards.CONTENT_TYPE, answer.path("type").asText());
        assertTrue(answer.path("value").toString().contains("Marked"), answer.toString());
        assertFalse(answer.path("value").toString().contains("Action.Execute"), "the buttons are gone");
        assertEquals(State.DONE, h.wiring.commitments().find(TENANT, c.id()).orElseThrow().state());
        int cardsBefore = h.connector.calls("POST", "/v3/conversations/" + chatOf(SAM) + "/activities").size();
        h.wiring.simulatedTime().advanceTo(FRIDAY_MORNING_NY.plus(Duration.ofDays(21)));
        assertEquals(cardsBefore, h.connector.calls("POST", "/v3/conversations/" + chatOf(SAM) + "/activities").size(),
                "no more nudges to Sam once done");
    }

    @Test
    void aChangeRequestCardClickedDeclineWithActionExecuteClosesItAndTellsTheConsultant() throws Exception {
        setUp();
        assertEquals(200, h.post(h.inChannel(MAYA, "Maya Okafor", "commit change <at>Sam Rivera</at> add a French version est 8h",
                SAM, "Sam Rivera")).statusCode());
        Commitment c = h.wiring.commitments().openOwnedBy(TENANT, TeamsReferences.userKey(SAM)).get(0);
        h.wiring.simulatedTime().advanceTo(SAMS_DAY_STARTS); // the request for his decision reaches Sam in his hours
        FakeBotConnector.Call asked = lastNudgeToSam();
        assertTrue(asked.card().toString().contains("\"verb\":\"decline\""), asked.card().toString());

        HttpResponse<String> r = h.post(click(chatOf(SAM), "decline", c.id()));

        assertEquals(200, r.statusCode());
        JsonNode answer = h.parse(r.body());
        assertTrue(answer.path("value").toString().contains("Declined #" + c.id()), answer.toString());
        assertFalse(answer.path("value").toString().contains("Action.Execute"), "the buttons are gone");
        Commitment declined = h.wiring.commitments().find(TENANT, c.id()).orElseThrow();
        assertEquals(State.CANCELLED, declined.state());
        assertEquals(dev.keepword.domain.Action.DECLINED, declined.history().get(declined.history().size() - 1).action());
        h.wiring.simulatedTime().advanceTo(SAMS_DAY_STARTS.plus(Duration.ofMinutes(1))); // Maya hears in her day's message
        assertTrue(h.connector.calls("POST", "/v3/conversations/" + chatOf(MAYA) + "/activities").stream()
                .anyMatch(x -> x.toString().contains("declined the change request #" + c.id())), h.connector.calls().toString());
    }

    @Test
    void aChangeRequestCardClickedApproveWithActionExecuteApprovesIt() throws Exception {
        setUp();
        assertEquals(200, h.post(h.inChannel(MAYA, "Maya Okafor", "commit change <at>Sam Rivera</at> add a French version est 8h",
                SAM, "Sam Rivera")).statusCode());
        Commitment c = h.wiring.commitments().openOwnedBy(TENANT, TeamsReferences.userKey(SAM)).get(0);

        HttpResponse<String> r = h.post(click(chatOf(SAM), "approve", c.id()));

        assertEquals(200, r.statusCode());
        assertTrue(h.parse(r.body()).path("value").toString().contains("Approved #" + c.id()), r.body());
        assertEquals(State.DONE, h.wiring.commitments().find(TENANT, c.id()).orElseThrow().state());
    }

    @Test
    void aDraftedFinalNoticeIsSentByTheConsultantsSendButtonAndOnlyThenReachesTheClient() throws Exception {
        setUp();
        Commitment c = commit("send the brand guidelines"); // due Fri 27 Nov; tier 2: final notice at +7, Tue 8 Dec
        h.wiring.simulatedTime().advanceTo(Instant.parse("2026-12-08T16:00:00Z"));
        String maya = TeamsReferences.userKey(MAYA);
        List<FakeBotConnector.Call> drafts = h.connector.calls("POST", "/v3/conversations/" + chatOf(MAYA) + "/activities")
                .stream().filter(x -> x.cardText().contains("is ready for you to check")).toList();
        assertEquals(1, drafts.size(), "the draft goes to Maya: " + h.connector.calls());
        assertTrue(drafts.get(0).card().toString().contains("notice-send"), drafts.get(0).card().toString());
        assertTrue(h.connector.calls("POST", "/v3/conversations/" + chatOf(SAM) + "/activities").stream()
                .noneMatch(x -> x.cardText().contains("Final notice")), "nothing reaches Sam before Maya sends it");
        ObjectNode send = h.activity("invoke", MAYA, "Maya Okafor", chatOf(MAYA), "personal");
        send.put("name", "adaptiveCard/action");
        ObjectNode action = send.putObject("value").putObject("action");
        action.put("type", "Action.Execute").put("verb", "notice-send");
        action.putObject("data").put("kw", "notice-send").put("value", String.valueOf(c.id()));

        HttpResponse<String> r = h.post(send);
        h.wiring.simulatedTime().advanceTo(Instant.parse("2026-12-08T16:01:00Z"));

        assertEquals(200, r.statusCode());
        JsonNode answer = h.parse(r.body());
        assertTrue(answer.path("value").toString().contains("The final notice for #" + c.id() + " goes to"), answer.toString());
        assertFalse(answer.path("value").toString().contains("Action.Execute"), "the buttons are gone");
        assertEquals(List.of(maya), h.wiring.commitments().find(TENANT, c.id()).orElseThrow().actions().stream()
                .filter(x -> x.action() == dev.keepword.domain.Action.NOTICE_APPROVED).map(x -> x.actor()).toList());
        assertEquals(1, h.connector.calls("POST", "/v3/conversations/" + chatOf(SAM) + "/activities").stream()
                .filter(x -> x.cardText().contains("Final notice: ")).count(), "the notice reaches Sam once");
    }

    @Test
    void aNudgeToSomeoneWhosePersonalChatIsGoneGoesToTheChannelAndTheConsultantIsToldOnce() throws Exception {
        setUp();
        Commitment c = commit("send the brand guidelines");
        h.wiring.simulatedTime().advanceTo(SAMS_DAY_STARTS); // Sam is told of it in his 1:1 chat, which still exists
        String samsChat = "/v3/conversations/" + chatOf(SAM) + "/activities";
        // From now on Sam's stored chat answers as Teams does for a chat that no longer exists.
        h.connector.failAlways(call -> call.is("POST", samsChat), FakeBotConnector.Failure.conversationNotFound());
        h.connector.clear();

        h.wiring.simulatedTime().advanceTo(FRIDAY_MORNING_NY); // nothing thrown

        List<FakeBotConnector.Call> rerouted = h.connector.calls("POST", "/v3/conversations/" + ACME + ";messageid=act-");
        assertFalse(rerouted.isEmpty(), "the reminder went to #Acme instead: " + h.connector.calls());
        assertTrue(rerouted.get(0).cardText().contains("send the brand guidelines"), rerouted.get(0).cardText());
        assertTrue(rerouted.get(0).body().toString().contains(SAM), "Sam is mentioned");
        assertEquals(rerouted.size(), h.connector.calls("POST", samsChat).size(),
                "one try at the dead chat per reminder, never retried: " + h.connector.calls());
        assertEquals(1, toldMaya(), "the lead consultant is told: " + h.connector.calls());
        assertEquals(State.OPEN, h.wiring.commitments().find(TENANT, c.id()).orElseThrow().state());

        h.wiring.simulatedTime().advanceTo(FRIDAY_MORNING_NY.plus(Duration.ofDays(7)));

        List<FakeBotConnector.Call> later = h.connector.calls("POST", "/v3/conversations/" + ACME + ";messageid=act-");
        assertTrue(later.size() > rerouted.size(), "later reminders follow in the channel: " + h.connector.calls());
        assertEquals(later.size(), h.connector.calls("POST", samsChat).size(), "still one try each");
        assertEquals(1, toldMaya(), "told once, not with every reminder");
        assertEquals(1, h.connector.calls("POST", "/v3/conversations/" + ACME + "/activities").stream()
                .filter(call -> call.cardText().contains("couldn't reach you")).count(), "one thread for Sam's reminders");
    }

    /** Cards in Maya's 1:1 chat saying Sam's reminders go to the channel now. */
    private long toldMaya() {
        return h.connector.calls("POST", "/v3/conversations/" + chatOf(MAYA) + "/activities").stream()
                .filter(call -> call.cardText().contains("can't send direct messages")).count();
    }

    @Test
    void theReassignButtonOnANotMineCardAsksTheConsultantWhoShouldOwnItWithoutOfferingTheNudgeButtons() throws Exception {
        setUp();
        Commitment c = commit("send the brand guidelines");
        assertEquals(200, h.post(click(chatOf(SAM), "notmine", c.id())).statusCode());
        int historyBefore = h.wiring.commitments().find(TENANT, c.id()).orElseThrow().history().size();
        ObjectNode invoke = h.activity("invoke", MAYA, "Maya Okafor", chatOf(MAYA), "personal");
        invoke.put("name", "adaptiveCard/action");
        ObjectNode action = invoke.putObject("value").putObject("action");
        action.put("type", "Action.Execute").put("verb", "reassign");
        action.putObject("data").put("kw", "reassign").put("value", String.valueOf(c.id()));

        HttpResponse<String> r = h.post(invoke);

        assertEquals(200, r.statusCode());
        JsonNode answer = h.parse(r.body());
        assertTrue(answer.path("value").toString().contains("Who should own #" + c.id() + " now?"), answer.toString());
        assertFalse(answer.path("value").toString().contains("Action.Execute"), "no nudge buttons on the question");
        Commitment after = h.wiring.commitments().find(TENANT, c.id()).orElseThrow();
        assertEquals(c.owner(), after.owner());
        assertEquals(historyBefore, after.history().size());
    }

    @Test
    void aNudgeCardClickedDoneWithActionSubmitUpdatesTheCardInPlace() throws Exception {
        setUp();
        Commitment c = commit("send the logo files");
        h.wiring.simulatedTime().advanceTo(FRIDAY_MORNING_NY);
        lastNudgeToSam();
        ObjectNode submit = h.activity("message", SAM, "Sam Rivera", chatOf(SAM), "personal");
        submit.put("replyToId", "act-card-1");
        submit.putObject("value").put("kw", "done").put("value", String.valueOf(c.id()));

        assertEquals(200, h.post(submit).statusCode());

        List<FakeBotConnector.Call> updates = h.connector.calls("PUT", "/v3/conversations/" + chatOf(SAM) + "/activities/act-card-1");
        assertEquals(1, updates.size(), h.connector.calls().toString());
        assertTrue(updates.get(0).cardText().contains("Marked"), updates.get(0).cardText());
        assertEquals(State.DONE, h.wiring.commitments().find(TENANT, c.id()).orElseThrow().state());
    }

    @Test
    void newDateOpensAFormWhoseSubmissionMovesTheCommitment() throws Exception {
        setUp();
        Commitment c = commit("share the sitemap");
        ObjectNode open = click(chatOf(SAM), "move", c.id());

        JsonNode form = h.parse(h.post(open).body()).path("value");
        assertTrue(form.toString().contains("Input.Date"), form.toString());
        ObjectNode submit = click(chatOf(SAM), "move", c.id());
        ((ObjectNode) submit.path("value").path("action").path("data")).put("form", true).put("date", "2026-12-02")
                .put("reason", "legal needs a week");
        JsonNode moved = h.parse(h.post(submit).body()).path("value");

        assertTrue(moved.toString().contains("Moved"), moved.toString());
        assertEquals(Instant.parse("2026-12-02T22:00:00Z"), h.wiring.commitments().find(TENANT, c.id()).orElseThrow().due());
    }

    @Test
    void aPersonalChatTakesCommandsWithOrWithoutTheWordCommitAndTheLocalTimezoneMovesThePerson() throws Exception {
        setUp();
        ObjectNode list = h.message(SAM, "Sam Rivera", chatOf(SAM), "personal", "list");
        list.put("localTimezone", "America/Chicago");

        assertEquals(200, h.post(list).statusCode());
        assertEquals(200, h.post(h.message(SAM, "Sam Rivera", chatOf(SAM), "personal", "commit help")).statusCode());

        assertEquals(2, h.connector.calls("POST", "/v3/conversations/" + chatOf(SAM) + "/activities/").size());
        assertEquals("America/Chicago", h.wiring.parties().find(TENANT, TeamsReferences.userKey(SAM)).orElseThrow().zone().getId());
    }

    @Test
    void aClientAddedToTheTeamIsShownTheWorkingAgreementInTheirChat() throws Exception {
        setUp();
        h.connector.clear();
        ObjectNode update = h.activity("conversationUpdate", MAYA, "Maya Okafor", TeamsHarness.TEAM, "channel");
        update.putArray("membersAdded").addObject().put("id", TeamsHarness.LEE).put("aadObjectId", "aad-lee");

        assertEquals(200, h.post(update).statusCode());

        List<FakeBotConnector.Call> toLee = h.connector.calls("POST", "/v3/conversations/" + chatOf(TeamsHarness.LEE) + "/activities");
        assertEquals(1, toLee.size(), h.connector.calls().toString());
        assertTrue(toLee.get(0).card().toString().contains("agree"), toLee.get(0).cardText());
    }

    @Test
    void theBotRemovedFromTheTeamRetiresItsChannels() throws Exception {
        setUp();
        ObjectNode removed = h.activity("installationUpdate", MAYA, "Maya Okafor", TeamsHarness.TEAM, "channel");
        removed.put("action", "remove");

        assertEquals(200, h.post(removed).statusCode());

        assertFalse(h.refs.conversation(TENANT, TeamsReferences.channelKey(INTERNAL)).orElseThrow().active());
        assertFalse(h.refs.conversation(TENANT, TeamsReferences.channelKey(ACME)).orElseThrow().active());
    }
}
