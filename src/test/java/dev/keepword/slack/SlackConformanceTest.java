package dev.keepword.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.keepword.domain.State;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every payload Slack's own SDK records (the fixtures under {@code src/test/resources/slack/}, see SOURCES.md), sent to
 * the real Bolt app as Slack sends it: validly signed over HTTP ({@code /slack/events}: the {@code event_callback}
 * envelope, interactivity as a {@code payload=} form, the command as a form) and as Socket Mode envelopes. Each is acked
 * 200 within Slack's 3 seconds, none gets a 5xx, the payloads Keepword subscribes to have their effect, the rest are
 * dropped with one DEBUG line and no WARN or ERROR, and a {@code /commit} still works afterwards.
 */
class SlackConformanceTest {
    private static final Duration ACK = Duration.ofSeconds(3);
    /** What Keepword acts on: these log WARNs of their own (an uninstall, a revoked token) or answer with a body. */
    private static final List<String> USED = List.of("events/MessagePayload.json", "events/MemberJoinedChannelPayload.json",
            "events/AppHomeOpenedPayload.json", "events/UserChangePayload.json", "events/AppUninstalledPayload.json",
            "events/TokensRevokedPayload.json", "interactivity/BlockActionPayload.json",
            "interactivity/ViewSubmissionPayload.json", "commands/SlashCommandPayload.json");

    private SlackHarness h;
    private FakeSocketModeServer slackSide;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private ch.qos.logback.classic.Logger botLogger;
    private Level botLevel;

    @BeforeEach
    void start() throws Exception {
        h = new SlackHarness();
        // Sam's profile now says Los Angeles: the user_change fixture must make Keepword read it again.
        h.slack.user("USAM", "Sam Rivera", "America/Los_Angeles");
        logged.start();
        root().addAppender(logged);
        // Keepword's "ignored" lines are DEBUG; the project's logback.xml keeps dev.keepword at INFO.
        botLogger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(SlackBot.class);
        botLevel = botLogger.getLevel();
        botLogger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void stop() throws Exception {
        botLogger.setLevel(botLevel);
        root().detachAppender(logged);
        h.close(); // before Slack's side, or the Socket Mode client would be reconnecting while the next test logs
        if (slackSide != null) {
            slackSide.close();
        }
    }

    private static ch.qos.logback.classic.Logger root() {
        return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** One fixture as Slack would send it to this harness: its {@code response_url}s point at the fake Slack. */
    private record Fixture(String name, String json) {
        String kind() {
            return name.substring(0, name.indexOf('/'));
        }
    }

    private List<Fixture> fixtures() throws Exception {
        List<Fixture> out = new ArrayList<>();
        for (String name : SlackFixtures.sources().keySet()) {
            String json = Files.readString(SlackFixtures.DIR.resolve(name), StandardCharsets.UTF_8)
                    .replace("https://hooks.slack.com/", h.slack.hooksUrl());
            out.add(new Fixture(name, json));
        }
        // The command first: it records commitment #1, which the Done click then closes.
        out.sort((a, b) -> Boolean.compare(!a.kind().equals("commands"), !b.kind().equals("commands")));
        assertEquals(105, out.size());
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void everyFixtureOverHttpIsAcked200WithinThreeSecondsAndHandledOrQuietlyIgnored() throws Exception {
        Map<String, String> ackBodies = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Fixture f : fixtures()) {
            int before = logCount();
            long started = System.nanoTime();

            HttpResponse<String> ack = sendOverHttp(f);

            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (ack.statusCode() != 200 || millis > ACK.toMillis()) {
                problems.add(f.name() + ": " + ack.statusCode() + " after " + millis + " ms " + ack.body());
            }
            ackBodies.put(f.name(), ack.body());
            h.bot.drain();
            checkLogs(f, before, problems);
        }

        assertEquals(List.of(), problems);
        assertEffects(ackBodies.get("interactivity/ViewSubmissionPayload.json"));
        assertStillServingOverHttp();
    }

    @Test
    void everyFixtureOverSocketModeIsAckedWithinThreeSecondsAndHandledOrQuietlyIgnored() throws Exception {
        {
            slackSide = new FakeSocketModeServer();
            h.slack.socketModeUrl(slackSide.url());
            h.bot.startSocketMode(SlackSocketModeTest.APP_TOKEN);
            slackSide.awaitConnection(SlackSocketModeTest.WAIT);
            String viewAck = null;
            List<String> problems = new ArrayList<>();
            int n = 0;
            for (Fixture f : fixtures()) {
                int before = logCount();
                String envelopeId = String.format("c0f0c0f0-%04d-4e5f-8a9b-0c1d2e3f4a5b", ++n);

                slackSide.send(envelope(envelopeId, f));

                JsonObject ack;
                try {
                    ack = slackSide.awaitAck(envelopeId, ACK); // an unsuccessful Bolt answer sends no ack at all
                } catch (AssertionError e) {
                    problems.add(f.name() + ": no ack within " + ACK);
                    continue;
                }
                if (f.name().equals("interactivity/ViewSubmissionPayload.json")) {
                    viewAck = String.valueOf(ack.get("payload"));
                }
                h.bot.drain();
                checkLogs(f, before, problems);
            }

            assertEquals(List.of(), problems);
            assertEffects(viewAck);
            String last = "c0f0c0f0-9999-4e5f-8a9b-0c1d2e3f4a5b";
            slackSide.send(envelope(last, new Fixture("commands/SlashCommandPayload.json", """
                    {"team_id":"T0001","channel_id":"C0ACME","user_id":"UMAYA","command":"/commit",
                     "text":"<@USAM|sam> send the last fixture by friday",
                     "trigger_id":"1790000100.999.fixture","response_url":"%scommands/T0001/after"}"""
                    .formatted(h.slack.hooksUrl()))));
            slackSide.awaitAck(last, ACK);
            h.bot.drain();
            assertTrue(h.slack.awaitOne("response_url", c -> c.param("path").endsWith("/after")).param("text")
                    .startsWith("Recorded *#2*"), "still serving");
        }
    }

    @Test
    void aBotMessageFromADeletedBotIsAckedWithoutAskingSlackWhoTheBotIs() throws Exception {
        // bots.info would answer bot_not_found for B0DELETED; and Slack may throttle bots.info (Tier 3). Bolt's
        // self-event middleware asked it on the ack path for every bot_id and answered 500 when it failed.
        h.slack.rateLimitNext("bots.info", 30);
        Fixture bot = fixtures().stream().filter(f -> f.name().equals("events/MessageBotPayload.json")).findFirst()
                .orElseThrow();
        int before = logCount();

        HttpResponse<String> ack = sendOverHttp(bot);
        h.bot.drain();

        assertEquals(200, ack.statusCode(), ack.body());
        assertEquals(List.of(), h.slack.calls("bots.info"), "nothing on the ack path asks Slack about the bot");
        List<String> problems = new ArrayList<>();
        checkLogs(bot, before, problems);
        assertEquals(List.of(), problems);
        assertEquals(Optional.empty(), h.wiring.sightings().lastHeard(SlackHarness.WS, "B0DELETED"));
    }

    // ---------------------------------------------------------------------------------------------------------

    private HttpResponse<String> sendOverHttp(Fixture f) throws Exception {
        return switch (f.kind()) {
            case "events" -> h.post("application/json", f.json(), h.now(), Map.of());
            case "interactivity" -> h.post("application/x-www-form-urlencoded",
                    "payload=" + URLEncoder.encode(f.json(), StandardCharsets.UTF_8), h.now(), Map.of());
            case "commands" -> h.post("application/x-www-form-urlencoded", form(f.json()), h.now(), Map.of());
            default -> throw new IllegalArgumentException(f.name());
        };
    }

    /** A command's fields as Slack form-encodes them (booleans as {@code true}/{@code false}). */
    private static String form(String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        JsonParser.parseString(json).getAsJsonObject().entrySet().forEach(e -> fields.put(e.getKey(), e.getValue().getAsString()));
        return SlackHarness.form(fields);
    }

    /** The Socket Mode envelope Slack pushes for {@code f}. */
    private static String envelope(String envelopeId, Fixture f) {
        return switch (f.kind()) {
            case "events" -> "{\"envelope_id\":\"" + envelopeId + "\",\"payload\":" + f.json()
                    + ",\"type\":\"events_api\",\"accepts_response_payload\":false,\"retry_attempt\":0,\"retry_reason\":\"\"}";
            case "interactivity" -> "{\"envelope_id\":\"" + envelopeId + "\",\"payload\":" + f.json()
                    + ",\"type\":\"interactive\",\"accepts_response_payload\":true}";
            case "commands" -> "{\"envelope_id\":\"" + envelopeId + "\",\"payload\":" + f.json()
                    + ",\"type\":\"slash_commands\",\"accepts_response_payload\":true}";
            default -> throw new IllegalArgumentException(f.name());
        };
    }

    private int logCount() {
        synchronized (logged) { // logback appends under the appender's lock
            return logged.list.size();
        }
    }

    /**
     * A fixture Keepword does not use logs exactly one DEBUG line saying so and nothing at WARN or above; one it uses
     * logs no ERROR (an uninstall or a revoked token is a WARN by design).
     */
    private void checkLogs(Fixture f, int from, List<String> problems) {
        List<ILoggingEvent> lines;
        synchronized (logged) {
            lines = List.copyOf(logged.list.subList(from, logged.list.size()));
        }
        List<String> loud = lines.stream().filter(e -> e.getLevel().isGreaterOrEqual(USED.contains(f.name()) ? Level.ERROR : Level.WARN))
                .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()).toList();
        if (!loud.isEmpty()) {
            problems.add(f.name() + " logged " + loud);
        }
        if (!USED.contains(f.name())) {
            long ignored = lines.stream().filter(e -> e.getLevel() == Level.DEBUG && e.getLoggerName().equals(SlackBot.class.getName())
                    && (e.getFormattedMessage().startsWith("Ignored") || e.getFormattedMessage().startsWith("Nothing here"))).count();
            if (ignored != 1) {
                problems.add(f.name() + ": " + ignored + " DEBUG lines saying it was ignored");
            }
        }
    }

    /** What the payloads Keepword uses did. */
    private void assertEffects(String viewSubmissionAck) throws Exception {
        assertEquals("send the fixture report", h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow().title());
        assertTrue(h.slack.awaitOne("response_url", c -> c.param("path").endsWith("/fixture-SlashCommandPayload"))
                .param("text").startsWith("Recorded *#1*"));
        // message: Lee is heard from, at the time the event happened
        assertEquals(Optional.of(Instant.ofEpochSecond(SlackFixtures.TIME)),
                h.wiring.sightings().lastHeard(SlackHarness.WS, "ULEE"));
        // member_joined_channel: Lee, a client member, is shown the working agreement privately
        FakeSlackApi.Call shown = h.slack.awaitOne("chat.postEphemeral", c -> "ULEE".equals(c.param("user")));
        assertEquals("C0ACME", shown.param("channel"));
        assertTrue(shown.param("text").startsWith("*Working agreement for #acme*"), shown.param("text"));
        // app_home_opened: Sam's App Home is published
        h.slack.awaitOne("views.publish", c -> "USAM".equals(c.param("user_id")));
        // user_change: Sam's zone is read again from users.info
        assertEquals("America/Los_Angeles", h.wiring.parties().find(SlackHarness.WS, "USAM").orElseThrow().zone().getId());
        // app_uninstalled, tokens_revoked: said once, loudly (there is one bot token here, nothing to remove)
        assertEquals(1, warnings("Keepword was uninstalled from workspace T0001"));
        assertEquals(1, warnings("Slack revoked Keepword's bot tokens in workspace T0001"));
        // block_actions: Sam's Done closes #1
        assertEquals(State.DONE, h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow().state());
        // view_submission: the empty "new commitment" modal stays open with the reason
        assertTrue(viewSubmissionAck.contains("\"response_action\":\"errors\""), viewSubmissionAck);
    }

    private long warnings(String text) {
        synchronized (logged) {
            return logged.list.stream().filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().startsWith(text)).count();
        }
    }

    private void assertStillServingOverHttp() throws Exception {
        SlackHarness.Answered after = h.command("UMAYA", SlackHarness.CHANNEL, "<@USAM> send the last fixture by friday");

        assertEquals(200, after.statusCode());
        assertTrue(after.text().startsWith("Recorded *#2*"), after.text());
    }
}
