package dev.keepword.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The conformance fixtures are what {@link SlackFixtures} makes from Slack's own samples, and keep each sample's shape:
 * every field, its nesting and JSON type, with values of our own. {@code SlackConformanceTest} then sends them.
 */
class SlackFixturesTest {

    @Test
    void theCommittedFixturesAreWhatTheGeneratorMakesFromTheSamplesInTheProject() throws IOException {
        Map<String, String> made = SlackFixtures.generate();

        List<String> committed;
        try (Stream<Path> files = Files.walk(SlackFixtures.DIR)) {
            committed = files.filter(Files::isRegularFile).map(p -> SlackFixtures.DIR.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith("upstream/")).sorted().toList();
        }
        assertEquals(made.keySet().stream().sorted().toList(), committed, "no fixture missing, none left over");
        for (Map.Entry<String, String> f : made.entrySet()) {
            assertEquals(f.getValue(), Files.readString(SlackFixtures.DIR.resolve(f.getKey()), StandardCharsets.UTF_8),
                    f.getKey() + " differs from what SlackFixtures makes; run it again");
        }
    }

    @Test
    void everySampleHasAFixtureEveryEventTypeAndInteractionIncluded() {
        Map<String, String> sources = SlackFixtures.sources();

        assertEquals(105, sources.size(), sources.keySet().toString()); // 96 events, 8 interactivity, 1 command
        assertEquals(96, sources.keySet().stream().filter(k -> k.startsWith("events/")).count());
        assertEquals(Set.of("AttachmentActionPayload.json", "BlockActionPayload.json", "MessageShortcutPayload.json",
                        "DialogCancellationPayload.json", "DialogSubmissionPayload.json", "DialogSuggestionPayload.json",
                        "ViewClosedPayload.json", "ViewSubmissionPayload.json"),
                sources.keySet().stream().filter(k -> k.startsWith("interactivity/")).map(k -> k.substring(k.indexOf('/') + 1))
                        .collect(Collectors.toSet()));
        assertEquals(Set.of("commands/SlashCommandPayload.json"),
                sources.keySet().stream().filter(k -> k.startsWith("commands/")).collect(Collectors.toSet()));
    }

    @Test
    void eachFixtureHasItsSamplesFieldsNestingAndTypesWithValuesOfItsOwn() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : SlackFixtures.sources().entrySet()) {
            JsonElement sample = SlackFixtures.read(SlackFixtures.UPSTREAM.resolve(e.getValue()));
            JsonElement fixture = SlackFixtures.read(SlackFixtures.DIR.resolve(e.getKey()));
            Set<String> removed = SlackFixtures.OVERRIDES.getOrDefault(e.getKey(), Map.of()).entrySet().stream()
                    .filter(o -> o.getValue() == SlackFixtures.REMOVE).map(Map.Entry::getKey).collect(Collectors.toSet());
            compare(e.getKey(), "", sample, fixture, removed, problems);
        }

        assertEquals(List.of(), problems);
    }

    /** Records where {@code fixture} differs from {@code sample} in shape, or still holds a placeholder. */
    private static void compare(String file, String path, JsonElement sample, JsonElement fixture, Set<String> removed,
                                List<String> problems) {
        String at = file + " " + (path.isEmpty() ? "(top)" : path);
        if (sample.isJsonObject()) {
            if (!fixture.isJsonObject()) {
                problems.add(at + ": an object in the sample");
                return;
            }
            JsonObject s = sample.getAsJsonObject();
            JsonObject f = fixture.getAsJsonObject();
            for (String key : s.keySet()) {
                String child = path.isEmpty() ? key : path + "." + key;
                if (removed.contains(child)) {
                    if (f.has(key)) {
                        problems.add(file + " " + child + ": should have been removed");
                    }
                } else if (!f.has(key)) {
                    problems.add(file + " " + child + ": missing");
                } else {
                    compare(file, child, s.get(key), f.get(key), removed, problems);
                }
            }
            f.keySet().stream().filter(k -> !s.has(k)).forEach(k -> problems.add(at + ": extra field " + k));
        } else if (sample.isJsonArray()) {
            if (!fixture.isJsonArray() || fixture.getAsJsonArray().size() != sample.getAsJsonArray().size()) {
                problems.add(at + ": an array of " + sample.getAsJsonArray().size() + " in the sample");
                return;
            }
            for (int i = 0; i < sample.getAsJsonArray().size(); i++) {
                compare(file, path + "[" + i + "]", sample.getAsJsonArray().get(i), fixture.getAsJsonArray().get(i), removed,
                        problems);
            }
        } else if (sample.isJsonNull()) {
            if (!fixture.isJsonNull()) {
                problems.add(at + ": null in the sample");
            }
        } else if (!fixture.isJsonPrimitive() || kind(sample) != kind(fixture)) {
            problems.add(at + ": a " + kind(sample) + " in the sample, " + fixture + " here");
        } else if (fixture.getAsJsonPrimitive().isString()) {
            String v = fixture.getAsString();
            if (v.isEmpty() || v.equals("0000000000.000000") || v.equals("https://www.example.com/")) {
                problems.add(at + ": still the sample's placeholder");
            }
            if (v.matches("xox[abpre]-.*") || v.startsWith("xapp-")) {
                problems.add(at + ": looks like a Slack token");
            }
        } else if (fixture.getAsJsonPrimitive().isNumber() && List.of("123", "12.3", "12345").contains(fixture.getAsString())) {
            problems.add(at + ": still the sample's placeholder number");
        }
    }

    private static String kind(JsonElement e) {
        return e.getAsJsonPrimitive().isString() ? "string" : e.getAsJsonPrimitive().isNumber() ? "number" : "boolean";
    }

    @Test
    void theShapeCheckNoticesAMissingFieldAWrongTypeAndAPlaceholder() {
        // The comparison above must be able to fail: one of each fault, on a small sample.
        JsonElement sample = com.google.gson.JsonParser.parseString("{\"a\":\"\",\"b\":{\"c\":123},\"d\":[\"\"]}");
        JsonElement fixture = com.google.gson.JsonParser.parseString("{\"a\":\"\",\"b\":{\"c\":\"7\"},\"e\":1}");
        List<String> problems = new ArrayList<>();

        compare("x.json", "", sample, fixture, Set.of(), problems);

        assertEquals(List.of("x.json a: still the sample's placeholder", "x.json b.c: a number in the sample, \"7\" here",
                "x.json d: missing", "x.json (top): extra field e"), problems);
    }
}
