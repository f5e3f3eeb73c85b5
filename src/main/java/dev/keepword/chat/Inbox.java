package dev.keepword.chat;

import dev.keepword.app.Clock;
import dev.keepword.app.SeenEvents;

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
 * thread has the item stored with its payload (a repeat changes nothing) and answers as soon as it is; one thread then
 * does the work, item by item in the order they arrived, and marks each handled. What a stopped process stored but did
 * not handle is handled at the next start ({@link #recover}): at least once, since an item being handled at the moment
 * of a crash is handled again. Shared by the Slack and Teams adapters.
 *
 * <p>Storing is a group commit: request threads hand their items to one storing thread, which writes everything that
 * arrived meanwhile in one transaction ({@link SeenEvents#acceptedAll}) and then lets each request answer. Fifty
 * requests at once cost a few commits rather than fifty, which is what keeps an ack about as cheap as a bare one.
 */
public final class Inbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    /** The most items one transaction stores. */
    static final int MAX_BATCH = 200;

    private final String platform;
    private final SeenEvents seen;
    private final Clock clock;
    private final ExecutorService thread;
    private final java.util.concurrent.LinkedBlockingQueue<Arriving> arriving = new java.util.concurrent.LinkedBlockingQueue<>();
    private final Thread storing;
    private volatile boolean closed;

    /** An item waiting to be stored, and the request thread waiting for that. */
    private record Arriving(SeenEvents.Arrival arrival, Runnable work, java.util.concurrent.CompletableFuture<Boolean> stored) {
    }

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
        this.storing = new Thread(this::store, threadName + "-store");
        storing.setDaemon(true);
        storing.start();
    }

    /**
     * Stores one item (with whatever else arrived meanwhile) and queues its {@code work}; returns once it is stored:
     * true, or false (nothing queued) for a repeat of a stored one. A store failure is thrown: the caller tells the
     * sender nothing was taken.
     */
    public boolean accept(String workspaceId, String id, String payload, Runnable work) {
        if (closed) {
            throw new IllegalStateException("the " + platform + " inbox is closed");
        }
        Arriving a = new Arriving(new SeenEvents.Arrival(workspaceId, id, payload), work,
                new java.util.concurrent.CompletableFuture<>());
        arriving.add(a);
        try {
            return a.stored().get(1, TimeUnit.MINUTES); // the storing thread completes every item, stored or failed
        } catch (TimeoutException e) {
            throw new IllegalStateException("a " + platform + " item was not stored within a minute", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing a " + platform + " item", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** The storing thread: everything that arrived since its last commit, in one transaction, in arrival order. */
    private void store() {
        List<Arriving> batch = new java.util.ArrayList<>();
        try {
            while (!closed || !arriving.isEmpty()) {
                Arriving first = arriving.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                arriving.drainTo(batch, MAX_BATCH - 1);
                try {
                    List<Boolean> fresh = seen.acceptedAll(platform, batch.stream().map(Arriving::arrival).toList(),
                            clock.now());
                    for (int i = 0; i < batch.size(); i++) {
                        Arriving a = batch.get(i);
                        if (fresh.get(i)) {
                            queue(a.arrival().workspaceId(), a.arrival().eventId(), a.work());
                        }
                        a.stored().complete(fresh.get(i));
                    }
                } catch (RuntimeException e) {
                    batch.forEach(a -> a.stored().completeExceptionally(e));
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            IllegalStateException stopped = new IllegalStateException("the " + platform + " inbox is closed");
            batch.forEach(a -> a.stored().completeExceptionally(stopped));
            Arriving late;
            while ((late = arriving.poll()) != null) {
                late.stored().completeExceptionally(stopped);
            }
        }
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

    /** Stores what has arrived, lets queued items finish for up to ten seconds (the rest waits for the next start), stops. */
    @Override
    public void close() {
        closed = true;
        try {
            storing.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
