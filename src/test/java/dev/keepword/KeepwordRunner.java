package dev.keepword;

import dev.keepword.config.Settings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs the real entry point with a piped script and {@code KEEPWORD_OUT_DIR}, for tests outside this package. */
public final class KeepwordRunner {
    private KeepwordRunner() {
    }

    /** stdout's lines; fails if Keepword exits non-zero. */
    public static List<String> run(String script, Path outDir, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Keepword.run(args, new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Settings.of(Map.of("KEEPWORD_OUT_DIR", outDir.toString())));
        if (code != 0) {
            throw new AssertionError("exit " + code + ": " + err.toString(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
