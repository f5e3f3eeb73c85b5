package dev.keepword.teams;

import io.github.cdimascio.dotenv.Dotenv;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds the Teams app package to upload in Teams: {@code manifest.json} (from {@code config/teams/}, with
 * {@code TEAMS_APP_ID} and {@code KEEPWORD_TEAMS_HOST} filled in) and the two icons, zipped at the top level.
 * Run with {@code mvn -q compile exec:java@teams-package}; reads {@code .env} and the environment like Keepword does.
 */
public final class TeamsPackage {
    static final String[] FILES = {"manifest.json", "color.png", "outline.png"};

    private TeamsPackage() {
    }

    public static void main(String[] args) throws IOException {
        Dotenv env = Dotenv.configure().ignoreIfMissing().load(); // the environment wins over .env
        String appId = value(env, "TEAMS_APP_ID");
        if (appId == null) {
            System.err.println("Set TEAMS_APP_ID (the Azure Bot's Microsoft App ID) in .env or the environment first.");
            System.exit(2);
            return;
        }
        String host = value(env, "KEEPWORD_TEAMS_HOST");
        Path source = Path.of(args.length > 0 ? args[0] : "config/teams");
        Path out = Path.of(args.length > 1 ? args[1] : "target/keepword-teams.zip");
        build(source, out, Map.of("TEAMS_APP_ID", appId, "KEEPWORD_TEAMS_HOST", host == null ? "keepword.example.com" : host));
        System.out.println("Teams app package: " + out.toAbsolutePath() + " (upload it in Teams: Apps > Manage your apps > Upload an app)");
    }

    /** Writes the zip; {@code {{NAME}}} placeholders in the manifest are replaced by {@code values}. */
    public static void build(Path source, Path zip, Map<String, String> values) throws IOException {
        if (zip.getParent() != null) {
            Files.createDirectories(zip.getParent());
        }
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (String name : FILES) {
                byte[] bytes;
                try (InputStream in = Files.newInputStream(source.resolve(name))) {
                    bytes = in.readAllBytes();
                }
                if (name.endsWith(".json")) {
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    for (Map.Entry<String, String> v : values.entrySet()) {
                        text = text.replace("{{" + v.getKey() + "}}", v.getValue());
                    }
                    if (text.contains("{{")) {
                        throw new IOException("the manifest still has a placeholder: " + text.substring(text.indexOf("{{"),
                                Math.min(text.length(), text.indexOf("{{") + 40)));
                    }
                    bytes = text.getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(name));
                out.write(bytes);
                out.closeEntry();
            }
        }
    }

    private static String value(Dotenv env, String key) {
        String v = System.getenv(key);
        if (v == null || v.isBlank()) {
            v = env.get(key, null);
        }
        return v == null || v.isBlank() ? null : v.strip();
    }
}
