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
 * {@code /commit} is stored as received and acked with nothing in it; the inbox thread handles it and answers through
 * the command's {@code response_url}. What that means when the thread is busy, when Slack refuses the URL, when the
 * same command arrives twice, and across a restart.
 */
class SlackCommandInboxTest {
    private static final String CREATE = "<@USAM|sam> send the brand guidelines by friday";

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
    private void holdInbox(SlackHarness harness) {
        harness.bot.onInboxThread(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private List<SeenEvents.Pending> stored(SlackHarness harness) {
        Instant now = harness.clock.now();
        return harness.wiring.seenEvents().unhandled(SlackBot.PLATFORM, now.minus(Duration.ofDays(1)), now.plusSeconds(1));
    }

    @Test
    void aCommandIsStoredAndAckedBeforeItIsHandledThenAnsweredThroughItsResponseUrl() throws Exception {
        holdInbox(h);

        HttpResponse<String> ack = h.commandAck("UMAYA", SlackHarness.CHANNEL, CREATE);

        assertEquals(200, ack.statusCode());
        assertEquals("", ack.body());
        assertEquals(Optional.empty(), h.wiring.commitments().find(SlackHarness.WS, 1), "not handled yet");
        List<SeenEvents.Pending> waiting = stored(h);
        assertEquals(1, waiting.size());
        assertTrue(java.net.URLDecoder.decode(waiting.get(0).payload(), java.nio.charset.StandardCharsets.UTF_8)
                .contains("text=" + CREATE + "&"), waiting.get(0).payload()); // the form body, as Slack sent it
        assertTrue(waiting.get(0).eventId().startsWith("command:13345224609.738474920."), waiting.get(0).eventId());
        assertEquals(List.of(), h.slack.calls("response_url"));

        release.countDown();
        h.bot.drain();

        assertEquals("USAM", h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow().owner());
        FakeSlackApi.Call answer = h.slack.awaitOne("response_url", c -> true);
        assertEquals("ephemeral", answer.param("response_type"));
        assertTrue(answer.param("text").startsWith("Recorded *#1*: <@USAM> — *send the brand guidelines*"), answer.toString());
        assertEquals(List.of(), stored(h), "marked handled");
        h.wiring.simulatedTime().advanceTo(java.time.Instant.parse("2026-11-23T14:01:00Z")); // Sam's working day starts
        h.slack.awaitOne("chat.postMessage", c -> "USAM".equals(c.param("channel"))); // the owner's DM after it
    }

    @Test
    void theSameCommandDeliveredTwiceIsHandledOnce() throws Exception {
        String body = SlackHarness.commandBody(SlackHarness.WS, "UMAYA", SlackHarness.CHANNEL, CREATE,
                h.slack.hooksUrl() + "commands/T0001/twice");

        HttpResponse<String> first = h.post("application/x-www-form-urlencoded", body, h.now(), Map.of());
        HttpResponse<String> second = h.post("application/x-www-form-urlencoded", body, h.now(), Map.of());
        h.bot.drain();

        assertEquals(200, first.statusCode());
        assertEquals(200, second.statusCode());
        assertTrue(h.wiring.commitments().find(SlackHarness.WS, 1).isPresent());
        assertEquals(Optional.empty(), h.wiring.commitments().find(SlackHarness.WS, 2));
        assertEquals(1, h.slack.calls("response_url").size());
    }

    @Test
    void anAnswerSlackRefusesAtTheResponseUrlIsPostedPrivatelyInTheChannelInstead() throws Exception {
        h.slack.failNext("response_url", new FakeSlackApi.Failure(404, Map.of(), "expired_url"));

        SlackHarness.Answered done = h.command("UMAYA", SlackHarness.CHANNEL, CREATE);

        assertEquals(1, done.answers().size(), "tried once: a refused URL will not work later");
        FakeSlackApi.Call instead = h.slack.awaitOne("chat.postEphemeral", c -> "UMAYA".equals(c.param("user")));
        assertEquals(SlackHarness.CHANNEL, instead.param("channel"));
        assertTrue(instead.param("text").startsWith("Recorded *#1*"), instead.toString());
    }

    @Test
    void anAnswerThatMeetsAPassingFailureIsTriedAgainAtTheSameUrl() throws Exception {
        h.slack.failNext("response_url", new FakeSlackApi.Failure(503, Map.of(), "service unavailable"));

        h.commandAck("UMAYA", SlackHarness.CHANNEL, CREATE);

        List<FakeSlackApi.Call> tries = h.slack.await("response_url", c -> true, 2, Duration.ofSeconds(10));
        assertEquals(tries.get(0).param("path"), tries.get(1).param("path"));
        assertTrue(tries.get(1).param("text").startsWith("Recorded *#1*"), tries.get(1).toString());
        h.bot.drain();
        assertEquals(List.of(), h.slack.calls("chat.postEphemeral"));
    }

    @Test
    void aCommandStoredButNotHandledBeforeAStopIsHandledOnceByTheNextStart() throws Exception {
        holdInbox(h); // the process "stops" with the command stored and acked, not handled
        h.commandAck("UMAYA", SlackHarness.CHANNEL, CREATE);
        SeenEvents.Pending left = stored(h).get(0);

        try (SlackHarness next = new SlackHarness()) { // the next start, with that row in its database
            next.wiring.seenEvents().accepted(SlackBot.PLATFORM, left.workspaceId(), left.eventId(), left.payload(),
                    left.receivedAt());
            // and one that came over Socket Mode, stored as its payload's JSON
            next.wiring.seenEvents().accepted(SlackBot.PLATFORM, SlackHarness.WS, "command:socket-1", """
                    {"team_id":"T0001","channel_id":"C0ACME","user_id":"UMAYA","command":"/commit",
                     "text":"<@USAM|sam> send the logo files by friday","trigger_id":"socket-1",
                     "response_url":"%scommands/T0001/socket-1"}""".formatted(h.slack.hooksUrl()), left.receivedAt());

            assertEquals(2, next.bot.recover(next.clock.now().plusSeconds(1)));
            next.bot.drain();

            assertEquals("send the brand guidelines", next.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow().title());
            assertEquals("send the logo files", next.wiring.commitments().find(SlackHarness.WS, 2).orElseThrow().title());
            assertEquals(Optional.empty(), next.wiring.commitments().find(SlackHarness.WS, 3));
            assertEquals(List.of(), stored(next));
            assertEquals(0, next.bot.recover(next.clock.now().plusSeconds(1)), "handled once");
        }
        // The answer went to the response_url Slack gave with the command (it outlives the process).
        FakeSlackApi.Call answer = h.slack.awaitOne("response_url", c -> c.param("path").endsWith("/1"));
        assertTrue(answer.param("text").startsWith("Recorded *#1*"), answer.toString());
        assertTrue(h.slack.awaitOne("response_url", c -> c.param("path").endsWith("/socket-1")).param("text")
                .startsWith("Recorded *#2*"));
    }

    @Test
    void commandsArrivingTogetherAreAllStoredEachAnsweredOnce() throws Exception {
        holdInbox(h);
        int n = 40;
        List<Thread> senders = new java.util.ArrayList<>();
        List<Integer> statuses = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int i = 0; i < n; i++) {
            int k = i;
            Thread t = new Thread(() -> {
                try {
                    statuses.add(h.commandAck("UMAYA", SlackHarness.CHANNEL, "<@USAM> deliverable " + k + " by friday")
                            .statusCode());
                } catch (Exception e) {
                    statuses.add(-1);
                }
            });
            senders.add(t);
            t.start();
        }
        for (Thread t : senders) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertEquals(java.util.Collections.nCopies(n, 200), statuses);
        assertEquals(n, stored(h).size(), "all acked ones are stored before any is handled");

        release.countDown();
        h.bot.drain();

        assertEquals(n, h.wiring.commitments().openOwnedBy(SlackHarness.WS, "USAM").size());
        assertEquals(n, h.slack.calls("response_url").size());
        assertEquals(n, h.slack.calls("response_url").stream().map(c -> c.param("path")).distinct().count());
    }
}
