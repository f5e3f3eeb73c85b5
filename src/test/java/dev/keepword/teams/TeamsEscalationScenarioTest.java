package dev.keepword.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keepword.Keepword;
import dev.keepword.Wiring;
import dev.keepword.app.MutableClock;
import dev.keepword.config.Settings;
import dev.keepword.domain.Agreement;
import dev.keepword.store.Database;
import dev.keepword.Serving;
import dev.keepword.TeamsSurface;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.keepword.teams.TeamsHarness.ACME;
import static dev.keepword.teams.TeamsHarness.APP_ID;
import static dev.keepword.teams.TeamsHarness.BOT;
import static dev.keepword.teams.TeamsHarness.INTERNAL;
import static dev.keepword.teams.TeamsHarness.LEE;
import static dev.keepword.teams.TeamsHarness.MAYA;
import static dev.keepword.teams.TeamsHarness.PASSWORD;
import static dev.keepword.teams.TeamsHarness.SAM;
import static dev.keepword.teams.TeamsHarness.TEAM;
import static dev.keepword.teams.TeamsHarness.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The serial-defaulter scenario of {@code dev.keepword.console.EscalationScenariosTest}, played twice from the same
 * script: once through the console entry point, once through the Teams adapter (signed activities posted to the real
 * HTTP server with the real JWT checks, simulated time driving the real dispatcher and {@link TeamsChat} against the
 * fake Bot Connector). What the fake connector received is turned into console lines and must equal, line for line,
 * what the console printed: the same messages, to the same people and channels, at the same local times.
 *
 * <p>The two surfaces render differently; these are the only translations, each made explicit below:
 * <ul>
 *   <li><b>Recipient tag.</b> A card posted to {@code a:chat-<id>} (a person's 1:1 chat with the bot) is
 *   {@code [DM @handle]}; a post to the Acme Internal channel is {@code [#acme-internal]}. Teams has no ephemeral
 *   messages: what the console prints as {@code [private @speaker]} is, in Teams, the reply to the speaker's activity
 *   (or a card in the speaker's own 1:1 chat while their activity is handled).</li>
 *   <li><b>Local time.</b> The console prefixes a message the engine delivers to a person with the simulated time it
 *   went out, in the reader's zone; a card carries no time, so the test notes the simulated clock at each request the
 *   fake connector receives (an OkHttp interceptor on Keepword's client) and adds the same prefix to cards sent while
 *   simulated time advances. Cards sent while an activity is handled are command answers, printed without a time.</li>
 *   <li><b>Card text.</b> One TextBlock per line, joined with {@code " | "}; a line's {@code Action.Execute} buttons
 *   become the console's {@code [Label: /commit …]}; {@code <at>Name</at>} mentions become {@code @handle} through
 *   the card's mention entities; bold {@code **#Channel**} references become {@code #channel}; the Adaptive Card
 *   markdown escapes ({@code \(}, {@code **}) are undone. HTML entities are left alone: both surfaces use them.</li>
 *   <li><b>Clock lines.</b> {@code [console] Clock: …} is the console echoing {@code /clock}; the Teams run writes
 *   the same marker after each advance, so channel posts (which carry no time) are placed between the same two.</li>
 * </ul>
 * Console-only setup (the seeded demo workspace) is done in Teams with activities: Sam and Lee install the app in
 * their personal scope (their {@code localTimezone}: New York, Berlin), the bot is installed in the team, and Maya sets
 * #Acme up in the channel (London; named "acme" as the demo names it: without {@code name}, a Teams engagement is
 * called by its channel key, e.g. "#cu545ozs2m7htgiu6 so far" in a status). What those produce is not part of the script.
 */
class TeamsEscalationScenarioTest {
    private static final Instant MONDAY_MORNING = Instant.parse("2026-11-23T10:00:00Z");
    /** As in the console test: DMs, escalation-channel posts (not summaries) and the clock. */
    private static final Pattern TOLD = Pattern.compile(
            "^(\\[DM @\\w+] .*|\\[#[\\w-]+-internal] Escalation: .*|\\[console] Clock: .*)$");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH);
    private static final Pattern MENTION = Pattern.compile("@(\\w+)");

    /** The serial defaulter's script, verbatim from the console scenario. */
    private static final String SERIAL_DEFAULTER = """
            /commit @sam send the logo by tuesday kind:input
            /commit @sam send the copy by wednesday kind:input
            /commit @sam send the photos by thursday kind:input
            /clock 2026-11-25T16:00:00Z
            /as @sam
            /commit done 1
            /clock 2026-11-26T16:00:00Z
            /commit done 2
            /clock 2026-11-27T16:00:00Z
            /commit done 3
            /as @maya
            /commit @sam approve the sitemap by 2026-12-03 kind:approval
            /clock 2026-12-08T09:29:00Z
            /clock 2026-12-08T09:30:00Z
            /commit status @sam
            """;

    /** The console's handles for the Teams people. */
    private static final Map<String, String> HANDLES = Map.of(MAYA, "maya", SAM, "sam", LEE, "lee");
    private static final Map<String, String> NAMES = Map.of("maya", "Maya Okafor", "sam", "Sam Rivera", "lee", "Lee Becker");
    private static final Map<String, String> TEAMS_IDS = Map.of("maya", MAYA, "sam", SAM, "lee", LEE);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(MONDAY_MORNING);
    /** The simulated instant of every request Keepword made to the Bot Connector (not the token endpoint), in order. */
    private final List<Instant> requestTimes = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger ids = new AtomicInteger();
    private FakeBotConnector connector;
    private FakeBotIdentity identity;
    private Wiring wiring;
    private TeamsReferences refs;
    private TeamsBot bot;
    private Serving serving;

    @AfterEach
    void stop() {
        if (serving != null) {
            serving.close();
        }
        if (connector != null) {
            connector.close();
        }
        if (identity != null) {
            identity.close();
        }
    }

    @Test
    void theSerialDefaulterClimbsTheSameLadderInTeamsAsInTheConsole() throws Exception {
        List<String> console = told(console(SERIAL_DEFAULTER));
        // The console's own test pins this list; a sanity check that the comparison below is about the whole ladder.
        assertEquals(22, console.size(), String.join("\n", console));
        assertTrue(console.contains("[#acme-internal] Escalation: #4 approve the sitemap, owed by @sam to @maya, is 3 working"
                + " days late (due Thu 3 Dec 22:00 (Europe/London)). So far: timeline +6 working days."), String.join("\n", console));

        startTeams();
        List<String> teams = teams(SERIAL_DEFAULTER);

        // Messages to different people due at the same instant (Fri 4 Dec 14:30 London: Sam's reminder and Maya's
        // "gone quiet") go out in one batch in no promised order; the same messages, each as often.
        assertEquals(String.join("\n", console.stream().sorted().toList()),
                String.join("\n", told(teams).stream().sorted().toList()));
        assertEquals(List.of("[private @maya] @sam: serial defaulter · reliability 0 of 4 on time (0%) · 1 open, 1 overdue"
                + " | • #4 approve the sitemap — due Thu 3 Dec 22:00 (Europe/London), 3 working days late (timeline +3 working days); 4 reminders sent, the last Mon 7 Dec 14:30"
                + " (Europe/London); escalation post sent Tue 8 Dec 09:30 (Europe/London)"
                + " | #acme so far: timeline +6 working days."), replies(teams, "[private @maya] @sam: "));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The Teams side

    private void startTeams() throws Exception {
        connector = new FakeBotConnector();
        identity = new FakeBotIdentity();
        String service = connector.serviceUrl();
        OkHttpClient ok = new OkHttpClient.Builder().addInterceptor(chain -> {
            if (chain.request().url().toString().startsWith(service)) {
                synchronized (requestTimes) {
                    requestTimes.add(clock.now());
                }
            }
            return chain.proceed(chain.request());
        }).build();
        Database database = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        TeamsSurface surface = TeamsSurface.of(APP_ID, PASSWORD, connector.tokenUrl(), identity.openIdUrl(), ok, database,
                clock, TeamsChat.Limits.DEFAULT);
        serving = Serving.assemble(database, clock, Wiring.Policies.of(Agreement.DEFAULT), List.of(surface))
                .open("127.0.0.1", 0, null);
        wiring = serving.wiring();
        refs = surface.references();
        bot = surface.bot();

        // The demo workspace, built the Teams way: Sam and Lee have the app in their personal scope (which tells
        // Keepword their zones without counting as hearing from them), the bot joins the team, Maya sets #Acme up.
        for (String who : List.of("sam", "lee")) {
            ObjectNode personal = activity("installationUpdate", who, chatOf(who), "personal");
            personal.put("action", "add");
            personal.put("localTimezone", "sam".equals(who) ? "America/New_York" : "Europe/Berlin");
            ok(post(personal));
        }
        connector.channel(TEAM, TEAM, null).channel(TEAM, ACME, "Acme").channel(TEAM, INTERNAL, "Acme Internal");
        connector.member(TEAM, MAYA, "Maya Okafor", "aad-maya").member(TEAM, SAM, "Sam Rivera", "aad-sam")
                .member(TEAM, LEE, "Lee Becker", "aad-lee");
        ObjectNode install = activity("installationUpdate", "maya", TEAM, "channel");
        install.put("action", "add");
        ok(post(install));
        ObjectNode setup = inChannel("maya", "commit setup client @sam @lee owner @maya escalate Acme Internal tz Europe/London name acme");
        setup.put("localTimezone", "Europe/London");
        ok(post(setup));
        assertTrue(wiring.engagements().byChannel(TENANT, TeamsReferences.channelKey(ACME)).isPresent(),
                () -> "no engagement: " + connector.calls());
        assertEquals("America/New_York", zone("sam").getId());
        assertEquals("Europe/London", zone("maya").getId());
    }

    /** Plays the script through Teams; returns what the fake connector received, as console lines, in order. */
    private List<String> teams(String script) throws Exception {
        List<String> out = new ArrayList<>();
        int seen = connector.calls().size();
        String speaker = "maya";
        for (String line : script.strip().split("\n")) {
            line = line.strip();
            if (line.startsWith("/as @")) {
                speaker = line.substring("/as @".length());
            } else if (line.startsWith("/clock ")) {
                Instant to = Instant.parse(line.substring("/clock ".length()));
                wiring.simulatedTime().advanceTo(to);
                seen = transcribe(seen, null, out);
                out.add("[console] Clock: " + CLOCK.format(to.atZone(ZoneId.of("UTC"))) + " UTC.");
            } else if (line.startsWith("/commit ")) {
                ok(post(inChannel(speaker, line.substring(1))));
                seen = transcribe(seen, speaker, out);
            } else {
                throw new IllegalArgumentException("not in this script language: " + line);
            }
        }
        return out;
    }

    /**
     * Turns the connector calls from {@code from} on into console lines; {@code speaker} is whose activity was being
     * handled (null while simulated time advanced, when the engine was sending).
     */
    private int transcribe(int from, String speaker, List<String> out) {
        List<FakeBotConnector.Call> calls = connector.calls();
        List<Instant> times;
        synchronized (requestTimes) {
            times = List.copyOf(requestTimes);
        }
        assertEquals(calls.size(), times.size(), "every connector call was made by Keepword's client: " + calls);
        for (int i = from; i < calls.size(); i++) {
            FakeBotConnector.Call c = calls.get(i);
            Matcher m = Pattern.compile("^/v3/conversations/([^/]+)/activities(/[^/]+)?$").matcher(c.path());
            if (!c.method().equals("POST") || !m.matches()) {
                continue; // member and channel lookups, conversation creation
            }
            String conversation = TeamsReferences.baseConversation(m.group(1));
            boolean replyToActivity = m.group(2) != null;
            String tag;
            if (conversation.equals(INTERNAL)) {
                tag = "[#acme-internal]";
            } else if (conversation.equals(ACME)) {
                tag = replyToActivity ? "[private @" + speaker + "]" : "[#acme]";
            } else if (conversation.startsWith("a:chat-")) {
                String handle = handle(conversation.substring("a:chat-".length()));
                if (speaker == null) {
                    ZoneId zone = zone(handle);
                    tag = "[DM @" + handle + "] (" + LOCAL.format(times.get(i).atZone(zone)) + " " + zone.getId() + ")";
                } else {
                    tag = (handle.equals(speaker) ? "[private @" : "[DM @") + handle + "]";
                }
            } else {
                throw new AssertionError("a post to a conversation this scenario does not have: " + c);
            }
            String text = text(c.card());
            if (!text.isEmpty()) {
                out.add(tag + " " + text);
            }
        }
        return calls.size();
    }

    /** A card as the console's one line: TextBlocks joined with " | ", each followed by its buttons as commands. */
    private String text(JsonNode card) {
        Map<String, String> mentions = new LinkedHashMap<>();
        card.path("msteams").path("entities").forEach(e -> mentions.put(e.path("text").asText(),
                "@" + handle(e.path("mentioned").path("id").asText())));
        List<String> lines = new ArrayList<>();
        for (JsonNode block : card.path("body")) {
            String type = block.path("type").asText();
            if (type.equals("TextBlock")) {
                lines.add(markdown(block.path("text").asText(), mentions));
            } else if (type.equals("ActionSet")) {
                StringBuilder last = new StringBuilder(lines.remove(lines.size() - 1));
                for (JsonNode a : block.path("actions")) {
                    assertEquals("Action.Execute", a.path("type").asText(), a.toString());
                    assertEquals("Action.Submit", a.path("fallback").path("type").asText(), a.toString());
                    last.append(" [").append(a.path("title").asText()).append(": ")
                            .append(command(a.path("verb").asText(), a.path("data").path("value").asText())).append(']');
                }
                lines.add(last.toString());
            }
        }
        return String.join(" | ", lines);
    }

    /** What the console prints for a button, since a terminal has nothing to click (ConsoleText's table). */
    private static String command(String verb, String value) {
        return switch (verb) {
            case "done" -> "/commit done " + value;
            case "move" -> "/commit move " + value + " WHEN because REASON";
            case "blocked" -> "/commit blocked " + value + " REASON";
            case "notmine" -> "/commit notmine " + value;
            case "snooze" -> "/commit snooze " + value + " tomorrow";
            case "agree" -> "/commit agree";
            default -> "/commit " + verb + " " + value;
        };
    }

    /** Adaptive Card markdown to console text: mentions and channel references by console name, bold and escapes undone. */
    private String markdown(String text, Map<String, String> mentions) {
        for (Map.Entry<String, String> e : mentions.entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> ch : Map.of(ACME, "acme", INTERNAL, "acme-internal").entrySet()) {
            String key = TeamsReferences.channelKey(ch.getKey());
            String shown = refs.conversation(TENANT, key).map(TeamsReferences.Conversation::name).orElse(key);
            text = text.replace("**#" + TeamsCards.escape(shown) + "**", "#" + ch.getValue());
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                out.append(text.charAt(++i));
            } else if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private String handle(String teamsId) {
        String h = HANDLES.get(teamsId);
        if (h == null) {
            throw new AssertionError("a Teams id this scenario does not have: " + teamsId);
        }
        return h;
    }

    private ZoneId zone(String handle) {
        return wiring.parties().find(TENANT, TeamsReferences.userKey(TEAMS_IDS.get(handle))).orElseThrow().zone();
    }

    private static String chatOf(String handle) {
        return TeamsHarness.chatOf(TEAMS_IDS.get(handle));
    }

    private ObjectNode activity(String type, String handle, String conversationId, String conversationType) {
        String from = TEAMS_IDS.get(handle);
        ObjectNode a = json.createObjectNode();
        a.put("type", type);
        a.put("id", "1" + String.format("%012d", ids.incrementAndGet()));
        a.put("timestamp", clock.now().toString());
        a.put("serviceUrl", connector.serviceUrl());
        a.put("channelId", "msteams");
        a.putObject("from").put("id", from).put("name", NAMES.get(handle)).put("aadObjectId", "aad-" + handle);
        a.putObject("conversation").put("id", conversationId).put("conversationType", conversationType).put("tenantId", TENANT);
        a.putObject("recipient").put("id", BOT).put("name", "Keepword");
        ObjectNode channelData = a.putObject("channelData");
        channelData.putObject("tenant").put("id", TENANT);
        if ("channel".equals(conversationType)) {
            channelData.putObject("team").put("id", TEAM);
            channelData.putObject("channel").put("id", TeamsReferences.baseConversation(conversationId));
        }
        a.putArray("entities");
        return a;
    }

    /** {@code @Keepword <text>} in #Acme, each {@code @handle} in the text a Teams mention of that person. */
    private ObjectNode inChannel(String handle, String text) {
        ObjectNode a = activity("message", handle, ACME + ";messageid=" + (1_700_000_000_000L + ids.get()), "channel");
        ArrayNode entities = (ArrayNode) a.get("entities");
        addMention(entities, BOT, "Keepword");
        Matcher m = MENTION.matcher(text);
        StringBuilder html = new StringBuilder("<at>Keepword</at> ");
        while (m.find()) {
            String name = NAMES.get(m.group(1));
            m.appendReplacement(html, Matcher.quoteReplacement("<at>" + name + "</at>"));
            addMention(entities, TEAMS_IDS.get(m.group(1)), name);
        }
        m.appendTail(html);
        a.put("text", html.toString());
        return a;
    }

    private static void addMention(ArrayNode entities, String id, String name) {
        ObjectNode mention = entities.addObject();
        mention.put("type", "mention");
        mention.put("text", "<at>" + name + "</at>");
        mention.putObject("mentioned").put("id", id).put("name", name);
    }

    private HttpResponse<String> post(JsonNode activity) throws Exception {
        String jwt = identity.sign(FakeBotIdentity.claims(APP_ID, connector.serviceUrl(), clock.now()).build());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serving.port()
                        + "/api/messages")).header("Content-Type", "application/json").header("Authorization", "Bearer " + jwt)
                .POST(HttpRequest.BodyPublishers.ofString(activity.toString())).build(), HttpResponse.BodyHandlers.ofString());
        bot.drain(); // handled after the answer, on the bot's inbox thread
        return response;
    }

    private static void ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The console side, as EscalationScenariosTest runs it

    private static List<String> told(List<String> out) {
        return out.stream().filter(l -> TOLD.matcher(l).matches()).toList();
    }

    private static List<String> replies(List<String> out, String prefix) {
        return out.stream().filter(l -> l.startsWith(prefix)).toList();
    }

    /** The console entry point on a file database, from Monday morning, as the console scenarios run it. */
    private List<String> console(String script) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        String db = "jdbc:h2:file:" + dir.resolve("keepword").toAbsolutePath() + ";WRITE_DELAY=500";
        int code;
        try {
            Method run = Keepword.class.getDeclaredMethod("run", String[].class, InputStream.class, PrintStream.class,
                    PrintStream.class, Settings.class);
            run.setAccessible(true);
            code = (int) run.invoke(null, new String[] {"console", "--db", db, "--now", MONDAY_MORNING.toString()},
                    new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8),
                    Settings.of(Map.of("KEEPWORD_OUT_DIR", dir.resolve("out").toString())));
        } catch (InvocationTargetException e) {
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        assertEquals(0, code, () -> stderr.toString(StandardCharsets.UTF_8));
        return stdout.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
