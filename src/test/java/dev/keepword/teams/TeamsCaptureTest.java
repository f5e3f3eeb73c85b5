package dev.keepword.teams;

import static dev.keepword.teams.TeamsHarness.ACME;
import static dev.keepword.teams.TeamsHarness.MAYA;
import static dev.keepword.teams.TeamsHarness.SAM;
import static dev.keepword.teams.TeamsHarness.TENANT;
import static dev.keepword.teams.TeamsHarness.chatOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keepword.domain.Commitment;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Track as commitment" in Teams: the message extension's action command on a channel message, through the real
 * {@code POST /api/messages} with a Bot Connector token. The {@code composeExtension/fetchTask} and
 * {@code composeExtension/submitAction} invokes are the fixtures {@code invoke-composeExtension-fetchTask-message.json}
 * and {@code invoke-composeExtension-submitAction-message.json}, which follow MicrosoftDocs/msteams-docs
 * {@code messaging-extensions/how-to/action-commands/create-task-module.md} (the payload when a dialog is invoked from
 * a channel message: {@code commandContext: "message"} and its {@code messagePayload}) and, for {@code value.data},
 * microsoft/teams.net {@code Invokes/SubmitActionMEActivity.json} (see {@code src/test/resources/teams/SOURCES.md});
 * here only the people's AAD ids are those of the harness. Also the private offer, which in Teams goes to the
 * writer's personal chat with Keepword (Teams has no ephemeral messages).
 */
class TeamsCaptureTest {
    private static final String MESSAGE_ID = "1763888700007";
    private final ObjectMapper json = new ObjectMapper();
    private TeamsHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new TeamsHarness();
        h.install();
        assertEquals(200, h.setup().statusCode());
        h.connector.clear();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void fetchTaskOnAMessageAnswersTheFormPrefilledFromIt() throws Exception {
        HttpResponse<String> r = h.post(invoke("invoke-composeExtension-fetchTask-message", MAYA, "aad-maya", "aad-sam"));

        assertEquals(200, r.statusCode());
        JsonNode task = json.readTree(r.body()).path("task");
        assertEquals("continue", task.path("type").asText(), r.body());
        assertEquals("Track as commitment", task.path("value").path("title").asText());
        JsonNode card = task.path("value").path("card");
        assertEquals(TeamsCards.CONTENT_TYPE, card.path("contentType").asText());
        assertEquals(TeamsReferences.userKey(SAM), input(card, "owner").path("value").asText()); // the author
        assertEquals("send the logo files", input(card, "what").path("value").asText());
        assertEquals("2026-11-27", input(card, "due_date").path("value").asText());
        assertEquals(TeamsReferences.userKey(MAYA), input(card, "owed_to").path("value").asText()); // who used it
        assertEquals(Optional.empty(), h.wiring.commitments().find(TENANT, 1)); // nothing recorded yet
    }

    @Test
    void submitActionRecordsItWithTheRightOwnerAndOwedToAndSaysSoInTheMessagesThread() throws Exception {
        HttpResponse<String> r = h.post(invoke("invoke-composeExtension-submitAction-message", MAYA, "aad-maya", "aad-sam"));

        assertEquals(200, r.statusCode());
        JsonNode task = json.readTree(r.body()).path("task");
        assertEquals("message", task.path("type").asText(), r.body());
        assertTrue(task.path("value").asText().startsWith("Recorded #1"), r.body());
        Commitment c = h.wiring.commitments().find(TENANT, 1).orElseThrow();
        assertEquals(TeamsReferences.userKey(SAM), c.owner());
        assertEquals(TeamsReferences.userKey(MAYA), c.owedTo());
        assertEquals("send the logo files", c.title());
        assertEquals("input", c.kind().word());
        assertEquals(Instant.parse("2026-11-27T22:00:00Z"), c.due()); // Friday 17:00 in New York
        assertTrue(c.history().get(0).detail().contains(
                "https://teams.microsoft.com/l/message/19:acme-channel-0123456789abcdef@thread.tacv2/" + MESSAGE_ID),
                c.history().get(0).detail());
        List<FakeBotConnector.Call> thread = h.connector.await("POST",
                "/v3/conversations/" + ACME + ";messageid=" + MESSAGE_ID + "/activities/" + MESSAGE_ID, 1);
        assertTrue(thread.get(0).cardText().startsWith("Tracked as #1 — due Fri 27 Nov 17:00"), thread.get(0).cardText());

        // submitted again (a second click): refused, still one commitment
        HttpResponse<String> again = h.post(invoke("invoke-composeExtension-submitAction-message", MAYA, "aad-maya", "aad-sam"));
        assertTrue(again.body().contains("already tracked"), again.body());
        assertEquals(Optional.empty(), h.wiring.commitments().find(TENANT, 2));
    }

    @Test
    void outsideAnEngagementOrByANonMemberItIsRefusedPrivatelyAndNothingChanges() throws Exception {
        ObjectNode elsewhere = invoke("invoke-composeExtension-fetchTask-message", MAYA, "aad-maya", "aad-sam");
        String other = "19:somewhere-else-0123456789abcdef@thread.tacv2";
        elsewhere.with("conversation").put("id", other + ";messageid=" + MESSAGE_ID);
        elsewhere.with("channelData").with("channel").put("id", other);
        String stranger = "29:1Stranger-0000000000000000000000000000000000000000000000000000000000000000000";
        ObjectNode outsider = invoke("invoke-composeExtension-submitAction-message", stranger, "aad-stranger", "aad-sam");
        ((ObjectNode) outsider.get("from")).put("name", "Stranger");

        JsonNode refusedElsewhere = json.readTree(h.post(elsewhere).body()).path("task");
        JsonNode refusedOutsider = json.readTree(h.post(outsider).body()).path("task");

        assertEquals("message", refusedElsewhere.path("type").asText());
        assertTrue(refusedElsewhere.path("value").asText().contains("no engagement"), refusedElsewhere.toString());
        assertEquals("message", refusedOutsider.path("type").asText());
        assertTrue(refusedOutsider.path("value").asText().startsWith("Only members of this engagement"),
                refusedOutsider.toString());
        assertEquals(Optional.empty(), h.wiring.commitments().find(TENANT, 1));
        assertEquals(List.of(), h.connector.calls("POST", "/v3/conversations/" + ACME));
    }

    @Test
    void aDatedPromiseInTheChannelGetsAnOfferInTheWritersPersonalChatAndTrackRecordsIt() throws Exception {
        ObjectNode promise = h.message(SAM, "Sam Rivera", ACME + ";messageid=1763888800008", "channel",
                "<p>Sure, I'll send the logo files by Friday</p>");
        promise.put("id", "1763888800008");

        h.post(promise);

        List<FakeBotConnector.Call> offers = h.connector.await("POST", "/v3/conversations/" + chatOf(SAM) + "/activities", 1);
        assertTrue(offers.get(0).cardText().startsWith("Track this as a commitment?"), offers.get(0).cardText());
        assertTrue(offers.get(0).card().toString().contains("\"verb\":\"offer-track\""), offers.get(0).card().toString());

        ObjectNode click = h.activity("invoke", SAM, "Sam Rivera", chatOf(SAM), "personal");
        click.put("name", "adaptiveCard/action");
        ObjectNode action = click.putObject("value").putObject("action");
        action.put("type", "Action.Execute").put("verb", "offer-track");
        action.putObject("data").put("kw", "offer-track").put("value", TeamsReferences.channelKey(ACME) + " 1763888800008");
        HttpResponse<String> r = h.post(click);

        assertTrue(r.body().contains("Recorded **#1**"), r.body());
        Commitment c = h.wiring.commitments().find(TENANT, 1).orElseThrow();
        assertEquals(TeamsReferences.userKey(SAM), c.owner());
        assertEquals(TeamsReferences.userKey(MAYA), c.owedTo()); // the lead consultant, as /commit's default
        assertFalse(h.connector.await("POST", "/v3/conversations/" + ACME + ";messageid=1763888800008/activities", 1).isEmpty());
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A fixture as Teams would send it from {@code from} (AAD {@code fromAad}) about a message by {@code authorAad}. */
    private ObjectNode invoke(String fixture, String from, String fromAad, String authorAad) throws Exception {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/teams/" + fixture + ".json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ObjectNode a = (ObjectNode) json.readTree(text.replace("{{serviceUrl}}", h.connector.serviceUrl()));
        a.put("id", "f:" + fixture + "-" + System.nanoTime());
        ((ObjectNode) a.get("from")).put("id", from).put("aadObjectId", fromAad);
        ((ObjectNode) a.path("value").path("messagePayload").path("from").path("user")).put("id", authorAad);
        return a;
    }

    private static JsonNode input(JsonNode card, String id) {
        for (JsonNode b : card.path("content").path("body")) {
            if (id.equals(b.path("id").asText())) {
                return b;
            }
        }
        throw new AssertionError("no input " + id + " in " + card);
    }
}
