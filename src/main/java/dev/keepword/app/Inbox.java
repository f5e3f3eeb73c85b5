package dev.keepword.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Inbound work a platform gets its answer for before it is done: a Slack slash command, a Teams activity. The request
 * thread stores the item with its payload ({@link SeenEvents#accepted}, a repeat changes nothing) and answers at once;
 * one thread then does the work, item by item in the order they arrived, and marks each handled. What a stopped process
 * stored but did not handle is handled at the next start ({@link #recover}): at least once, since an item being
 * handled at the moment of a crash is handled again. Shared by the Slack and Teams adapters.
 */
public final class Inbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    private final String platform;
    private final SeenEvents seen;
    private final Clock clock;
    private final ExecutorService thread;

    /** An inbox for {@code platform}'s items (the {@code inbound_event} rows it stores), worked on thread {@code threadName}. */
    public Inbox(String platform, String threadName, SeenEvents seen, Clock clock) {
        this.platform = platform;
        this.seen = seen;
        this.clock = clock;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Stores one item and queues its {@code work}; false (and nothing queued) for a repeat of a stored one. A store
     * failure is thrown: the caller tells the sender nothing was taken.
     */
    public boolean accept(String workspaceId, String id, String payload, Runnable work) {
        if (!seen.accepted(platform, workspaceId, id, payload, clock.now())) {
            return false;
        }
        queue(workspaceId, id, work);
        return true;
    }

    private void queue(String workspaceId, String id, Runnable work) {
        try {
            thread.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.error("Handling a stored {} item failed; it is not handled again", platform, e);
                } finally {
                    seen.handled(platform, workspaceId, id, clock.now());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.info("Stopping; a stored {} item is left for the next start", platform);
        }
    }

    /**
     * Queues the items a stopped process stored but did not handle, received in the last day up to {@code before};
     * {@code reread} turns a stored payload back into its work, or null when it cannot be read (it is then marked
     * handled and skipped). Returns how many were queued.
     */
    public int recover(Instant before, Function<SeenEvents.Pending, Runnable> reread) {
        List<SeenEvents.Pending> pending = seen.unhandled(platform, before.minus(Duration.ofDays(1)), before);
        int queued = 0;
        for (SeenEvents.Pending p : pending) {
            Runnable work;
            try {
                work = reread.apply(p);
            } catch (RuntimeException e) {
                work = null;
            }
            if (work == null) {
                LOG.warn("A stored {} item could not be read again; skipped", platform);
                seen.handled(platform, p.workspaceId(), p.eventId(), clock.now());
                continue;
            }
            queue(p.workspaceId(), p.eventId(), work);
            queued++;
        }
        if (queued > 0) {
            LOG.info("Handling {} {} items received before a restart", queued, platform);
        }
        return queued;
    }

    /** Runs {@code task} on the inbox thread after what is queued (tests hold the thread to see what waits for it). */
    public void onThread(Runnable task) {
        thread.execute(task);
    }

    /** Waits until every item queued before this call has been handled (tests, benchmarks). */
    public void drain() {
        try {
            thread.submit(() -> { }).get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the " + platform + " inbox did not drain", e);
        }
    }

    /** Lets queued items finish for up to ten seconds (what is left is handled after the next start), then stops. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                int left = thread.shutdownNow().size();
                LOG.warn("Stopped with {} {} items not yet handled; the next start handles them", left, platform);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
