package dev.keepword.console;

import dev.keepword.app.Outgoing;

import java.io.PrintStream;

/** Prints console lines. One lock, so lines from the command loop and the engine never interleave. */
public final class ConsoleChat {
    private final PrintStream out;

    public ConsoleChat(PrintStream out) {
        this.out = out;
    }

    public synchronized void print(Outgoing outgoing) {
        out.println(ConsoleText.render(outgoing));
        out.flush();
    }

    /** A line from the console itself (directive answers), tagged {@code [console]}. */
    public synchronized void system(String text) {
        out.println("[console] " + text);
        out.flush();
    }

    /** A chat message someone posted in a channel, shown as everyone in it would see it. */
    public synchronized void posted(String channel, String speaker, String text) {
        out.println("[#" + channel + "] @" + speaker + ": " + ConsoleText.escape(text));
        out.flush();
    }
}
