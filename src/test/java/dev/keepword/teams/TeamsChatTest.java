package dev.keepword.teams;

import dev.keepword.app.Delivery;
import dev.keepword.app.Message;
import dev.keepword.app.Target;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.keepword.teams.TeamsHarness.SAM;
import static dev.keepword.teams.TeamsHarness.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rate-aware sender against the fake connector: retries, refusals, budgets, the cached token. */
class TeamsChatTest {
    private TeamsHarness h;
    private String sam;

    @BeforeEach
    void start() throws Exception {
        h = new TeamsHarness();
        h.refs.rememberUser(TENANT, SAM, "Sam Rivera", "aad-sam", h.connector.serviceUrl(), h.clock.now());
        sam = TeamsReferences.userKey(SAM);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private Delivery nudge() {
        return h.chat.send(TENANT, new Target.Direct(sam), Message.text("Friendly heads-up"));
    }

    @Test
    void createsThePersonalChatOnceAndReusesTheToken() {
        assertInstanceOf(Delivery.Sent.class, nudge());
        h.clock.advance(Duration.ofSeconds(1));
        assertInstanceOf(Delivery.Sent.class, nudge());

        assertEquals(1, h.connector.calls().stream().filter(c -> c.path().equals("/v3/conversations")).count());
        assertEquals(1, h.connector.tokensIssued());
        assertEquals(TeamsHarness.chatOf(SAM), h.refs.user(TENANT, sam).orElseThrow().chatId());
    }

    @Test
    void a429WithRetryAfterIsRetriedNoSoonerThanTeamsAsked() {
        nudge();
        h.connector.failNext(new FakeBotConnector.Failure(429, "7"));

        Delivery d = nudge();

        assertEquals(new Delivery.Retry(Duration.ofSeconds(7), "Teams answered HTTP 429"), d);
        assertInstanceOf(Delivery.Retry.class, nudge(), "the conversation stays paused");
        h.clock.advance(Duration.ofSeconds(7));
        assertInstanceOf(Delivery.Sent.class, nudge());
    }

    @Test
    void a429WithoutRetryAfterAnd412And502And504AreRetried() {
        nudge();
        h.connector.failNext(new FakeBotConnector.Failure(429, null));
        assertEquals(new Delivery.Retry(Duration.ofSeconds(1), "Teams answered HTTP 429"), nudge());
        for (int status : new int[] {412, 502, 504}) {
            h.clock.advance(Duration.ofSeconds(2));
            h.connector.failNext(new FakeBotConnector.Failure(status, null));
            assertInstanceOf(Delivery.Retry.class, nudge(), "HTTP " + status);
        }
    }

    @Test
    void a403MarksThePersonUnreachableAndIsUndeliverable() {
        nudge();
        h.connector.failNext(new FakeBotConnector.Failure(403, null));

        assertInstanceOf(Delivery.Undeliverable.class, nudge());

        assertTrue(h.refs.user(TENANT, sam).orElseThrow().unreachable());
        int calls = h.connector.calls().size();
        assertInstanceOf(Delivery.Undeliverable.class, nudge());
        assertEquals(calls, h.connector.calls().size(), "no more attempts until they write again");
    }

    private String acme() {
        return h.refs.rememberConversation(TENANT, TeamsHarness.ACME, "channel", TeamsHarness.TEAM, "Acme",
                h.connector.serviceUrl(), h.clock.now()).channelId();
    }

    private Delivery nudgeWithFallback(String channel) {
        return h.chat.send(TENANT, new Target.Direct(sam, channel), Message.text("Friendly heads-up"));
    }

    @Test
    void aChatNotInTheRosterAnymoreGoesToTheFallbackChannelAsAThreadedMentionAndIsForgotten() {
        String channel = acme();
        nudge();
        h.connector.clear();
        h.connector.failNext(FakeBotConnector.Failure.botNotInConversationRoster());

        Delivery d = nudgeWithFallback(channel);

        Delivery.Rerouted rerouted = assertInstanceOf(Delivery.Rerouted.class, d);
        assertTrue(rerouted.reason().contains("BotNotInConversationRoster"), rerouted.reason());
        assertEquals(null, h.refs.user(TENANT, sam).orElseThrow().chatId(), "the dead chat is forgotten");
        assertFalse(h.refs.user(TENANT, sam).orElseThrow().unreachable(), "the person is not given up on");
        List<FakeBotConnector.Call> root = h.connector.calls("POST", "/v3/conversations/" + TeamsHarness.ACME + "/activities");
        assertEquals(1, root.size(), h.connector.calls().toString());
        assertTrue(root.get(0).cardText().contains("couldn't reach you"), root.get(0).cardText());
        assertTrue(root.get(0).body().toString().contains(SAM), "Sam is mentioned, so he is notified");
        List<FakeBotConnector.Call> replies = h.connector.calls("POST", "/v3/conversations/" + TeamsHarness.ACME + ";messageid=");
        assertEquals(1, replies.size(), h.connector.calls().toString());
        assertTrue(replies.get(0).path().matches(".*;messageid=(act-\\d+)/activities/\\1"), replies.get(0).path());
        assertTrue(replies.get(0).cardText().contains("Friendly heads-up"), replies.get(0).cardText());

        h.clock.advance(Duration.ofSeconds(1));
        h.connector.failNext(FakeBotConnector.Failure.botNotInConversationRoster());
        assertInstanceOf(Delivery.Rerouted.class, nudgeWithFallback(channel));
        assertEquals(1, h.connector.calls("POST", "/v3/conversations/" + TeamsHarness.ACME + "/activities").size(),
                "the next one goes into the same thread");
    }

    @Test
    void aConversationNotFoundWithoutAFallbackIsUndeliverableAndTheNextMessageOpensTheChatAfresh() {
        nudge();
        h.connector.failNext(FakeBotConnector.Failure.conversationNotFound());

        Delivery d = nudge();

        assertInstanceOf(Delivery.Undeliverable.class, d);
        assertTrue(((Delivery.Undeliverable) d).reason().contains("ConversationNotFound"), d.toString());
        assertEquals(null, h.refs.user(TENANT, sam).orElseThrow().chatId());
        h.clock.advance(Duration.ofSeconds(1));
        h.connector.clear();
        assertInstanceOf(Delivery.Sent.class, nudge());
        assertEquals(1, h.connector.calls().stream().filter(c -> c.path().equals("/v3/conversations")).count(),
                "opened again: " + h.connector.calls());
    }

    @Test
    void aBlockedUsers403KeepsItsHandlingEvenWithAFallbackChannel() {
        String channel = acme();
        nudge();
        h.connector.clear();
        h.connector.failNext(new FakeBotConnector.Failure(403, null)); // ConversationBlockedByUser

        assertInstanceOf(Delivery.Undeliverable.class, nudgeWithFallback(channel));

        assertTrue(h.refs.user(TENANT, sam).orElseThrow().unreachable());
        assertEquals(1, h.connector.calls().size(), "nothing posted in the channel: " + h.connector.calls());
    }

    @Test
    void aConversationGetsSixMessagesAtOnceThenOneASecondWithinTeamsDocumentedWindows() {
        int sent = 0;
        for (int i = 0; i < 20; i++) {
            if (nudge() instanceof Delivery.Sent) {
                sent++;
            }
        }

        assertEquals(6, sent, "6 in 1 s: one below Teams' 7, for a request that arrives late");
        Delivery later = nudge();
        assertInstanceOf(Delivery.Retry.class, later);
        assertTrue(((Delivery.Retry) later).after().compareTo(Duration.ofMillis(999)) > 0, later.toString());
        assertTrue(((Delivery.Retry) later).after().compareTo(Duration.ofMillis(1001)) < 0, later.toString());
        h.clock.advance(Duration.ofSeconds(1));
        assertInstanceOf(Delivery.Sent.class, nudge());
        assertInstanceOf(Delivery.Retry.class, nudge(), "7 in 2 s");
        int inThirtySeconds = 7;
        for (int s = 2; s < 30; s++) {
            h.clock.advance(Duration.ofSeconds(1));
            for (int i = 0; i < 3; i++) {
                if (nudge() instanceof Delivery.Sent) {
                    inThirtySeconds++;
                }
            }
        }
        assertEquals(35, inThirtySeconds, "at most 60 in 30 s: a burst of 6, then one a second");
    }

    @Test
    void aPersonKeepwordNeverMetIsUndeliverable() {
        assertInstanceOf(Delivery.Undeliverable.class, h.chat.send(TENANT, new Target.Direct("tnobody"), Message.text("hi")));
    }
}
