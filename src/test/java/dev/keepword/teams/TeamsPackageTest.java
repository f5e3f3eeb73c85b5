package dev.keepword.teams;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TeamsPackageTest {

    @Test
    void buildsTheAppPackageWithTheAppIdFilledIn(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("keepword-teams.zip");

        TeamsPackage.build(Path.of("config/teams"), zip, Map.of("TEAMS_APP_ID", "5b6a1c3e-0d1f-4b7a-9a31-6c2d9e8f7a10",
                "KEEPWORD_TEAMS_HOST", "keepword.example.org"));

        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertEquals(3, z.size());
            String manifest = new String(z.getInputStream(z.getEntry("manifest.json")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(manifest.contains("\"botId\": \"5b6a1c3e-0d1f-4b7a-9a31-6c2d9e8f7a10\""), manifest);
            assertTrue(manifest.contains("\"validDomains\": [\"keepword.example.org\"]"), manifest);
            assertFalse(manifest.contains("{{"));
            var color = javax.imageio.ImageIO.read(z.getInputStream(z.getEntry("color.png")));
            var outline = javax.imageio.ImageIO.read(z.getInputStream(z.getEntry("outline.png")));
            assertEquals(192, color.getWidth());
            assertEquals(192, color.getHeight());
            assertEquals(32, outline.getWidth());
            assertEquals(32, outline.getHeight());
        }
    }
}
