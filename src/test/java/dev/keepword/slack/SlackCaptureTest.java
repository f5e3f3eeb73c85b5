package dev.keepword.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.keepword.domain.Action;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.HistoryEntry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Promises caught where they are made, in Slack over HTTP (the real Bolt app against the fake Slack): the "Track as
 * commitment" message shortcut and its form, and the private offer under a dated promise with its Track / Not now
 * buttons. Socket Mode hands the same payloads to the same Bolt {@code App} and handlers, so these run over HTTP only;
 * {@code SlackSocketModeTest} checks the shortcut and the offer arrive there too.
 *
 * <p>Payload shapes: the {@code message_action} is the Slack SDK's own sample
 * ({@code src/test/resources/slack/interactivity/MessageShortcutPayload.json}, from the SDK's json-logs, read by Bolt's
 * {@code MessageShortcutPayload}) with our ids put in; {@code view_submission} and {@code block_actions} follow
 * {@code ViewSubmissionPayload.json} and {@code BlockActionPayload.json} beside it (a click under an ephemeral message
 * has {@code container.is_ephemeral: true}); the {@code message} event follows {@code events/MessagePayload.json}.
 */
class SlackCaptureTest {
    private static final String PROMISE_TS = "1790000100.000100";
    private static final String PERMALINK = "https://kw.slack.com/archives/C0ACME/p1790000100000100";

    private SlackHarness h;

    @BeforeEach
    void start() throws Exception {
        // Bursts of 20 per channel: Slack's pace is not what these tests are about (SlackHttpModeTest covers it).
        h = new SlackHarness(new SlackChat.Limits(20, Duration.ofSeconds(1), 240, 20));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the private offer

    @Test
    void aDatedPromiseByAMemberGetsAPrivateOfferAndAQuestionGetsNone() throws Exception {
        message("Ev1", "USAM", "Sure, I'll send the logo files by Friday", PROMISE_TS);
        message("Ev2", "ULEE", "Can you send the logo files by Friday?", "1790000200.000200");

        List<FakeSlackApi.Call> offers = h.slack.calls("chat.postEphemeral");
        assertEquals(1, offers.size(), offers.toString());
        FakeSlackApi.Call offer = offers.get(0);
        assertEquals("USAM", offer.param("user"));
        assertEquals("C0ACME", offer.param("channel"));
        assertTrue(offer.param("text").startsWith("Track this as a commitment? *send the logo files* — due Fri 27 Nov 17:00"),
                offer.param("text"));
        assertTrue(offer.param("blocks").contains("\"action_id\":\"offer-track\""), offer.param("blocks"));
        assertTrue(offer.param("blocks").contains("\"action_id\":\"offer-notnow\""), offer.param("blocks"));
        assertTrue(h.wiring.sightings().lastHeard(SlackHarness.WS, "ULEE").isPresent()); // still heard from
    }

    @Test
    void atMostOneOfferPerPersonPerHour() throws Exception {
        message("Ev1", "USAM", "I'll send the logo files by Friday", PROMISE_TS);
        h.clock.advance(Duration.ofMinutes(59));
        message("Ev2", "USAM", "We will have the draft to you on Dec 3", "1790000200.000200");
        assertEquals(1, h.slack.calls("chat.postEphemeral").size());

        h.clock.advance(Duration.ofMinutes(1));
        message("Ev3", "USAM", "I'll share the sitemap tomorrow", "1790000300.000300");

        List<FakeSlackApi.Call> offers = h.slack.calls("chat.postEphemeral");
        assertEquals(2, offers.size(), offers.toString());
        assertTrue(offers.get(1).param("text").contains("share the sitemap"), offers.get(1).param("text"));
    }

    @Test
    void trackRecordsExactlyOneCommitmentForTheWriterLinkedToTheMessage() throws Exception {
        message("Ev1", "USAM", "Sure, I'll send the logo files by Friday", PROMISE_TS);

        assertEquals(200, h.interaction(offerClick("USAM", "offer-track")).statusCode());
        h.bot.drain();
        assertEquals(200, h.interaction(offerClick("USAM", "offer-track")).statusCode()); // a second click
        h.bot.drain();

        Commitment c = h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow();
        assertEquals(Optional.empty(), h.wiring.commitments().find(SlackHarness.WS, 2));
        assertEquals("send the logo files", c.title());
        assertEquals("USAM", c.owner());
        assertEquals("UMAYA", c.owedTo()); // the other side's lead consultant, as /commit's default
        assertEquals(Instant.parse("2026-11-27T22:00:00Z"), c.due()); // Friday 17:00 in New York, Sam's zone
        HistoryEntry created = c.history().get(0);
        assertEquals(Action.CREATED, created.action());
        assertTrue(created.detail().contains(PERMALINK), created.detail());
        FakeSlackApi.Call thread = h.slack.awaitOne("chat.postMessage", call -> PROMISE_TS.equals(call.param("thread_ts")));
        assertEquals("C0ACME", thread.param("channel"));
        assertTrue(thread.param("text").startsWith("Tracked as #1 — due Fri 27 Nov 17:00"), thread.param("text"));
        assertTrue(thread.param("text").endsWith("/commit status shows it."), thread.param("text"));
        h.slack.awaitOne("chat.postEphemeral", call -> "USAM".equals(call.param("user"))
                && call.param("text").startsWith("Recorded *#1*"));
        h.slack.awaitOne("chat.postEphemeral", call -> "USAM".equals(call.param("user"))
                && call.param("text").startsWith("Already tracked"));
    }

    @Test
    void notNowRecordsNothingAndAMessageAlreadyTrackedIsNeverOfferedAgain() throws Exception {
        message("Ev1", "USAM", "I'll send the logo files by Friday", PROMISE_TS);

        h.interaction(offerClick("USAM", "offer-notnow"));
        h.bot.drain();

        assertEquals(Optional.empty(), h.wiring.commitments().find(SlackHarness.WS, 1));
        h.slack.awaitOne("chat.postEphemeral", call -> call.param("text").startsWith("Not tracked"));

        h.interaction(offerClick("USAM", "offer-track")); // Not now closed it
        h.bot.drain();
        assertEquals(Optional.empty(), h.wiring.commitments().find(SlackHarness.WS, 1));
    }

    @Test
    void offersOffSilencesThemAndOnlyAConsultantMaySwitch() throws Exception {
        SlackHarness.Answered refused = h.command("USAM", SlackHarness.CHANNEL, "offers off");
        assertTrue(refused.text().startsWith("Only a consultant owner"), refused.text());

        SlackHarness.Answered off = h.command("UMAYA", SlackHarness.CHANNEL, "offers off");
        assertTrue(off.text().startsWith("Offers are off"), off.text());

        message("Ev1", "USAM", "I'll send the logo files by Friday", PROMISE_TS);
        assertEquals(List.of(), offers());

        h.command("UMAYA", SlackHarness.CHANNEL, "offers on");
        message("Ev2", "USAM", "I'll send the sitemap by Friday", "1790000200.000200");
        h.slack.awaitOne("chat.postEphemeral", c -> c.param("text").startsWith("Track this") && c.param("text").contains("sitemap"));
        assertEquals(1, offers().size());
    }

    private List<FakeSlackApi.Call> offers() {
        return h.slack.calls("chat.postEphemeral").stream().filter(c -> c.param("text").startsWith("Track this")).toList();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // "Track as commitment"

    @Test
    void theShortcutOpensTheFormPrefilledAndItsSubmissionTracksTheMessage() throws Exception {
        HttpResponse<String> ack = h.interaction(shortcut("UMAYA", "C0ACME", "USAM",
                "Sure, I'll send the logo files by Friday"));

        assertEquals(200, ack.statusCode());
        FakeSlackApi.Call open = h.slack.awaitOne("views.open", c -> true);
        String view = open.param("view");
        assertTrue(view.contains("\"callback_id\":\"keepword.track\""), view);
        assertTrue(view.contains("\"initial_user\":\"USAM\""), view); // owner: the author
        assertTrue(view.contains("\"initial_value\":\"send the logo files\""), view);
        assertTrue(view.contains("\"initial_date\":\"2026-11-27\""), view);
        assertTrue(view.contains("\"initial_user\":\"UMAYA\""), view); // owed to: who used the action
        String metadata = JsonParser.parseString(view).getAsJsonObject().get("private_metadata").getAsString();

        HttpResponse<String> submitted = h.interaction(trackSubmission(metadata, """
                {"owner":{"value":{"type":"users_select","selected_user":"USAM"}},
                 "what":{"value":{"type":"plain_text_input","value":"send the logo files"}},
                 "due_date":{"value":{"type":"datepicker","selected_date":"2026-11-27"}},
                 "owed_to":{"value":{"type":"users_select","selected_user":"UMAYA"}}}
                """));
        h.bot.drain();

        assertEquals(200, submitted.statusCode());
        assertEquals("", submitted.body());
        Commitment c = h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow();
        assertEquals("USAM", c.owner());
        assertEquals("UMAYA", c.owedTo());
        assertTrue(c.history().get(0).detail().contains(PERMALINK), c.history().get(0).detail());
        FakeSlackApi.Call thread = h.slack.awaitOne("chat.postMessage", call -> PROMISE_TS.equals(call.param("thread_ts")));
        assertTrue(thread.param("text").startsWith("Tracked as #1"), thread.param("text"));

        // the same message again: refused privately, nothing opened
        h.interaction(shortcut("UMAYA", "C0ACME", "USAM", "Sure, I'll send the logo files by Friday"));
        h.bot.drain();
        assertEquals(1, h.slack.calls("views.open").size());
        assertTrue(h.slack.awaitOne("response_url", c2 -> true).param("body").contains("already tracked"));
        assertEquals(Optional.empty(), h.wiring.commitments().find(SlackHarness.WS, 2));
    }

    @Test
    void aMessageInAThreadIsTrackedWithTheReplyInThatThread() throws Exception {
        String shortcut = shortcut("UMAYA", "C0ACME", "USAM", "We will have the draft to you on Dec 3");
        JsonObject p = JsonParser.parseString(shortcut).getAsJsonObject();
        p.getAsJsonObject("message").addProperty("thread_ts", "1790000000.000001"); // a reply in someone's thread
        h.interaction(p.toString());
        String view = h.slack.awaitOne("views.open", c -> true).param("view");
        assertTrue(view.contains("\"initial_date\":\"2026-12-03\""), view);
        String metadata = JsonParser.parseString(view).getAsJsonObject().get("private_metadata").getAsString();

        h.interaction(trackSubmission(metadata, """
                {"owner":{"value":{"type":"users_select","selected_user":"USAM"}},
                 "what":{"value":{"type":"plain_text_input","value":"have the draft to you"}},
                 "due_date":{"value":{"type":"datepicker","selected_date":"2026-12-03"}}}
                """));
        h.bot.drain();

        FakeSlackApi.Call thread = h.slack.awaitOne("chat.postMessage", call -> call.param("thread_ts") != null);
        assertEquals("1790000000.000001", thread.param("thread_ts"));
        assertTrue(h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow().history().get(0).detail().contains(PERMALINK));
    }

    @Test
    void theShortcutOutsideAnEngagementOrByANonMemberIsRefusedPrivately() throws Exception {
        h.interaction(shortcut("UMAYA", "C0ELSEWHERE", "USAM", "I'll send the logo files by Friday"));
        h.interaction(shortcut("UNEW", "C0ACME", "USAM", "I'll send the logo files by Friday"));
        h.bot.drain();

        assertEquals(List.of(), h.slack.calls("views.open"));
        List<FakeSlackApi.Call> answers = h.slack.await("response_url", c -> true, 2, Duration.ofSeconds(5));
        assertTrue(answers.get(0).param("body").contains("has no engagement"), answers.get(0).param("body"));
        assertTrue(answers.get(1).param("body").contains("Only members of this engagement"), answers.get(1).param("body"));
        assertTrue(answers.get(0).param("body").contains("\"response_type\":\"ephemeral\""), answers.get(0).param("body"));
        assertEquals(Optional.empty(), h.wiring.commitments().find(SlackHarness.WS, 1));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A message event in the engagement's channel, as in events/MessagePayload.json; handled before it returns. */
    private void message(String eventId, String user, String text, String ts) throws Exception {
        JsonObject e = new JsonObject();
        e.addProperty("type", "message");
        e.addProperty("channel", "C0ACME");
        e.addProperty("user", user);
        e.addProperty("text", text);
        e.addProperty("ts", ts);
        e.addProperty("event_ts", ts);
        e.addProperty("channel_type", "channel");
        assertEquals(200, h.event(eventId, e.toString(), Map.of()).statusCode());
    }

    /** The SDK's MessageShortcutPayload sample with our workspace, channel, people and message in it. */
    private String shortcut(String user, String channel, String author, String text) throws Exception {
        JsonObject p = JsonParser.parseString(Files.readString(
                Path.of("src/test/resources/slack/interactivity/MessageShortcutPayload.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        p.addProperty("callback_id", SlackViews.SHORTCUT);
        p.addProperty("trigger_id", "1790000100.103." + user);
        p.addProperty("message_ts", PROMISE_TS);
        p.addProperty("response_url", h.slack.hooksUrl() + "app/T0001/" + user);
        JsonObject m = p.getAsJsonObject("message");
        m.remove("subtype");
        m.remove("bot_id");
        m.remove("bot_profile");
        m.addProperty("channel", channel);
        m.addProperty("user", author);
        m.addProperty("text", text);
        m.addProperty("ts", PROMISE_TS);
        p.getAsJsonObject("team").addProperty("id", SlackHarness.WS);
        p.getAsJsonObject("team").addProperty("domain", "kw");
        p.getAsJsonObject("user").addProperty("id", user);
        p.getAsJsonObject("user").addProperty("team_id", SlackHarness.WS);
        p.getAsJsonObject("channel").addProperty("id", channel);
        p.remove("enterprise");
        p.addProperty("is_enterprise_install", false);
        return p.toString();
    }

    /** A click on the offer's Track or Not now, under the ephemeral message (block_actions). */
    private static String offerClick(String user, String action) {
        return """
                {"type":"block_actions","user":{"id":"%1$s","username":"u","name":"u","team_id":"T0001"},
                 "api_app_id":"A0KEEPWORD","token":"legacy","container":{"type":"message","message_ts":"1790000101.000001",
                 "channel_id":"C0ACME","is_ephemeral":true},"trigger_id":"1234.5678.abcd","team":{"id":"T0001","domain":"kw"},
                 "enterprise":null,"is_enterprise_install":false,"channel":{"id":"C0ACME","name":"acme"},
                 "state":{"values":{}},"response_url":"https://hooks.slack.com/actions/T0001/1/xyz",
                 "actions":[{"action_id":"%2$s","block_id":"line-1","text":{"type":"plain_text","text":"x","emoji":true},
                   "value":"C0ACME %3$s","type":"button","action_ts":"1790000200.000100"}]}
                """.formatted(user, action, PROMISE_TS);
    }

    private static String trackSubmission(String metadata, String values) {
        return """
                {"type":"view_submission","team":{"id":"T0001","domain":"kw"},"user":{"id":"UMAYA","username":"u","name":"u",
                 "team_id":"T0001"},"api_app_id":"A0KEEPWORD","token":"legacy","trigger_id":"1234.5678.efgh",
                 "view":{"id":"V1","team_id":"T0001","type":"modal","private_metadata":"%1$s","callback_id":"keepword.track",
                   "state":{"values":%2$s},"hash":"1.abc","title":{"type":"plain_text","text":"x"},"blocks":[]},
                 "response_urls":[],"is_enterprise_install":false}
                """.formatted(metadata, values);
    }
}
