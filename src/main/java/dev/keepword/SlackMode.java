package dev.keepword;

import com.slack.api.Slack;
import dev.keepword.app.Clock;
import dev.keepword.app.Installations;
import dev.keepword.config.ConfigFiles;
import dev.keepword.config.Settings;
import dev.keepword.slack.SlackBot;
import dev.keepword.slack.SlackChat;
import dev.keepword.slack.SlackDirectory;
import dev.keepword.store.Database;
import dev.keepword.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Keepword serving a Slack workspace: the database, the Bolt app (HTTP mode on {@code PORT} at
 * {@code /slack/events}, or Socket Mode when {@code SLACK_APP_TOKEN} is set), then the Quartz clockwork. It is
 * started in that order because the Slack app checks its token first ({@code auth.test}) and a Quartz already
 * running would keep a failed process alive; {@link #close()} stops them the other way round: Slack, Quartz, database.
 */
final class SlackMode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlackMode.class);
    static final int DEFAULT_PORT = 3000;
    static final Duration TICK = Duration.ofSeconds(10);

    private final Wiring wiring;
    private final SlackBot bot;
    private final WebServer web;
    private boolean closed;

    private SlackMode(Wiring wiring, SlackBot bot, WebServer web) {
        this.wiring = wiring;
        this.bot = bot;
        this.web = web;
    }

    /**
     * Starts everything. {@code clockworkName} names the Quartz instance (distinct per instance in one JVM);
     * null starts no clockwork (tests that drive the dispatcher themselves).
     */
    static SlackMode start(Settings settings, Optional<String> dbOverride, Clock clock, String clockworkName) {
        String token = settings.get("SLACK_BOT_TOKEN").orElseThrow();
        String secret = settings.get("SLACK_SIGNING_SECRET").orElseThrow();
        Optional<String> appToken = settings.get("SLACK_APP_TOKEN");
        int port = settings.get("PORT").map(Integer::parseInt).orElse(DEFAULT_PORT);
        ConfigFiles config = new ConfigFiles(settings.configDir());
        Slack slack = SlackBot.slack(settings.get("KEEPWORD_SLACK_API_URL").orElse(null));
        SlackChat chat = new SlackChat(slack, Installations.single(token), clock, SlackChat.Limits.DEFAULT);
        SlackDirectory directory = new SlackDirectory(chat, clock);
        Database database = Database.open(dbOverride.or(settings::databaseUrl).orElse(Database.DEFAULT_URL),
                settings.databaseUser().orElse(null), settings.databasePassword().orElse(null));
        Wiring wiring = new Wiring(database, clock, config.agreement(), directory, chat);
        SlackBot bot = null;
        WebServer web = null;
        try {
            bot = new SlackBot(slack, token, secret, chat, directory, new SlackBot.Uses(wiring.commands(),
                    wiring.commitments(), wiring.engagements(), wiring.parties(), wiring.sightings(), wiring.planner(),
                    database.jdbc(), wiring.home(), wiring.seenEvents(), clock));
            bot.start();
            if (appToken.isPresent()) {
                bot.startSocketMode(appToken.get());
                LOG.info("Slack: Socket Mode connected");
            } else {
                web = WebServer.start(port, Map.of("/slack/events", bot.servlet()));
                LOG.info("Slack: HTTP mode, POST http://…:{}/slack/events", web.port());
            }
            if (clockworkName != null) {
                wiring.startClockwork(clockworkName, TICK);
            }
            return new SlackMode(wiring, bot, web);
        } catch (Exception e) {
            closeQuietly(web, bot, wiring);
            throw new IllegalStateException("Slack did not start: " + e.getMessage(), e);
        }
    }

    /** The HTTP port bound, or -1 in Socket Mode. */
    int port() {
        return web == null ? -1 : web.port();
    }

    Wiring wiring() {
        return wiring;
    }

    SlackBot bot() {
        return bot;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(web, bot, wiring);
    }

    private static void closeQuietly(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
