package dev.keepword;

import dev.keepword.app.Chat;
import dev.keepword.app.Directory;
import jakarta.servlet.http.HttpServlet;

import java.time.Instant;
import java.util.Map;

/**
 * One chat platform Keepword serves (Slack, Teams, the console): the workspaces it serves, its {@link Chat} and
 * {@link Directory}, the servlets it needs mounted, and its life cycle. {@link Serving} composes the configured
 * surfaces in one place: it builds their chats first, then one {@link Wiring} over all of them, then {@link #bind}s
 * each surface to the use cases, starts them, and closes them in reverse order.
 */
public interface ChatSurface extends AutoCloseable {
    /** "slack", "teams", "console": for the log. */
    String name();

    /**
     * Whether messages for {@code workspaceId} go out through this surface. {@link Serving} asks the surfaces in the
     * order they were configured; the last one takes whatever no surface before it claimed.
     */
    boolean serves(String workspaceId);

    Chat chat();

    Directory directory();

    /** Builds the bot on the use cases; called once, after the {@link Wiring} over every surface's chat exists. */
    void bind(Wiring wiring);

    /** The servlets to mount on the shared web server, by path (empty when the surface needs none). */
    Map<String, HttpServlet> servlets();

    /**
     * Starts taking requests: checks credentials, connects (Socket Mode), and handles what a previous run stored but
     * did not handle before {@code now}. Throws when the platform refuses the credentials.
     */
    void start(Instant now) throws Exception;

    /** Waits until everything this surface has taken so far has been handled (tests, benchmarks). */
    void drain();

    /**
     * Stops taking requests, finishes what its inbox holds (what is left waits for the next start), and lets messages
     * already handed over go out. The web server is stopped before this, the clockwork and database after.
     */
    @Override
    void close();
}
