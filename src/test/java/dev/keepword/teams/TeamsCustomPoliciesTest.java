package dev.keepword.teams;

import dev.keepword.CustomPolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static dev.keepword.teams.TeamsHarness.MAYA;
import static dev.keepword.teams.TeamsHarness.SAM;
import static dev.keepword.teams.TeamsHarness.chatOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Teams mode started from the environment reads the operator's ladders and templates from KEEPWORD_CONFIG_DIR. */
class TeamsCustomPoliciesTest {

    @Test
    void anOperatorsOwnLaddersAndTemplatesFromTheConfigFolderWordAndClimbInTeams(@TempDir Path config) throws Exception {
        try (TeamsHarness h = TeamsHarness.fromEnvironment(CustomPolicies.write(config))) {
            h.install();
            assertEquals(200, h.setup().statusCode());
            assertEquals(200, h.post(h.inChannel(MAYA, "Maya Okafor", "commit <at>Sam Rivera</at> send the logo files "
                    + "by wednesday kind:input", SAM, "Sam Rivera")).statusCode());

            h.wiring.simulatedTime().advanceTo(Instant.parse("2026-11-30T15:00:00Z")); // Monday (Maya heard Sam went quiet on Friday, so the check-in waits for her Monday message): due Wednesday; the +1 rung
            // waits until Sam had 2 working days to answer his "due today" reminder

            List<String> toSam = cardTexts(h, SAM);
            List<String> toMaya = cardTexts(h, MAYA);
            assertTrue(toSam.stream().anyMatch(t -> t.contains(CustomPolicies.DUE_TODAY) && t.contains("send the logo files")),
                    toSam.toString());
            assertTrue(toMaya.stream().anyMatch(t -> t.contains(CustomPolicies.CHECK_IN) && t.contains("send the logo files")),
                    toMaya.toString());
            assertTrue(toMaya.stream().noneMatch(t -> t.contains("hasn't answered about")), toMaya.toString());
        }
    }

    /** The text of every activity sent to one person's 1:1 chat. */
    private static List<String> cardTexts(TeamsHarness h, String user) {
        return h.connector.calls("POST", "/v3/conversations/" + chatOf(user) + "/activities").stream()
                .map(c -> c.cardText() + " " + c.body().path("text").asText("")).toList();
    }
}
