package dev.keepword.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.keepword.app.Delivery;
import dev.keepword.app.Message;
import dev.keepword.app.Target;
import dev.keepword.domain.Action;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.State;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Slack adapter in HTTP mode: the real Bolt app behind Keepword's server, the real SDK against a fake Slack. */
class SlackHttpModeTest {
    private SlackHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new SlackHarness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    // ---------------------------------------------------------------------------------------------------------
    // slash command and request verification

    @Test
    void signedSlashCommandIsAckedWithThePrivateReplyStoredAndTheOwnerToldByDm() throws Exception {
        SlackHarness.Answered ack = h.command("UMAYA", SlackHarness.CHANNEL, "<@USAM|sam> send the brand guidelines by friday");

        assertEquals(200, ack.statusCode());
        JsonObject body = JsonParser.parseString(ack.answer()).getAsJsonObject();
        assertEquals("ephemeral", body.get("response_type").getAsString());
        assertTrue(body.get("text").getAsString().startsWith("Recorded *#1*: <@USAM> — *send the brand guidelines*"),
                body.get("text").getAsString());
        Commitment stored = h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow();
        assertEquals("USAM", stored.owner());
        assertEquals("UMAYA", stored.owedTo());
        // Sam is told a few minutes later, when his working day starts (09:00 in New York), with whatever else is
        // recorded for him meanwhile.
        assertTrue(h.slack.calls("chat.postMessage").stream().noneMatch(c -> "USAM".equals(c.param("channel"))));
        h.wiring.simulatedTime().advanceTo(java.time.Instant.parse("2026-11-23T14:01:00Z"));
        FakeSlackApi.Call dm = h.slack.awaitOne("chat.postMessage", c -> "USAM".equals(c.param("channel")));
        assertTrue(dm.param("text").startsWith("<@UMAYA> recorded a commitment for you in <#C0ACME>"), dm.param("text"));
    }

    @Test
    void aRequestWithAWrongSignatureIs401AndChangesNothing() throws Exception {
        byte[] body = SlackHarness.commandBody("UMAYA", SlackHarness.CHANNEL, "<@USAM> send the logo by friday")
                .getBytes(StandardCharsets.UTF_8);
        String ts = String.valueOf(h.now());
        String forged = new SlackSignature("not-the-secret").sign(ts, body);

        HttpResponse<String> response = h.postRaw("application/x-www-form-urlencoded", body, ts, forged, Map.of());

        assertEquals(401, response.statusCode());
        assertNothingHappened();
    }

    @Test
    void aStaleRequestIs401EvenWhenItsSignatureIsRight() throws Exception {
        long stale = h.now() - SlackSignature.TOLERANCE.toSeconds() - 1;

        HttpResponse<String> response = h.post("application/x-www-form-urlencoded",
                SlackHarness.commandBody("UMAYA", SlackHarness.CHANNEL, "<@USAM> send the logo by friday"), stale, Map.of());

        assertEquals(401, response.statusCode());
        assertNothingHappened();
    }

    @Test
    void aRequestFromTheFutureIs401EvenWhenItsSignatureIsRight() throws Exception {
        long future = h.now() + SlackSignature.TOLERANCE.toSeconds() + 1;

        HttpResponse<String> response = h.post("application/x-www-form-urlencoded",
                SlackHarness.commandBody("UMAYA", SlackHarness.CHANNEL, "<@USAM> send the logo by friday"), future, Map.of());

        assertEquals(401, response.statusCode());
        assertNothingHappened();
    }

    @Test
    void anUnsignedRequestIs401() throws Exception {
        HttpResponse<String> response = h.postRaw("application/json", "{}".getBytes(StandardCharsets.UTF_8), "", "", Map.of());

        assertEquals(401, response.statusCode());
        assertNothingHappened();
    }

    private void assertNothingHappened() {
        assertEquals(Optional.empty(), h.wiring.commitments().find(SlackHarness.WS, 1));
        assertEquals(Optional.empty(), h.wiring.sightings().lastHeard(SlackHarness.WS, "UMAYA"));
        assertTrue(h.slack.calls().stream().allMatch(c -> c.method().equals("auth.test")), h.slack.calls().toString());
    }

    @Test
    void commitWithNoTextOpensTheNewCommitmentModalAndItsSubmissionRecordsIt() throws Exception {
        HttpResponse<String> ack = h.post("application/x-www-form-urlencoded", SlackHarness.commandBody(SlackHarness.WS,
                "UMAYA", SlackHarness.CHANNEL, "", h.slack.hooksUrl() + "commands/T0001/1",
                "13345224609.738474920.8088930838d88f008e0"), h.now(), Map.of());

        assertEquals(200, ack.statusCode());
        assertEquals("", ack.body());
        FakeSlackApi.Call open = h.slack.awaitOne("views.open", c -> true);
        assertEquals("13345224609.738474920.8088930838d88f008e0", open.param("trigger_id"));
        assertTrue(open.param("view").contains("\"callback_id\":\"keepword.new\""), open.param("view"));

        HttpResponse<String> submitted = h.interaction(viewSubmission(SlackViews.NEW, SlackHarness.CHANNEL, """
                {"owner":{"value":{"type":"users_select","selected_user":"USAM"}},
                 "what":{"value":{"type":"plain_text_input","value":"send the brand guidelines"}},
                 "due_date":{"value":{"type":"datepicker","selected_date":"2026-11-27"}},
                 "due_time":{"value":{"type":"timepicker","selected_time":"15:30"}},
                 "owed_to":{"value":{"type":"users_select","selected_user":null}},
                 "kind":{"value":{"type":"static_select","selected_option":{"value":"input","text":{"type":"plain_text","text":"input"}}}}}
                """));

        assertEquals(200, submitted.statusCode());
        Commitment stored = h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow();
        assertEquals("send the brand guidelines", stored.title());
        assertEquals(Instant.parse("2026-11-27T20:30:00Z"), stored.due()); // 15:30 in New York, Sam's zone
        assertEquals("input", stored.kind().word());
        h.slack.awaitOne("chat.postEphemeral", c -> "UMAYA".equals(c.param("user")) && c.param("text").startsWith("Recorded"));
    }

    @Test
    void aModalTitleStartingWithChangeRecordsAnOrdinaryCommitmentNotAChangeRequest() throws Exception {
        HttpResponse<String> submitted = h.interaction(viewSubmission(SlackViews.NEW, SlackHarness.CHANNEL, """
                {"owner":{"value":{"type":"users_select","selected_user":"UMAYA"}},
                 "what":{"value":{"type":"plain_text_input","value":"change the hero image"}},
                 "due_date":{"value":{"type":"datepicker","selected_date":"2026-11-27"}}}
                """));

        assertEquals(200, submitted.statusCode());
        Commitment stored = h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow();
        assertEquals("change the hero image", stored.title());
        assertEquals("deliverable", stored.kind().word());
        assertEquals("UMAYA", stored.owner());
    }

    @Test
    void anInvalidModalSubmissionKeepsTheModalOpenWithTheReason() throws Exception {
        HttpResponse<String> submitted = h.interaction(viewSubmission(SlackViews.NEW, SlackHarness.CHANNEL, """
                {"owner":{"value":{"type":"users_select","selected_user":"USAM"}},
                 "what":{"value":{"type":"plain_text_input","value":"send the brand guidelines"}},
                 "due_date":{"value":{"type":"datepicker","selected_date":"2026-11-01"}}}
                """));

        assertEquals(200, submitted.statusCode());
        JsonObject body = JsonParser.parseString(submitted.body()).getAsJsonObject();
        assertEquals("errors", body.get("response_action").getAsString());
        assertTrue(body.getAsJsonObject("errors").has("what"), submitted.body());
        assertEquals(Optional.empty(), h.wiring.commitments().find(SlackHarness.WS, 1));
    }

    // ---------------------------------------------------------------------------------------------------------
    // nudge buttons

    @Test
    void doneButtonClosesTheCommitmentCountsAsHeardFromAndUpdatesTheMessageInPlace() throws Exception {
        h.command("UMAYA", SlackHarness.CHANNEL, "<@USAM> send the brand guidelines by friday");
        h.clock.advance(Duration.ofHours(2));

        HttpResponse<String> ack = h.interaction(click("USAM", "done", "1"));

        assertEquals(200, ack.statusCode());
        assertEquals(State.DONE, h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow().state());
        assertEquals(Optional.of(h.clock.now()), h.wiring.sightings().lastHeard(SlackHarness.WS, "USAM"));
        FakeSlackApi.Call update = h.slack.awaitOne("chat.update", c -> true);
        assertEquals("D0SAM", update.param("channel"));
        assertEquals("1790000000.000001", update.param("ts"));
        String blocks = readable(update.param("blocks"));
        assertFalse(blocks.contains("\"type\":\"actions\""), blocks);
        assertTrue(blocks.contains("\"type\":\"context\""), blocks);
        assertTrue(blocks.contains("<@USAM> Marked #1 done."), blocks);
        assertTrue(blocks.contains("Friendly heads-up"), "the rest of the message stays: " + blocks);
    }

    @Test
    void theConsultantsSendButtonSendsTheDraftedFinalNoticeAndHoldKeepsItBack() throws Exception {
        h.command("UMAYA", SlackHarness.CHANNEL, "<@USAM> send the brand guidelines by friday");
        h.command("UMAYA", SlackHarness.CHANNEL, "<@USAM> send the photos by friday");
        h.wiring.simulatedTime().advanceTo(java.time.Instant.parse("2026-12-09T12:00:00Z")); // past +7 for both
        FakeSlackApi.Call draft = h.slack.awaitOne("chat.postMessage", c -> "UMAYA".equals(c.param("channel"))
                && readable(String.valueOf(c.param("blocks"))).contains("notice-send"));
        assertTrue(readable(draft.param("blocks")).contains("is ready for you to check"), readable(draft.param("blocks")));
        assertTrue(h.slack.calls("chat.postMessage").stream().noneMatch(c -> "USAM".equals(c.param("channel"))
                && String.valueOf(c.param("text")).contains("Final notice")), "nothing reaches Sam before Maya decides");

        assertEquals(200, h.interaction(click("UMAYA", "notice-send", "1")).statusCode());
        assertEquals(200, h.interaction(click("UMAYA", "notice-hold", "2")).statusCode());
        h.wiring.simulatedTime().advanceTo(java.time.Instant.parse("2026-12-09T15:00:00Z"));

        assertEquals(List.of(dev.keepword.domain.Action.NOTICE_APPROVED), actions(1, "UMAYA"));
        assertEquals(List.of(dev.keepword.domain.Action.NOTICE_HELD), actions(2, "UMAYA"));
        FakeSlackApi.Call update = h.slack.awaitOne("chat.update", c -> readable(c.param("blocks"))
                .contains("The final notice for #1 goes to <@USAM> as drafted."));
        assertFalse(readable(update.param("blocks")).contains("\"type\":\"actions\""), "the buttons are gone");
        h.slack.awaitOne("chat.postMessage", c -> "USAM".equals(c.param("channel"))
                && String.valueOf(c.param("text")).contains("Final notice: *#1 send the brand guidelines*"));
        assertTrue(h.slack.calls("chat.postMessage").stream().noneMatch(c -> "USAM".equals(c.param("channel"))
                && String.valueOf(c.param("text")).contains("Final notice: *#2")), "a held notice stays with Maya");
    }

    private List<dev.keepword.domain.Action> actions(long id, String by) {
        return h.wiring.commitments().find(SlackHarness.WS, id).orElseThrow().actions().stream()
                .filter(x -> x.actor().equals(by) && x.action().name().startsWith("NOTICE")).map(x -> x.action()).toList();
    }

    @Test
    void aClickThatIsNotAllowedLeavesTheButtonsAndTellsTheClickerPrivately() throws Exception {
        h.command("UMAYA", SlackHarness.CHANNEL, "<@USAM> send the brand guidelines by friday");

        h.interaction(click("ULEE", "notmine", "1"));

        assertEquals(State.OPEN, h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow().state());
        FakeSlackApi.Call told = h.slack.awaitOne("chat.postEphemeral", c -> "ULEE".equals(c.param("user")));
        assertTrue(told.param("text").startsWith("Only the owner of #1 can say it isn't theirs."), told.param("text"));
        assertEquals(List.of(), h.slack.calls("chat.update"));
    }

    @Test
    void declineButtonClosesTheChangeRequestRecordsWhyNotAndTellsTheConsultant() throws Exception {
        h.command("UMAYA", SlackHarness.CHANNEL, "change <@USAM|sam> add a French version est 8h");
        h.wiring.simulatedTime().advanceTo(java.time.Instant.parse("2026-11-23T14:01:00Z")); // Sam's day starts
        FakeSlackApi.Call asked = h.slack.awaitOne("chat.postMessage", c -> "USAM".equals(c.param("channel")));
        String buttons = readable(asked.param("blocks"));
        assertTrue(buttons.contains("\"action_id\":\"approve\"") && buttons.contains("\"action_id\":\"decline\""), buttons);

        HttpResponse<String> ack = h.interaction(click("USAM", "decline", "1"));

        assertEquals(200, ack.statusCode());
        Commitment declined = h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow();
        assertEquals(State.CANCELLED, declined.state());
        assertEquals(Action.DECLINED, declined.history().get(declined.history().size() - 1).action());
        h.wiring.simulatedTime().advanceTo(java.time.Instant.parse("2026-11-23T14:02:00Z")); // Maya hears in her day's message
        FakeSlackApi.Call told = h.slack.awaitOne("chat.postMessage", c -> "UMAYA".equals(c.param("channel")));
        assertEquals("<@USAM> declined the change request #1: add a French version (est 8h). It stays out of scope.",
                told.param("text"));
        String blocks = readable(h.slack.awaitOne("chat.update", c -> true).param("blocks"));
        assertTrue(blocks.contains("<@USAM> Declined #1: add a French version (est 8h)."), blocks);
        assertFalse(blocks.contains("\"type\":\"actions\""), blocks);
    }

    @Test
    void approveButtonApprovesTheChangeRequestAndTellsTheConsultant() throws Exception {
        h.command("UMAYA", SlackHarness.CHANNEL, "change <@USAM|sam> add a French version est 8h");

        h.interaction(click("USAM", "approve", "1"));
        h.wiring.simulatedTime().advanceTo(java.time.Instant.parse("2026-11-23T14:02:00Z")); // Maya hears in her day's message

        Commitment approved = h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow();
        assertEquals(State.DONE, approved.state());
        assertEquals(Action.APPROVED, approved.history().get(approved.history().size() - 1).action());
        FakeSlackApi.Call told = h.slack.awaitOne("chat.postMessage", c -> "UMAYA".equals(c.param("channel")));
        assertEquals("<@USAM> approved the change request #1: add a French version (est 8h). The work can be scheduled.",
                told.param("text"));
    }

    @Test
    void theReassignButtonAsksTheConsultantPrivatelyWhoShouldOwnItAndChangesNothing() throws Exception {
        h.command("UMAYA", SlackHarness.CHANNEL, "<@USAM> send the brand guidelines by friday");
        h.interaction(click("USAM", "notmine", "1"));
        int historyBefore = h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow().history().size();

        HttpResponse<String> ack = h.interaction(click("UMAYA", "reassign", "1"));

        assertEquals(200, ack.statusCode());
        FakeSlackApi.Call asked = h.slack.awaitOne("chat.postEphemeral",
                c -> "UMAYA".equals(c.param("user")) && c.param("text").startsWith("Who should own #1 now?"));
        assertEquals("Who should own #1 now? Name one of @ULEE, for example: /commit reassign 1 @ULEE", asked.param("text"));
        Commitment after = h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow();
        assertEquals("USAM", after.owner());
        assertEquals(historyBefore, after.history().size());
    }

    @Test
    void newDateButtonOpensAModalWhoseSubmissionMovesTheCommitmentAndUpdatesTheMessage() throws Exception {
        h.command("UMAYA", SlackHarness.CHANNEL, "<@USAM> send the brand guidelines by friday");
        h.interaction(click("USAM", "move", "1"));
        FakeSlackApi.Call open = h.slack.awaitOne("views.open", c -> true);
        JsonObject view = JsonParser.parseString(open.param("view")).getAsJsonObject();
        String metadata = view.get("private_metadata").getAsString();

        HttpResponse<String> submitted = h.interaction(viewSubmission(SlackViews.MOVE, metadata, """
                {"due_date":{"value":{"type":"datepicker","selected_date":"2026-12-02"}},
                 "reason":{"value":{"type":"plain_text_input","value":"legal needs a week"}}}
                """));

        assertEquals(200, submitted.statusCode());
        Commitment moved = h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow();
        assertEquals(Instant.parse("2026-12-02T22:00:00Z"), moved.due()); // 17:00 New York
        assertEquals(1, moved.renegotiations());
        FakeSlackApi.Call update = h.slack.awaitOne("chat.update", c -> true);
        assertTrue(readable(update.param("blocks")).contains("Moved #1 to Wed 2 Dec 17:00 (America/New_York)."), update.param("blocks"));
    }

    @Test
    void blockedButtonAsksTheReasonAndTellsTheConsultant() throws Exception {
        h.command("UMAYA", SlackHarness.CHANNEL, "<@USAM> send the brand guidelines by friday");
        h.interaction(click("USAM", "blocked", "1"));
        FakeSlackApi.Call open = h.slack.awaitOne("views.open", c -> true);
        String metadata = JsonParser.parseString(open.param("view")).getAsJsonObject().get("private_metadata").getAsString();

        h.interaction(viewSubmission(SlackViews.BLOCKED, metadata, """
                {"reason":{"value":{"type":"plain_text_input","value":"waiting for <!channel> legal"}}}
                """));

        assertEquals("waiting for <!channel> legal", h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow().blockedReason());
        h.wiring.simulatedTime().advanceTo(java.time.Instant.parse("2026-11-23T14:02:00Z")); // Maya hears in her day's message
        FakeSlackApi.Call toMaya = h.slack.awaitOne("chat.postMessage", c -> "UMAYA".equals(c.param("channel")));
        assertTrue(toMaya.param("text").contains("waiting for &lt;!channel&gt; legal"), toMaya.param("text"));
        assertFalse(readable(toMaya.param("blocks")).contains("<!channel>"), toMaya.param("blocks"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // events

    @Test
    void aMessageInAnEngagementChannelCountsAsHeardFromAndARetriedEventChangesNothing() throws Exception {
        String message = "{\"type\":\"message\",\"channel\":\"C0ACME\",\"user\":\"ULEE\",\"text\":\"here you go\","
                + "\"ts\":\"1790000100.000100\",\"channel_type\":\"channel\"}";
        h.event("Ev0001", message, Map.of());
        Instant first = h.clock.now();
        h.clock.advance(Duration.ofMinutes(3));

        HttpResponse<String> retried = h.event("Ev0001", message, Map.of("X-Slack-Retry-Num", "1",
                "X-Slack-Retry-Reason", "http_timeout"));

        assertEquals(200, retried.statusCode());
        assertEquals(Optional.of(first), h.wiring.sightings().lastHeard(SlackHarness.WS, "ULEE"));
        h.event("Ev0002", message, Map.of());
        assertEquals(Optional.of(h.clock.now()), h.wiring.sightings().lastHeard(SlackHarness.WS, "ULEE"));
    }

    @Test
    void aMessageElsewhereIsNotASighting() throws Exception {
        h.event("Ev0003", "{\"type\":\"message\",\"channel\":\"C0RANDOM\",\"user\":\"ULEE\",\"text\":\"hi\","
                + "\"ts\":\"1790000100.000100\",\"channel_type\":\"channel\"}", Map.of());

        assertEquals(Optional.empty(), h.wiring.sightings().lastHeard(SlackHarness.WS, "ULEE"));
    }

    @Test
    void aClientMemberJoiningAnEngagementChannelIsShownTheWorkingAgreementPrivatelyOnce() throws Exception {
        String joined = "{\"type\":\"member_joined_channel\",\"user\":\"ULEE\",\"channel\":\"C0ACME\",\"channel_type\":\"C\","
                + "\"team\":\"T0001\",\"event_ts\":\"1790000100.000200\"}";

        h.event("Ev0004", joined, Map.of());
        h.event("Ev0004", joined, Map.of("X-Slack-Retry-Num", "1"));

        FakeSlackApi.Call shown = h.slack.awaitOne("chat.postEphemeral", c -> "ULEE".equals(c.param("user")));
        assertEquals("C0ACME", shown.param("channel"));
        assertTrue(shown.param("text").startsWith("*Working agreement for #acme*"), shown.param("text"));
        assertEquals(1, h.slack.calls("chat.postEphemeral").size());
    }

    @Test
    void someoneJoiningWhoIsNotOnTheClientSideIsShownNothing() throws Exception {
        h.event("Ev0014", "{\"type\":\"member_joined_channel\",\"user\":\"UNEW\",\"channel\":\"C0ACME\","
                + "\"channel_type\":\"C\",\"team\":\"T0001\",\"event_ts\":\"1790000100.000210\"}", Map.of());

        h.slack.awaitOne("users.info", c -> "UNEW".equals(c.param("user"))); // is Noor from another organisation? No.
        h.bot.drain();
        assertEquals(List.of(), h.slack.calls("chat.postEphemeral"));
    }

    @Test
    void openingTheAppHomePublishesWhatIOweAndWhatIsOwedToMe() throws Exception {
        h.command("UMAYA", SlackHarness.CHANNEL, "<@USAM> send the brand guidelines by friday");

        h.event("Ev0005", "{\"type\":\"app_home_opened\",\"user\":\"USAM\",\"channel\":\"D0SAM\",\"tab\":\"home\","
                + "\"event_ts\":\"1790000100.000300\"}", Map.of());

        FakeSlackApi.Call published = h.slack.awaitOne("views.publish", c -> "USAM".equals(c.param("user_id")));
        String view = readable(published.param("view"));
        assertTrue(view.contains("\"type\":\"home\""), view);
        assertTrue(view.contains("*What you owe (1)*"), view);
        assertTrue(view.contains("*#1 send the brand guidelines*"), view);
        assertTrue(view.contains("<#C0ACME> — 1 open, 0 overdue"), view);
    }

    @Test
    void aProfileChangeRefreshesTheZoneFromUsersInfo() throws Exception {
        h.slack.user("USAM", "Sam Rivera", "America/Los_Angeles");

        h.event("Ev0006", "{\"type\":\"user_change\",\"user\":{\"id\":\"USAM\",\"tz\":\"America/Los_Angeles\","
                + "\"tz_offset\":-28800},\"event_ts\":\"1790000100.000400\"}", Map.of());

        h.slack.awaitOne("users.info", c -> "USAM".equals(c.param("user")));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"America/Los_Angeles".equals(h.wiring.parties().find(SlackHarness.WS, "USAM").orElseThrow().zone().getId())) {
            assertTrue(System.nanoTime() < deadline, "zone not refreshed");
            Thread.onSpinWait();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // outbound through SlackChat

    @Test
    void aNudgeIsBlockKitWithItsTitleEscapedAndItsFourButtons() throws Exception {
        Message nudge = Message.builder()
                .line("Due today: ", Message.bold("#1 <!channel> logo & fonts"), ", owed to ", Message.mention("UMAYA"))
                .button("Done", "done", "1").button("New date", "move", "1").button("Blocked", "blocked", "1")
                .button("Not mine", "notmine", "1")
                .build();

        Delivery d = h.chat.send(SlackHarness.WS, new Target.Direct("USAM", SlackHarness.CHANNEL), nudge);

        assertTrue(d instanceof Delivery.Sent, d.toString());
        FakeSlackApi.Call call = h.slack.awaitOne("chat.postMessage", c -> "USAM".equals(c.param("channel")));
        assertEquals("xoxb-test", call.token());
        String blocks = readable(call.param("blocks"));
        assertFalse(blocks.contains("<!channel>"), blocks);
        assertTrue(blocks.contains("*#1 &lt;!channel&gt; logo &amp; fonts*"), blocks);
        assertTrue(blocks.contains("<@UMAYA>"), blocks);
        for (String action : List.of("done", "move", "blocked", "notmine")) {
            assertTrue(blocks.contains("\"action_id\":\"" + action + "\""), blocks);
        }
        assertEquals("Due today: *#1 &lt;!channel&gt; logo &amp; fonts*, owed to <@UMAYA>", call.param("text"));
    }

    @Test
    void a429IsARetryNoSoonerThanRetryAfterAndPausesFurtherPostsWithoutCallingSlack() throws Exception {
        h.slack.rateLimitNext("chat.postMessage", 7);

        Delivery first = h.chat.send(SlackHarness.WS, new Target.Channel("C0ACME"), Message.text("one"));
        h.clock.advance(Duration.ofSeconds(2));
        Delivery second = h.chat.send(SlackHarness.WS, new Target.Channel("C0OTHER"), Message.text("two"));
        int callsWhilePaused = h.slack.calls("chat.postMessage").size();
        h.clock.advance(Duration.ofSeconds(5));
        Delivery third = h.chat.send(SlackHarness.WS, new Target.Channel("C0OTHER"), Message.text("three"));

        assertEquals(new Delivery.Retry(Duration.ofSeconds(7), "rate limited by Slack"), first);
        assertEquals(Delivery.Retry.paced(Duration.ofSeconds(5), "rate limited by Slack"), second);
        assertEquals(1, callsWhilePaused);
        assertTrue(third instanceof Delivery.Sent, third.toString());
    }

    @Test
    void aServerErrorOrTransientSlackErrorIsARetry() {
        h.slack.serverErrorNext("chat.postMessage");
        h.slack.errorNext("chat.postMessage", "internal_error");

        Delivery first = h.chat.send(SlackHarness.WS, new Target.Channel("C0ACME"), Message.text("one"));
        h.clock.advance(Duration.ofSeconds(1));
        Delivery second = h.chat.send(SlackHarness.WS, new Target.Channel("C0ACME"), Message.text("two"));

        assertEquals(new Delivery.Retry(Duration.ZERO, "Slack answered HTTP 503"), first);
        assertEquals(new Delivery.Retry(Duration.ZERO, "internal_error"), second);
    }

    @Test
    void postsArePacedAtAboutOneASecondPerChannelWithoutWaiting() {
        Delivery first = h.chat.send(SlackHarness.WS, new Target.Channel("C0ACME"), Message.text("one"));
        Delivery second = h.chat.send(SlackHarness.WS, new Target.Channel("C0ACME"), Message.text("two"));
        Delivery elsewhere = h.chat.send(SlackHarness.WS, new Target.Channel("C0OTHER"), Message.text("three"));
        h.clock.advance(Duration.ofSeconds(1));
        Delivery later = h.chat.send(SlackHarness.WS, new Target.Channel("C0ACME"), Message.text("four"));

        assertTrue(first instanceof Delivery.Sent);
        assertEquals(Delivery.Retry.paced(Duration.ofSeconds(1), "pacing: within Slack's per-channel and workspace message rates"),
                second);
        assertTrue(elsewhere instanceof Delivery.Sent);
        assertTrue(later instanceof Delivery.Sent);
        assertEquals(3, h.slack.calls("chat.postMessage").size());
    }

    @Test
    void aDmSlackRefusesGoesToTheFallbackChannelAsAThreadedMention() throws Exception {
        h.slack.refuseDmsTo("USAM", "cannot_dm_bot");

        Delivery first = h.chat.send(SlackHarness.WS, new Target.Direct("USAM", "C0ACME"), Message.text("Due today: #1"));
        h.clock.advance(Duration.ofSeconds(2));
        Delivery second = h.chat.send(SlackHarness.WS, new Target.Direct("USAM", "C0ACME"), Message.text("Due today: #2"));

        List<FakeSlackApi.Call> inChannel = h.slack.calls("chat.postMessage").stream()
                .filter(c -> "C0ACME".equals(c.param("channel"))).toList();
        assertEquals(3, inChannel.size(), inChannel.toString()); // one thread parent, two replies in it
        String parentTs = "1790000000.000001";
        assertEquals(null, inChannel.get(0).param("thread_ts"));
        assertTrue(inChannel.get(0).param("text").startsWith("<@USAM> I couldn't reach you by direct message"));
        assertEquals(parentTs, inChannel.get(1).param("thread_ts"));
        assertEquals("<@USAM> Due today: #1", inChannel.get(1).param("text"));
        assertEquals(parentTs, inChannel.get(2).param("thread_ts"));
        assertEquals(new Delivery.Rerouted("1790000000.000002", "cannot_dm_bot"), first);
        assertEquals(new Delivery.Rerouted("1790000000.000003", "cannot_dm_bot"), second);
    }

    @Test
    void aDmRefusedWithNoFallbackIsUndeliverable() {
        h.slack.refuseDmsTo("USAM", "user_not_found");

        Delivery d = h.chat.send(SlackHarness.WS, new Target.Direct("USAM"), Message.text("hello"));

        assertEquals(new Delivery.Undeliverable("user_not_found"), d);
    }

    /** JSON as a person reads it: the SDK's Gson writes {@code <} and {@code >} as unicode escapes. */
    private static String readable(String json) {
        return new com.google.gson.GsonBuilder().disableHtmlEscaping().create().toJson(JsonParser.parseString(json));
    }

    // ---------------------------------------------------------------------------------------------------------
    // payloads shaped like Slack's

    private static String click(String user, String action, String value) {
        return """
                {"type":"block_actions","user":{"id":"%1$s","username":"u","name":"u","team_id":"T0001"},
                 "api_app_id":"A0KEEPWORD","token":"legacy","container":{"type":"message","message_ts":"1790000000.000001",
                 "channel_id":"D0SAM","is_ephemeral":false},"trigger_id":"1234.5678.abcd","team":{"id":"T0001","domain":"kw"},
                 "enterprise":null,"is_enterprise_install":false,"channel":{"id":"D0SAM","name":"directmessage"},
                 "message":{"type":"message","subtype":"bot_message","text":"Friendly heads-up","ts":"1790000000.000001",
                   "bot_id":"B0BOT","blocks":[
                     {"type":"section","block_id":"s1","text":{"type":"mrkdwn","text":"Friendly heads-up: *#1 send the brand guidelines*","verbatim":false}},
                     {"type":"actions","block_id":"line-1","elements":[
                       {"type":"button","action_id":"done","text":{"type":"plain_text","text":"Done","emoji":true},"value":"1","style":"primary"},
                       {"type":"button","action_id":"move","text":{"type":"plain_text","text":"New date","emoji":true},"value":"1"},
                       {"type":"button","action_id":"blocked","text":{"type":"plain_text","text":"Blocked","emoji":true},"value":"1"},
                       {"type":"button","action_id":"notmine","text":{"type":"plain_text","text":"Not mine","emoji":true},"value":"1"}]}]},
                 "state":{"values":{}},"response_url":"https://hooks.slack.com/actions/T0001/1/xyz",
                 "actions":[{"action_id":"%2$s","block_id":"line-1","text":{"type":"plain_text","text":"x","emoji":true},
                   "value":"%3$s","style":"primary","type":"button","action_ts":"1790000200.000100"}]}
                """.formatted(user, action, value);
    }

    private static String viewSubmission(String callbackId, String metadata, String values) {
        return """
                {"type":"view_submission","team":{"id":"T0001","domain":"kw"},"user":{"id":"%4$s","username":"u","name":"u",
                 "team_id":"T0001"},"api_app_id":"A0KEEPWORD","token":"legacy","trigger_id":"1234.5678.efgh",
                 "view":{"id":"V1","team_id":"T0001","type":"modal","private_metadata":"%2$s","callback_id":"%1$s",
                   "state":{"values":%3$s},"hash":"1.abc","title":{"type":"plain_text","text":"x"},"blocks":[]},
                 "response_urls":[],"is_enterprise_install":false}
                """.formatted(callbackId, metadata, values, callbackId.equals(SlackViews.NEW) ? "UMAYA" : "USAM");
    }
}
