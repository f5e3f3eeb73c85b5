package dev.keepword;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An operator's own {@code ladders.yml} and {@code templates.yml}, written into a folder to be named by
 * {@code KEEPWORD_CONFIG_DIR}: the packaged wording with a different "due today" line, and every tier's ladder
 * starting with a rung the packaged files do not have. A message with either text can only come from these files.
 */
public final class CustomPolicies {
    /** The "due today" nudge as the operator words it. */
    public static final String DUE_TODAY = "Due today, from the studio:";
    /** The operator's own first rung, one working day late, to the consultant. */
    public static final String CHECK_IN = "Studio check-in:";

    private CustomPolicies() {
    }

    /** Writes both files into {@code dir} and returns it. */
    public static Path write(Path dir) throws IOException {
        String templates = Files.readString(Path.of("config", "templates.yml"));
        String packagedDueToday = "due-today: \"Due today: {title}";
        if (!templates.contains(packagedDueToday)) {
            throw new IllegalStateException("config/templates.yml changed: no " + packagedDueToday);
        }
        templates = templates.replace(packagedDueToday, "due-today: \"" + DUE_TODAY + " {title}")
                + "\nstudio-check-in: \"" + CHECK_IN + " {owner} still owes {title} ({late} late). A call might help.\"\n";
        Files.writeString(dir.resolve("templates.yml"), templates);
        StringBuilder ladders = new StringBuilder("tiers:\n");
        for (int tier = 1; tier <= 3; tier++) {
            ladders.append("  ").append(tier).append(":\n")
                    .append("    - {name: studio-check-in, workingDays: 1, to: escalation}\n")
                    .append("    - {name: escalation-channel, workingDays: 5, to: channel}\n")
                    .append("    - {name: final-notice, workingDays: 7, to: owner}\n")
                    .append("    - {name: disengagement-review, workingDays: 10, to: escalation}\n");
        }
        Files.writeString(dir.resolve("ladders.yml"), ladders.toString());
        return dir;
    }
}
