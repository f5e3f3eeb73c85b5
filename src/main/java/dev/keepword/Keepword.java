package dev.keepword;

import dev.keepword.app.MutableClock;
import dev.keepword.config.ConfigFiles;
import dev.keepword.config.DemoWorkspace;
import dev.keepword.config.Settings;
import dev.keepword.console.ConsoleChat;
import dev.keepword.console.ConsoleWorkspace;
import dev.keepword.domain.Engagement;
import dev.keepword.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import java.util.List;

/**
 * Starts Keepword. With no chat credentials configured (or with the argument {@code console}) it starts the
 * console workspace on the embedded database. Options: {@code --db <path or JDBC URL>},
 * {@code --now <ISO-8601 instant>}, {@code --as @handle}.
 */
public final class Keepword {
    static final String USAGE = "usage: keepword [console] [--db <path or JDBC URL>] [--now <ISO-8601 instant>] [--as @handle]";

    private Keepword() {
    }

    public static void main(String[] args) {
        Settings settings = Settings.fromEnvironment();
        // Logback reads this when the first logger is created, so a value from .env must be set before that.
        settings.get("KEEPWORD_LOG_LEVEL").ifPresent(level -> System.setProperty("KEEPWORD_LOG_LEVEL", level));
        int code = run(args, System.in, System.out, System.err, settings);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs Keepword and returns the process exit code. */
    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err, Settings settings) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (!options.console() && (settings.hasTeams() || settings.hasSlack() || settings.hasSlackOAuth())) {
            return serve(options, settings); // Teams, Slack, or both in one process
        }
        return console(options, stdin, out, settings);
    }

    /**
     * Serves the configured chat surfaces (Teams, Slack, or both) until the process is stopped; the shutdown hook
     * stops taking requests, finishes what the inboxes hold, stops the clockwork, then closes the database.
     */
    private static int serve(Options options, Settings settings) {
        Serving running;
        try {
            running = Serving.start(settings, options.db(), dev.keepword.app.Clock.system(), "keepword");
        } catch (RuntimeException e) {
            log().error("{}", e.getMessage(), e);
            return 1;
        }
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log().info("Stopping: no new requests, then the inboxes, the clockwork and the database");
            closeQuietly(running);
            log().info("Stopped");
            stopped.countDown();
        }, "keepword-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(running);
        }
        return 0;
    }

    private static void closeQuietly(AutoCloseable running) {
        try {
            running.close();
        } catch (Exception e) {
            log().warn("Stopping failed: {}", e.getMessage());
        }
    }

    private static int console(Options options, InputStream stdin, PrintStream out, Settings settings) {
        ConfigFiles config = new ConfigFiles(settings.configDir());
        DemoWorkspace demo = config.demoWorkspace();
        String dbUrl = options.db().or(settings::databaseUrl).orElse(Database.DEFAULT_URL);
        MutableClock clock = new MutableClock(options.now().orElseGet(Instant::now));
        ConsoleSurface surface = new ConsoleSurface(out, clock, outDir(settings, dbUrl));
        ConsoleChat chat = surface.chat();
        try (Serving serving = Serving.assemble(Database.open(dbUrl, settings.databaseUser().orElse(null),
                settings.databasePassword().orElse(null)), clock, Wiring.Policies.from(config), List.of(surface))
                .open(null, 0, null)) {
            Wiring wiring = serving.wiring();
            wiring.seed(demo);
            String ws = demo.workspace();
            String channel = wiring.engagements().all(ws).stream().findFirst().map(Engagement::channelId).orElse("general");
            String speaker = options.as().orElseGet(() -> wiring.engagements().all(ws).stream().findFirst()
                    .map(Engagement::leadConsultant).orElse("console"));
            ConsoleWorkspace console = new ConsoleWorkspace(ws, wiring.commands(), wiring.capture(), wiring.parties(),
                    wiring.engagements(),
                    clock, wiring.simulatedTime(), chat, speaker, channel);
            if (System.console() != null) {
                chat.system("Keepword console workspace. You are @" + speaker + " in #" + channel
                        + ". Type /commit help, or /as @handle, /in #channel, /clock +1d, /quit.");
            }
            console.run(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)));
            return 0;
        } catch (Exception e) {
            log().error("Keepword stopped: {}", e.getMessage(), e);
            return 1;
        }
    }

    /**
     * Where the console writes charts and exports: {@code KEEPWORD_OUT_DIR}, or an {@code out} folder beside a file
     * database ({@code ./data/out} for the default {@code ./data/keepword}).
     */
    static java.nio.file.Path outDir(Settings settings, String dbUrl) {
        return settings.get("KEEPWORD_OUT_DIR").filter(s -> !s.isBlank()).map(java.nio.file.Path::of).orElseGet(() -> {
            String path = dbUrl.startsWith("jdbc:h2:file:") ? dbUrl.substring("jdbc:h2:file:".length())
                    : dbUrl.startsWith("jdbc:") ? null : dbUrl;
            java.nio.file.Path parent = path == null ? null
                    : java.nio.file.Path.of(path.split(";", 2)[0]).toAbsolutePath().normalize().getParent();
            return parent == null ? java.nio.file.Path.of("data", "out") : parent.resolve("out");
        });
    }

    private static Logger log() {
        return LoggerFactory.getLogger(Keepword.class);
    }

    /** Command-line options. */
    record Options(boolean console, Optional<String> db, Optional<Instant> now, Optional<String> as) {
        static Options parse(String[] args) {
            boolean console = false;
            String db = null;
            Instant now = null;
            String as = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "console" -> console = true;
                    case "--db" -> db = value(args, ++i, a);
                    case "--now" -> {
                        String v = value(args, ++i, a);
                        try {
                            now = Instant.parse(v);
                        } catch (DateTimeException e) {
                            throw new IllegalArgumentException("--now takes an ISO-8601 instant such as 2026-11-23T09:00:00Z, not \"" + v + "\"");
                        }
                    }
                    case "--as" -> as = value(args, ++i, a).replaceFirst("^@", "");
                    default -> throw new IllegalArgumentException("unknown argument \"" + a + "\"");
                }
            }
            return new Options(console, Optional.ofNullable(db), Optional.ofNullable(now), Optional.ofNullable(as));
        }

        private static String value(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i];
        }
    }
}
