package dev.keepword;

import dev.keepword.app.Clock;
import dev.keepword.app.Directory;
import dev.keepword.console.ConsoleChat;
import dev.keepword.domain.Party;
import jakarta.servlet.http.HttpServlet;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * The console workspace as a {@link ChatSurface}: every message printed as one line tagged with where it goes; the
 * people are the stored demo roster (nobody is looked up). It serves every workspace, listens on nothing, and its
 * input loop is run by {@link Keepword} once the surface is bound.
 */
final class ConsoleSurface implements ChatSurface {
    private final ConsoleChat chat;
    private volatile Wiring wiring;

    ConsoleSurface(PrintStream out, Clock clock, Path outDir) {
        this.chat = new ConsoleChat(out, clock, (ws, user) -> wiring == null ? ZoneOffset.UTC
                : wiring.parties().find(ws, user).map(Party::zone).orElse(ZoneOffset.UTC), outDir);
    }

    @Override
    public String name() {
        return "console";
    }

    @Override
    public boolean serves(String workspaceId) {
        return true;
    }

    @Override
    public ConsoleChat chat() {
        return chat;
    }

    @Override
    public Directory directory() {
        return (ws, user) -> Optional.empty(); // the demo roster is stored; a handle it does not know is refused
    }

    @Override
    public void bind(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Map<String, HttpServlet> servlets() {
        return Map.of();
    }

    @Override
    public void start(Instant now) {
    }

    @Override
    public void drain() {
    }

    @Override
    public void close() {
    }
}
