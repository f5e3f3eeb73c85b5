package dev.keepword.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.State;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Socket Mode end to end: the real Bolt {@code SocketModeApp} (Tyrus client) gets its WebSocket URL from the fake
 * {@code apps.connections.open} and connects to a local server playing Slack's side, which says {@code hello}, pushes
 * envelopes shaped exactly like Slack's, and checks the acks carry their {@code envelope_id}.
 */
class SlackSocketModeTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String APP_TOKEN = "xapp-1-A0KEEPWORD-1234567890-abcdef0123456789";

    private SlackHarness h;
    private FakeSocketModeServer slackSide;

    @BeforeEach
    void start() throws Exception {
        h = new SlackHarness();
        slackSide = new FakeSocketModeServer();
        h.slack.socketModeUrl(slackSide.url());
        h.bot.startSocketMode(APP_TOKEN);
        slackSide.awaitConnection(WAIT);
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        slackSide.close();
    }

    @Test
    void connectsWithTheAppLevelTokenToTheUrlSlackHandsOut() {
        FakeSlackApi.Call open = h.slack.calls("apps.connections.open").get(0);
        assertEquals(APP_TOKEN, open.token());
        assertTrue(slackSide.connections() >= 1);
    }

    @Test
    void aSlashCommandEnvelopeIsAckedWithItsEnvelopeIdAndAnsweredThroughItsResponseUrl() throws Exception {
        slackSide.send(slashCommand("2a3b4c5d-0001-4e5f-8a9b-0c1d2e3f4a5b", "UMAYA", "<@USAM|sam> send the brand guidelines by friday"));

        JsonObject ack = slackSide.awaitAck("2a3b4c5d-0001-4e5f-8a9b-0c1d2e3f4a5b", WAIT);

        assertFalse(ack.has("payload") && !ack.get("payload").isJsonNull() && ack.getAsJsonObject("payload").size() > 0,
                "a command is acked with the envelope id alone: " + ack);
        h.bot.drain();
        FakeSlackApi.Call answer = h.slack.awaitOne("response_url", c -> true);
        assertEquals("/hooks/commands/T0001/2a3b4c5d-0001-4e5f-8a9b-0c1d2e3f4a5b", answer.param("path"));
        assertEquals("ephemeral", answer.param("response_type"));
        assertTrue(answer.param("text").startsWith("Recorded *#1*: <@USAM> — *send the brand guidelines*"), answer.toString());
        Commitment stored = h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow();
        assertEquals("USAM", stored.owner());
        assertEquals("UMAYA", stored.owedTo());
        assertEquals(Optional.of(h.clock.now()), h.wiring.sightings().lastHeard(SlackHarness.WS, "UMAYA"));
        h.wiring.simulatedTime().advanceTo(java.time.Instant.parse("2026-11-23T14:01:00Z")); // Sam's working day starts
        FakeSlackApi.Call dm = h.slack.awaitOne("chat.postMessage", c -> "USAM".equals(c.param("channel")));
        assertEquals("xoxb-test", dm.token());
    }

    @Test
    void anInteractiveEnvelopeIsAckedAndTheClickChangesTheCommitmentAndTheMessage() throws Exception {
        slackSide.send(slashCommand("2a3b4c5d-0002-4e5f-8a9b-0c1d2e3f4a5b", "UMAYA", "<@USAM|sam> send the brand guidelines by friday"));
        slackSide.awaitAck("2a3b4c5d-0002-4e5f-8a9b-0c1d2e3f4a5b", WAIT);
        h.bot.drain();

        slackSide.send(doneClick("7f8e9d0c-0003-4b1a-9c2d-3e4f5a6b7c8d", "USAM", "1"));
        JsonObject ack = slackSide.awaitAck("7f8e9d0c-0003-4b1a-9c2d-3e4f5a6b7c8d", WAIT);

        assertFalse(ack.has("payload") && !ack.get("payload").isJsonNull() && ack.getAsJsonObject("payload").size() > 0,
                "a click is acked with the envelope id alone: " + ack);
        assertEquals(State.DONE, h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow().state());
        assertEquals(Optional.of(h.clock.now()), h.wiring.sightings().lastHeard(SlackHarness.WS, "USAM"));
        FakeSlackApi.Call update = h.slack.awaitOne("chat.update", c -> true);
        assertEquals("D0SAM", update.param("channel"));
        assertTrue(update.param("blocks").contains("Marked #1 done."), update.param("blocks"));
    }

    @Test
    void anEventsApiEnvelopeIsAckedAndARetryOfItChangesNothing() throws Exception {
        String message = "{\"type\":\"message\",\"channel\":\"C0ACME\",\"user\":\"ULEE\",\"text\":\"here you go\","
                + "\"ts\":\"1790000100.000100\",\"channel_type\":\"channel\"}";
        slackSide.send(eventsApi("9a8b7c6d-0004-4e3f-8a1b-2c3d4e5f6a7b", "Ev0SM1", message, 0));
        slackSide.awaitAck("9a8b7c6d-0004-4e3f-8a1b-2c3d4e5f6a7b", WAIT);
        h.bot.drain(); // acked once stored; handled on the inbox thread
        assertEquals(Optional.of(h.clock.now()), h.wiring.sightings().lastHeard(SlackHarness.WS, "ULEE"));
        java.time.Instant first = h.clock.now();
        h.clock.advance(Duration.ofMinutes(2));

        slackSide.send(eventsApi("9a8b7c6d-0005-4e3f-8a1b-2c3d4e5f6a7b", "Ev0SM1", message, 1));
        slackSide.awaitAck("9a8b7c6d-0005-4e3f-8a1b-2c3d4e5f6a7b", WAIT);
        h.bot.drain();

        assertEquals(Optional.of(first), h.wiring.sightings().lastHeard(SlackHarness.WS, "ULEE"));
    }

    @Test
    void trackAsCommitmentAndThePrivateOfferGoThroughTheSameHandlersOverSocketMode() throws Exception {
        slackSide.send("""
                {"envelope_id":"5e6f7a8b-0006-4c1d-9e2f-3a4b5c6d7e8f","payload":{"type":"message_action",
                 "callback_id":"track_commitment","trigger_id":"1790000100.103.sm","message_ts":"1790000100.000100",
                 "response_url":"%sapp/T0001/sm","team":{"id":"T0001","domain":"kw"},
                 "user":{"id":"UMAYA","name":"maya","team_id":"T0001"},"channel":{"id":"C0ACME","name":"acme"},
                 "message":{"type":"message","user":"USAM","text":"Sure, I'll send the logo files by Friday",
                   "ts":"1790000100.000100"},"token":"bHKJ2n9AW6Ju3MjciOHfbA1b","action_ts":"1790000100.000200",
                 "is_enterprise_install":false},
                 "type":"interactive","accepts_response_payload":false}
                """.formatted(h.slack.hooksUrl()).replace("\n", ""));
        slackSide.awaitAck("5e6f7a8b-0006-4c1d-9e2f-3a4b5c6d7e8f", WAIT);
        FakeSlackApi.Call open = h.slack.awaitOne("views.open", c -> true);
        assertTrue(open.param("view").contains("\"callback_id\":\"keepword.track\""), open.param("view"));
        assertTrue(open.param("view").contains("\"initial_value\":\"send the logo files\""), open.param("view"));

        slackSide.send(eventsApi("9a8b7c6d-0007-4e3f-8a1b-2c3d4e5f6a7b", "Ev0SM7", "{\"type\":\"message\",\"channel\":"
                + "\"C0ACME\",\"user\":\"USAM\",\"text\":\"I'll send the sitemap by Friday\",\"ts\":\"1790000300.000300\","
                + "\"channel_type\":\"channel\"}", 0));
        slackSide.awaitAck("9a8b7c6d-0007-4e3f-8a1b-2c3d4e5f6a7b", WAIT);
        h.bot.drain();
        FakeSlackApi.Call offer = h.slack.awaitOne("chat.postEphemeral", c -> "USAM".equals(c.param("user")));
        assertTrue(offer.param("text").startsWith("Track this as a commitment?"), offer.param("text"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // envelopes as Slack sends them over Socket Mode

    private String slashCommand(String envelopeId, String user, String text) {
        return """
                {"envelope_id":"%1$s","payload":{"token":"bHKJ2n9AW6Ju3MjciOHfbA1b","team_id":"T0001",
                 "team_domain":"keepword-test","channel_id":"C0ACME","channel_name":"acme","user_id":"%2$s",
                 "user_name":"%3$s","command":"/commit","text":"%4$s","api_app_id":"A0KEEPWORD",
                 "is_enterprise_install":"false","response_url":"%5$scommands/T0001/%1$s",
                 "trigger_id":"13345224609.738474920.%1$s"},
                 "type":"slash_commands","accepts_response_payload":true}
                """.formatted(envelopeId, user, user.toLowerCase(), text, h.slack.hooksUrl()).replace("\n", "");
    }

    private String doneClick(String envelopeId, String user, String id) {
        return """
                {"envelope_id":"%1$s","payload":{"type":"block_actions","user":{"id":"%2$s","username":"u","name":"u",
                 "team_id":"T0001"},"api_app_id":"A0KEEPWORD","token":"bHKJ2n9AW6Ju3MjciOHfbA1b",
                 "container":{"type":"message","message_ts":"1790000000.000001","channel_id":"D0SAM","is_ephemeral":false},
                 "trigger_id":"1234.5678.abcd","team":{"id":"T0001","domain":"kw"},"enterprise":null,
                 "is_enterprise_install":false,"channel":{"id":"D0SAM","name":"directmessage"},
                 "message":{"type":"message","subtype":"bot_message","text":"Friendly heads-up","ts":"1790000000.000001",
                   "bot_id":"B0BOT","blocks":[
                     {"type":"section","block_id":"s1","text":{"type":"mrkdwn","text":"Friendly heads-up: *#1 send the brand guidelines*","verbatim":false}},
                     {"type":"actions","block_id":"line-1","elements":[
                       {"type":"button","action_id":"done","text":{"type":"plain_text","text":"Done","emoji":true},"value":"1","style":"primary"},
                       {"type":"button","action_id":"notmine","text":{"type":"plain_text","text":"Not mine","emoji":true},"value":"1"}]}]},
                 "state":{"values":{}},"response_url":"https://hooks.slack.com/actions/T0001/1/xyz",
                 "actions":[{"action_id":"done","block_id":"line-1","text":{"type":"plain_text","text":"Done","emoji":true},
                   "value":"%3$s","style":"primary","type":"button","action_ts":"1790000200.000100"}]},
                 "type":"interactive","accepts_response_payload":false}
                """.formatted(envelopeId, user, id).replace("\n", "");
    }

    private String eventsApi(String envelopeId, String eventId, String eventJson, int retryAttempt) {
        return ("{\"envelope_id\":\"" + envelopeId + "\",\"payload\":{\"token\":\"bHKJ2n9AW6Ju3MjciOHfbA1b\",\"team_id\":\"T0001\","
                + "\"api_app_id\":\"A0KEEPWORD\",\"event\":" + eventJson + ",\"type\":\"event_callback\",\"event_id\":\""
                + eventId + "\",\"event_time\":" + h.now() + ",\"authorizations\":[{\"enterprise_id\":null,\"team_id\":\"T0001\","
                + "\"user_id\":\"UBOT\",\"is_bot\":true,\"is_enterprise_install\":false}],\"is_ext_shared_channel\":false},"
                + "\"type\":\"events_api\",\"accepts_response_payload\":false,\"retry_attempt\":" + retryAttempt
                + ",\"retry_reason\":\"" + (retryAttempt == 0 ? "" : "timeout") + "\"}");
    }
}
