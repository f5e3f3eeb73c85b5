package dev.keepword.console;

import dev.keepword.app.Chat;
import dev.keepword.app.Clock;
import dev.keepword.app.Delivery;
import dev.keepword.app.Message;
import dev.keepword.app.Outgoing;
import dev.keepword.app.Target;

import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The console's side of the {@link Chat} port: prints each message as one tagged line. Messages the engine
 * delivers to a person show the local time they arrived at, in that person's zone. One lock, so lines from
 * the command loop and the engine never interleave.
 */
public final class ConsoleChat implements Chat {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

    private final PrintStream out;
    private final Clock clock;
    private final BiFunction<String, String, ZoneId> zoneOf;
    private final java.nio.file.Path outDir;
    private long sent;

    public ConsoleChat(PrintStream out, Clock clock, BiFunction<String, String, ZoneId> zoneOf) {
        this(out, clock, zoneOf, java.nio.file.Path.of("data", "out"));
    }

    /** @param outDir where shared files (summary charts, exports) are written */
    public ConsoleChat(PrintStream out, Clock clock, BiFunction<String, String, ZoneId> zoneOf, java.nio.file.Path outDir) {
        this.out = out;
        this.clock = clock;
        this.zoneOf = zoneOf;
        this.outDir = outDir;
    }

    /** A shared file: written to the output folder, its path printed as a line tagged with where it was shared. */
    @Override
    public synchronized Delivery upload(String workspaceId, Target target, String filename, byte[] content, String title) {
        java.nio.file.Path file = outDir.resolve(filename.replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            java.nio.file.Files.createDirectories(outDir);
            java.nio.file.Files.write(file, content);
        } catch (java.io.IOException e) {
            return new Delivery.Undeliverable("could not write " + file + ": " + e.getMessage());
        }
        line(ConsoleText.tag(target) + " " + (filename.endsWith(".png") ? "chart" : "file") + ": " + file);
        return new Delivery.Sent("console-" + (++sent));
    }

    /** A reply to something typed in the console. */
    public synchronized void print(Outgoing outgoing) {
        line(ConsoleText.render(outgoing));
    }

    /** A message from the engine (a nudge, a notice): printed with its delivery time local to the reader. */
    @Override
    public synchronized Delivery send(String workspaceId, Target target, Message message) {
        String when = "";
        if (target instanceof Target.Direct d) {
            ZoneId zone = zoneOf.apply(workspaceId, d.userId());
            when = "(" + LOCAL.format(clock.now().atZone(zone)) + " " + zone.getId() + ") ";
        }
        line(ConsoleText.tag(target) + " " + when + ConsoleText.text(message));
        return new Delivery.Sent("console-" + (++sent));
    }

    /** A line from the console itself (directive answers), tagged {@code [console]}. */
    public synchronized void system(String text) {
        line("[console] " + text);
    }

    /** A chat message someone posted in a channel, shown as everyone in it would see it. */
    public synchronized void posted(String channel, String speaker, String text) {
        line("[#" + channel + "] @" + speaker + ": " + ConsoleText.escape(text));
    }

    private void line(String text) {
        out.println(text);
        out.flush();
    }
}
