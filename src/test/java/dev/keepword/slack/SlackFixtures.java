package dev.keepword.slack;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Makes the Slack conformance fixtures under {@code src/test/resources/slack/} from the payload samples of Slack's Java
 * SDK kept in {@code src/test/resources/slack/upstream/} (copied from slackapi/java-slack-sdk, {@code json-logs/samples/},
 * MIT). Those samples are Slack's own shapes with placeholder values ({@code ""}, {@code 123}, {@code false}); each
 * fixture keeps every field, its nesting and its JSON type, and gets values of our own: ids of the test workspace
 * ({@code T0001}, {@code U0001}, {@code C0001}), our own text, and for the payloads Keepword acts on the people and
 * channel the {@link SlackHarness} knows. No token or secret is real. Run from the project directory:
 *
 * <pre>mvn -q test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath dev.keepword.slack.SlackFixtures"</pre>
 *
 * {@code SlackFixturesTest} fails when the committed fixtures differ from what this makes, or lose a sample's shape.
 */
final class SlackFixtures {
    static final Path DIR = Path.of("src/test/resources/slack");
    static final Path UPSTREAM = DIR.resolve("upstream");
    /** Where the samples come from (recorded in SOURCES.md). */
    static final String SDK = "slackapi/java-slack-sdk";
    static final String SDK_COMMIT = "587d7d6cdfe180f4029bf41fd473e3391c05ead7";
    /** Placeholder values in the samples (besides "", 123, 12.3, 12345): replaced like empty strings. */
    private static final List<String> PLACEHOLDERS = List.of("", "0000000000.000000", "https://www.example.com/");
    /** A value {@link #OVERRIDES} uses to drop a field the sample has. */
    static final JsonElement REMOVE = new JsonPrimitive("(remove)");
    static final String TS = "1790000100.000100";
    static final long TIME = 1_790_000_100L;

    /**
     * Values for the payloads Keepword acts on (by fixture, dotted path to value), and the fields a sample has that
     * such a payload cannot have ({@link #REMOVE}): the samples are the union of every variant Slack sends, so the plain
     * {@code message} sample carries a bot's {@code bot_id} and {@code bot_profile}, which a person's message never has.
     */
    static final Map<String, Map<String, JsonElement>> OVERRIDES = new TreeMap<>(Map.of(
            "events/MessagePayload.json", values(
                    "event.channel", "C0ACME", "event.user", "ULEE", "event.team", "T0001", "event.channel_type", "channel",
                    "event.text", "Here are the signed-off fonts", "event.bot_id", REMOVE, "event.bot_profile", REMOVE),
            // A bot Slack no longer knows: bots.info answers bot_not_found for it.
            "events/MessageBotPayload.json", values("event.bot_id", "B0DELETED", "event.channel", "C0ACME",
                    "event.text", "A message from an app that was deleted since"),
            "events/MemberJoinedChannelPayload.json", values("event.user", "ULEE", "event.channel", "C0ACME",
                    "event.channel_type", "C", "event.team", "T0001", "event.inviter", "UMAYA", "event.enterprise", "E0001"),
            "events/AppHomeOpenedPayload.json", values("event.user", "USAM", "event.channel", "D0SAM", "event.tab", "home"),
            "events/UserChangePayload.json", values("event.user.id", "USAM", "event.user.tz", "America/Los_Angeles",
                    "event.user.tz_label", "Pacific Standard Time", "event.user.tz_offset", new JsonPrimitive(-28800),
                    "event.user.real_name", "Sam Rivera", "event.user.name", "sam.rivera"),
            "events/TokensRevokedPayload.json", values("event.tokens.bot[0]", "UBOT"),
            // Sam clicks Done under the nudge for commitment #1, in the DM Keepword sent.
            "interactivity/BlockActionPayload.json", values("user.id", "USAM", "team.id", "T0001",
                    "container.type", "message", "container.channel_id", "D0SAM", "container.message_ts", TS,
                    "channel.id", "D0SAM", "message.ts", TS, "actions[0].action_id", "done", "actions[0].value", "1",
                    "actions[0].type", "button", "actions[0].block_id", "line-1"),
            // Keepword's "new commitment" modal submitted with nothing filled in: it must keep the modal open with a reason.
            "interactivity/ViewSubmissionPayload.json", values("user.id", "UMAYA", "team.id", "T0001",
                    "view.callback_id", SlackViews.NEW, "view.private_metadata", "C0ACME", "view.type", "modal"),
            "commands/SlashCommandPayload.json", values("team_id", "T0001", "channel_id", "C0ACME", "channel_name", "acme",
                    "user_id", "UMAYA", "user_name", "maya", "command", "/commit",
                    "text", "<@USAM|sam> send the fixture report by friday")));

    /** Upstream sample folder → fixture folder. */
    private static final Map<String, String> FOLDERS = new LinkedHashMap<>(Map.of(
            "events", "events",
            "app-backend/interactive-components", "interactivity",
            "app-backend/views", "interactivity",
            "app-backend/dialogs", "interactivity",
            "app-backend/slash-commands", "commands"));

    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private SlackFixtures() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> files = generate();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path out = DIR.resolve(f.getKey());
            Files.createDirectories(out.getParent());
            Files.writeString(out, f.getValue(), StandardCharsets.UTF_8);
        }
        System.out.println("wrote " + files.size() + " files under " + DIR);
    }

    /** Fixture path (relative to {@link #DIR}) → its text, SOURCES.md included; the same every run. */
    static Map<String, String> generate() {
        Map<String, String> files = new TreeMap<>();
        Map<String, String> sources = sources();
        int n = 0;
        for (Map.Entry<String, String> e : sources.entrySet()) {
            JsonElement sample = read(UPSTREAM.resolve(e.getValue()));
            String fixture = e.getKey();
            Fill fill = new Fill(fixture, String.format("Ev0F%04d", ++n));
            JsonObject filled = fill.element(sample, "", "").getAsJsonObject();
            if (fixture.startsWith("events/")) {
                // As Slack sends every event_callback: one authorization, this app's bot user in the test workspace.
                set(filled, "authorizations[0].user_id", new JsonPrimitive("UBOT"));
                set(filled, "authorizations[0].is_bot", new JsonPrimitive(true));
            }
            if (fixture.startsWith("commands/") || fixture.startsWith("interactivity/")) {
                if (filled.has("trigger_id")) {
                    filled.addProperty("trigger_id", "1790000100." + n + ".fixture");
                }
            }
            OVERRIDES.getOrDefault(fixture, Map.of()).forEach((path, value) -> set(filled, path, value));
            files.put(fixture, PRETTY.toJson(filled) + "\n");
        }
        files.put("SOURCES.md", sourcesMarkdown(sources));
        return files;
    }

    /** Fixture path → the upstream sample it follows (both relative), in order. */
    static Map<String, String> sources() {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> folder : FOLDERS.entrySet()) {
            try (Stream<Path> list = Files.list(UPSTREAM.resolve(folder.getKey()))) {
                list.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted()
                        .forEach(name -> out.put(folder.getValue() + "/" + name, folder.getKey() + "/" + name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static JsonElement read(Path p) {
        try {
            return JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Fills one sample: every placeholder gets a value by its field name (and its parent's), types kept. */
    private record Fill(String fixture, String eventId) {
        JsonElement element(JsonElement sample, String key, String parent) {
            if (sample.isJsonObject()) {
                JsonObject out = new JsonObject();
                sample.getAsJsonObject().entrySet().forEach(e -> out.add(e.getKey(), element(e.getValue(), e.getKey(), key)));
                return out;
            }
            if (sample.isJsonArray()) {
                JsonArray out = new JsonArray();
                sample.getAsJsonArray().forEach(e -> out.add(element(e, key, parent)));
                return out;
            }
            if (sample.isJsonNull() || sample.getAsJsonPrimitive().isBoolean()) {
                return sample;
            }
            if (sample.getAsJsonPrimitive().isNumber()) {
                return number(sample.getAsString(), key);
            }
            String value = sample.getAsString();
            return new JsonPrimitive(PLACEHOLDERS.contains(value) ? string(key, parent, value) : value);
        }

        private String string(String key, String parent, String placeholder) {
            String stem = fixture.substring(fixture.indexOf('/') + 1, fixture.length() - ".json".length());
            return switch (key) {
                case "token" -> "fixture-verification-token-not-a-secret";
                case "bot_access_token" -> "fixture-bot-access-token-not-a-secret";
                case "secret" -> "fixture-secret-placeholder";
                case "event_id" -> eventId;
                case "event_context" -> "4-fixture-event-context";
                case "type" -> type(parent);
                case "id" -> id(parent);
                case "response_url" -> "https://hooks.slack.com/commands/T0001/fixture-" + stem;
                case "trigger_id" -> "1790000100.0.fixture";
                case "text" -> "Fixture text for " + stem;
                case "email" -> "fixture.person@keepword.example";
                case "tz" -> "Europe/London";
                case "tz_label" -> "Greenwich Mean Time";
                case "enterprise" -> "E0001";
                case "authed_users" -> "U0001";
                case "authed_teams" -> "T0001";
                case "channel_type" -> "channel";
                case "team_domain", "domain" -> "keepword-fixtures";
                case "api_app_id", "app_id" -> "A0KEEPWORD";
                case "bot_id" -> "B0001";
                case "color" -> "36a64f";
                case "value" -> "fixture-value";
                default -> byPattern(key, placeholder);
            };
        }

        private static String byPattern(String key, String placeholder) {
            if (key.endsWith("team_id") || key.equals("team") || key.endsWith("_team")) {
                return "T0001";
            }
            if (key.endsWith("enterprise_id")) {
                return "E0001";
            }
            if (key.equals("user") || key.endsWith("user_id") || key.endsWith("_user") || key.equals("inviter")
                    || key.equals("creator") || key.equals("last_editor") || key.equals("created_by")
                    || key.equals("author_id") || key.equals("actor_id")) {
                return "U0001";
            }
            if (key.equals("channel") || key.endsWith("channel_id") || key.endsWith("_channel")
                    || key.endsWith("_conversation")) {
                return "C0001";
            }
            if (key.equals("ts") || key.endsWith("_ts") || key.equals("latest_reply") || key.equals("last_read")) {
                return TS;
            }
            if (placeholder.startsWith("https://") || key.contains("url") || key.contains("permalink")
                    || key.startsWith("image_") || key.startsWith("thumb_") || key.startsWith("icon")) {
                return "https://keepword.example/fixtures/" + key;
            }
            if (key.endsWith("_date") || key.equals("date")) {
                return "2026-11-27";
            }
            if (key.endsWith("_time")) {
                return "09:30";
            }
            if (key.endsWith("name") || key.equals("title") || key.equals("label")) {
                return "Fixture " + key.replace('_', ' ');
            }
            return "fixture-" + key.replace('_', '-');
        }

        private static String type(String parent) {
            return switch (parent) {
                case "" -> "event_callback"; // the only placeholder "type" at the top: the Events API envelope
                case "container", "message", "original_message", "root" -> "message";
                case "view" -> "modal";
                case "actions" -> "button";
                case "title", "submit", "close", "text", "placeholder" -> "plain_text";
                default -> "fixture";
            };
        }

        private static String id(String parent) {
            return switch (parent) {
                case "user", "enterprise_user" -> "U0001";
                case "team" -> "T0001";
                case "enterprise" -> "E0001";
                case "authed_users" -> "U0001";
                case "authed_teams" -> "T0001";
                case "channel_type" -> "channel";
                case "channel" -> "C0001";
                case "bot_profile" -> "B0001";
                case "view" -> "V0001";
                case "file", "files", "slack_file", "list" -> "F0001";
                case "app" -> "A0001";
                case "subteam" -> "S0001";
                case "room" -> "R0001";
                case "comment", "initial_comment" -> "Fc0001";
                default -> parent.isEmpty() ? "X0001" : "fixture-" + parent.replace('_', '-') + "-1";
            };
        }

        private static JsonPrimitive number(String sample, String key) {
            if (sample.contains(".")) {
                return new JsonPrimitive(1.5);
            }
            String k = key.toLowerCase();
            if (k.contains("time") || k.contains("date") || k.contains("created") || k.contains("updated")
                    || k.equals("timestamp") || k.endsWith("_ts")) {
                return new JsonPrimitive(TIME);
            }
            if (k.contains("width") || k.contains("height") || k.endsWith("_w") || k.endsWith("_h")) {
                return new JsonPrimitive(64);
            }
            if (k.contains("size") || k.contains("bytes")) {
                return new JsonPrimitive(2048);
            }
            if (k.contains("offset")) {
                return new JsonPrimitive(0);
            }
            return new JsonPrimitive(1);
        }
    }

    private static Map<String, JsonElement> values(Object... pairs) {
        Map<String, JsonElement> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1] instanceof JsonElement e ? e : new JsonPrimitive((String) pairs[i + 1]));
        }
        return out;
    }

    /** Sets (or with {@link #REMOVE} removes) the field at a dotted path such as {@code actions[0].value}; it must exist. */
    static void set(JsonObject root, String path, JsonElement value) {
        String[] parts = path.split("\\.");
        JsonElement at = root;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            int index = -1;
            if (part.endsWith("]")) {
                index = Integer.parseInt(part.substring(part.indexOf('[') + 1, part.length() - 1));
                part = part.substring(0, part.indexOf('['));
            }
            JsonObject o = at.getAsJsonObject();
            if (!o.has(part)) {
                throw new IllegalArgumentException("no field " + path + " in the sample");
            }
            boolean last = i == parts.length - 1;
            if (last && index < 0) {
                if (value == REMOVE) {
                    o.remove(part);
                } else {
                    o.add(part, value);
                }
                return;
            }
            if (last) {
                o.getAsJsonArray(part).set(index, value);
                return;
            }
            at = index < 0 ? o.get(part) : o.getAsJsonArray(part).get(index);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String sourcesMarkdown(Map<String, String> sources) {
        StringBuilder md = new StringBuilder();
        md.append("""
                # Slack conformance fixtures: where they come from

                Generated by `src/test/java/dev/keepword/slack/SlackFixtures.java`; do not edit by hand. `SlackFixturesTest`
                fails when a file here differs from what the generator makes, or a fixture loses its sample's shape.

                **Source.** Each fixture follows one payload sample of Slack's Java SDK: repository `%s`, folder
                `json-logs/samples/` at commit `%s` (the SDK's own record of the payloads Slack sends; MIT licence, see
                `upstream/LICENSE`). Those samples are kept unchanged in `upstream/` so the fixtures can be made again from
                files in this project alone:

                ```sh
                mvn -q test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \\
                    -Dexec.args="-cp %%classpath dev.keepword.slack.SlackFixtures"
                ```

                **How.** The samples hold Slack's field names, nesting and JSON types with placeholder values (`""`, `123`,
                `12.3`, `false`, `0000000000.000000`, `https://www.example.com/`). Each fixture keeps every field, its nesting,
                array lengths and its JSON type, and replaces the placeholders with values of our own, chosen by field name:
                workspace `T0001`, user `U0001`, channel `C0001`, app `A0KEEPWORD`, timestamps `1790000100`, our own text,
                `https://keepword.example/…` URLs. Type names the sample already fixes (`message`, `plain_text`, `bot_message`,
                …) are kept. Tokens are placeholders that say so; nothing was copied from a real payload. Each event gets its
                own `event_id` (`Ev0F0001`…) and is the whole `event_callback` envelope Slack posts; interactivity fixtures
                are the `payload` JSON Slack form-encodes; the command fixture holds the form fields (Socket Mode sends the
                same fields as JSON).

                **Payloads Keepword acts on** get the people and channel of the test workspace (`SlackHarness`): Lee's
                message in the engagement channel `C0ACME`, Lee joining it, Sam opening the App Home, Sam's profile moving to
                Los Angeles, the bot token revoked, Sam clicking *Done* on commitment #1, Maya submitting an empty "new
                commitment" modal, Maya's `/commit`. `bot_message` comes from `B0DELETED`, a bot `bots.info` no longer knows.
                Two fields are dropped because the sample is the union of several variants: the plain `message` sample
                carries a bot's `bot_id` and `bot_profile`, which a person's message never has.

                | fixture | sample (`json-logs/samples/…`) | values set for Keepword |
                | --- | --- | --- |
                """.formatted(SDK, SDK_COMMIT));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Map<String, JsonElement> o = OVERRIDES.getOrDefault(e.getKey(), Map.of());
            List<String> set = new ArrayList<>();
            o.forEach((k, v) -> set.add(v == REMOVE ? "~~`" + k + "`~~" : "`" + k + "`"));
            md.append("| `").append(e.getKey()).append("` | `").append(e.getValue()).append("` | ")
                    .append(String.join(", ", set)).append(" |\n");
        }
        return md.toString();
    }
}
