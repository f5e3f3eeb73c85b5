package dev.keepword.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.app.SeenEvents;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events go through the same inbox as {@code /commit}: stored as Slack sent them (keyed {@code event:<event_id>}),
 * acked at once, handled in order on the inbox thread, and handled after a restart if the process stopped first. And a
 * verified request whose handling throws is still acked 200 (a 5xx makes Slack retry, and disable events past a rate).
 */
class SlackEventInboxTest {
    private static final String MESSAGE = "{\"type\":\"message\",\"channel\":\"C0ACME\",\"user\":\"ULEE\",\"text\":\"here you go\","
            + "\"ts\":\"1790000100.000100\",\"channel_type\":\"channel\"}";

    private SlackHarness h;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        h = new SlackHarness();
    }

    @AfterEach
    void stop() {
        release.countDown();
        h.close();
    }

    /** Keeps the bot's inbox thread busy until {@link #release} (or the test ends). */
    private void holdInbox() {
        h.bot.onInboxThread(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static List<SeenEvents.Pending> stored(SlackHarness harness) {
        Instant now = harness.clock.now();
        return harness.wiring.seenEvents().unhandled(SlackBot.PLATFORM, now.minus(Duration.ofDays(1)), now.plusSeconds(1));
    }

    @Test
    void anEventIsStoredAsSentAndAckedBeforeItIsHandled() throws Exception {
        holdInbox();

        HttpResponse<String> ack = h.eventAck(SlackHarness.WS, "Ev0IN1", MESSAGE, Map.of());

        assertEquals(200, ack.statusCode());
        assertEquals(Optional.empty(), h.wiring.sightings().lastHeard(SlackHarness.WS, "ULEE"), "not handled yet");
        List<SeenEvents.Pending> waiting = stored(h);
        assertEquals(1, waiting.size());
        assertEquals("event:Ev0IN1", waiting.get(0).eventId());
        assertEquals(h.eventBody(SlackHarness.WS, "Ev0IN1", MESSAGE), waiting.get(0).payload(), "the body as Slack sent it");

        release.countDown();
        h.bot.drain();

        assertEquals(Optional.of(h.clock.now()), h.wiring.sightings().lastHeard(SlackHarness.WS, "ULEE"));
        assertEquals(List.of(), stored(h), "marked handled");
    }

    @Test
    void aRetryThatArrivesWhileTheFirstDeliveryWaitsIsAckedAndChangesNothing() throws Exception {
        holdInbox();
        h.eventAck(SlackHarness.WS, "Ev0IN2", MESSAGE, Map.of());
        Instant first = h.clock.now();
        h.clock.advance(Duration.ofMinutes(1));

        HttpResponse<String> retry = h.eventAck(SlackHarness.WS, "Ev0IN2", MESSAGE,
                Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"));

        assertEquals(200, retry.statusCode());
        assertEquals(1, stored(h).size());
        release.countDown();
        h.bot.drain();
        assertEquals(Optional.of(first), h.wiring.sightings().lastHeard(SlackHarness.WS, "ULEE"));
    }

    @Test
    void eventsAndCommandsAreHandledInTheOrderTheyArrived() throws Exception {
        holdInbox();
        h.commandAck("UMAYA", SlackHarness.CHANNEL, "<@USAM> send the brand guidelines by friday");
        h.eventAck(SlackHarness.WS, "Ev0IN3", "{\"type\":\"app_home_opened\",\"user\":\"USAM\",\"channel\":\"D0SAM\","
                + "\"tab\":\"home\",\"event_ts\":\"1790000100.000300\"}", Map.of());

        release.countDown();
        h.bot.drain();

        // The home was drawn after the command it followed was handled: it shows the commitment.
        FakeSlackApi.Call published = h.slack.awaitOne("views.publish", c -> "USAM".equals(c.param("user_id")));
        assertTrue(published.param("view").contains("send the brand guidelines"), published.param("view"));
    }

    @Test
    void eventsStoredButNotHandledBeforeAStopAreHandledOnceByTheNextStart() throws Exception {
        holdInbox(); // the process "stops" with the event stored and acked, not handled
        h.eventAck(SlackHarness.WS, "Ev0IN4", MESSAGE, Map.of());
        SeenEvents.Pending left = stored(h).get(0);

        try (SlackHarness next = new SlackHarness()) { // the next start, with that row in its database
            next.wiring.seenEvents().accepted(SlackBot.PLATFORM, left.workspaceId(), left.eventId(), left.payload(),
                    left.receivedAt());
            // and one that came over Socket Mode, stored as the envelope's payload
            next.wiring.seenEvents().accepted(SlackBot.PLATFORM, SlackHarness.WS, "event:Ev0IN5", """
                    {"token":"legacy","team_id":"T0001","api_app_id":"A0KEEPWORD","event":{"type":"member_joined_channel",
                     "user":"USAM","channel":"C0ACME","channel_type":"C","team":"T0001","event_ts":"1790000100.000200"},
                     "type":"event_callback","event_id":"Ev0IN5","event_time":1790000100,
                     "authorizations":[{"enterprise_id":null,"team_id":"T0001","user_id":"UBOT","is_bot":true,
                     "is_enterprise_install":false}],"is_ext_shared_channel":false}""", left.receivedAt());
            // and one nobody can read any more: skipped, not retried forever
            next.wiring.seenEvents().accepted(SlackBot.PLATFORM, SlackHarness.WS, "event:Ev0IN6", "{\"event\":", left.receivedAt());

            assertEquals(2, next.bot.recover(next.clock.now().plusSeconds(1)));
            next.bot.drain();

            assertEquals(Optional.of(left.receivedAt()), next.wiring.sightings().lastHeard(SlackHarness.WS, "ULEE"));
            FakeSlackApi.Call shown = next.slack.awaitOne("chat.postEphemeral", c -> "USAM".equals(c.param("user")));
            assertEquals("C0ACME", shown.param("channel"));
            assertEquals(List.of(), stored(next));
            assertEquals(0, next.bot.recover(next.clock.now().plusSeconds(1)), "handled once");
        }
    }

    @Test
    void aClickWhoseHandlingThrowsIsStillAcked200() throws Exception {
        // A block action with no "team": Keepword's click handler cannot tell the workspace and throws.
        HttpResponse<String> ack = h.interaction("""
                {"type":"block_actions","user":{"id":"USAM","username":"sam","name":"sam","team_id":"T0001"},
                 "api_app_id":"A0KEEPWORD","token":"legacy","trigger_id":"1.2.3",
                 "container":{"type":"message","message_ts":"1790000000.000001","channel_id":"D0SAM"},
                 "actions":[{"action_id":"done","block_id":"line-1","value":"1","type":"button",
                 "action_ts":"1790000200.000100"}]}""");

        assertEquals(200, ack.statusCode());
        assertEquals(200, h.command("UMAYA", SlackHarness.CHANNEL, "list").statusCode(), "still serving");
    }
}
