package dev.keepword;

import dev.keepword.app.Chat;
import dev.keepword.app.Delivery;
import dev.keepword.app.DispatchDueNudges;
import dev.keepword.app.Message;
import dev.keepword.app.Target;
import dev.keepword.domain.Agreement;
import dev.keepword.store.Database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The process {@link CrashRecoveryTest} kills with SIGKILL: opens a file H2 database through the real
 * {@link Wiring} and dispatches everything due at a fixed {@code --now}, through a chat sink that plays the
 * platform (and can stop answering part-way, see {@link FileSink}). Each delivered reminder is appended to
 * {@code --deliveries} as its commitment's id and forced to disk before the send returns, so the file is exactly what
 * recipients got, even across a kill.
 *
 * <pre>CrashChild --db PATH --deliveries FILE --now INSTANT [--freeze-after-items N] [--batch 100]</pre>
 */
public final class CrashChild {

    /** The default agreement with a daily cap high enough that re-sent duplicates are never postponed. */
    public static final Agreement AGREEMENT = new Agreement(Agreement.DEFAULT.defaultDueTime(),
            Agreement.DEFAULT.headsUpWorkingDays(), Agreement.DEFAULT.nudgeTime(), Agreement.DEFAULT.maxSnoozes(),
            Agreement.DEFAULT.maxRenegotiations(), 50, List.of(), Agreement.DEFAULT.overdueNudges());

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Path db = Path.of(required(opts, "--db"));
        Path deliveries = Path.of(required(opts, "--deliveries"));
        Instant now = Instant.parse(required(opts, "--now"));
        int freezeAfter = Integer.parseInt(opts.getOrDefault("--freeze-after-items", "0"));
        int batch = Integer.parseInt(opts.getOrDefault("--batch", "100"));

        DispatchDueNudges.Tuning tuning = new DispatchDueNudges.Tuning(batch, Duration.ofMinutes(2),
                Duration.ofMinutes(30), 12);
        try (FileSink sink = new FileSink(deliveries, freezeAfter);
             Wiring wiring = new Wiring(Database.open(db.toString()), () -> now, Wiring.Policies.of(AGREEMENT),
                     (ws, user) -> Optional.empty(), sink, "child-" + ProcessHandle.current().pid(), tuning)) {
            int handled = wiring.dispatcher().runDue(now);
            System.out.println("handled " + handled + " rows, sent " + sink.messages + " messages");
        }
    }

    /**
     * A platform whose only record of what it delivered is an append-only, fsynced file. With {@code freezeAfter} > 0
     * it stops answering once that many items are delivered, in the middle of a batch, and waits for the parent's
     * {@code kill -9}: the crash lands where the test needs it without timing anything.
     */
    static final class FileSink implements Chat, AutoCloseable {
        private final FileChannel file;
        private final int freezeAfter;
        private int messages;
        private int items;

        FileSink(Path path, int freezeAfter) throws IOException {
            this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            this.freezeAfter = freezeAfter;
        }

        @Override
        public synchronized Delivery send(String workspaceId, Target target, Message message) {
            try {
                StringBuilder lines = new StringBuilder();
                for (long id : NudgeItems.of(message)) {
                    lines.append(id).append('\n');
                    items++;
                }
                ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    file.write(bytes);
                }
                file.force(false);
                messages++;
                if (freezeAfter > 0 && items >= freezeAfter) {
                    new java.util.concurrent.CountDownLatch(1).await(); // until the parent kills this process
                }
                return new Delivery.Sent("m" + messages);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Delivery.Retry(Duration.ofSeconds(30), "interrupted");
            }
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            out.put(args[i], args[i + 1]);
        }
        return out;
    }

    private static String required(Map<String, String> opts, String name) {
        String value = opts.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }
}
