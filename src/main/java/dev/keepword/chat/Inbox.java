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
 * Inbound work a platform gets its answer for before it is done: a Slack slash command or event, a Teams activity. The
 * request thread has the item stored with its payload (a repeat changes nothing) and answers as soon as it is; one
 * thread then does the work, item by item in the order they arrived, and marks each handled. Shared by the Slack and
 * Teams adapters.
 *
 * <p>Every Keepword process on one database shares the stored items. An item is stored claimed by the inbox that
 * stored it, for a {@link #LEASE} that inbox renews every {@link #SWEEP} while the item waits in its queue. Once
 * {@link #recover} has run (at start), the inbox also claims, every {@link #SWEEP}, the items whose lease ran out: those
 * of a process that died, taken over within {@code LEASE + SWEEP} without a restart. A clean stop gives its unhandled
 * items back at once. At least once: an item being handled at the moment of a crash is handled again; a command's
 * effects and answer are keyed by the item's id ({@link KeyedEffects}), and its item is marked handled only once its
 * answer is sent ({@link #handledWhenSent}), so handling it again applies nothing twice and sends only what was not sent.
 *
 * <p>Storing is a group commit: request threads hand their items to one storing thread, which writes everything that
 * arrived meanwhile in one transaction ({@link SeenEvents#acceptedAll}) and then lets each request answer. Fifty
 * requests at once cost a few commits rather than fifty, which is what keeps an ack about as cheap as a bare one.
 *
 * <p>When the database does not answer (an outage, a restart), a request waits at most {@link #ACK_WAIT} (and only
 * {@link #STUCK_WAIT} once the storing thread is known to be stuck) and is then told {@link NotStored}, so the platform
 * gets its answer in time; an item stored only after its request gave up is
 * deleted again (never handled: the sender was told to try again). The handling thread waits for the database before
 * each item ({@link SeenEvents#answers}), so what was stored before an outage is handled after it, and an item whose
 * "handled" mark could not be written is marked again once the database is back.
 */
public final class Inbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    /** The most items one transaction stores. */
    static final int MAX_BATCH = 200;

    /** How long a claim holds without being renewed: a dead process's items wait this long at most. */
    static final Duration LEASE = Duration.ofSeconds(15);
    /** How often leases are renewed and expired ones claimed. */
    static final Duration SWEEP = Duration.ofSeconds(5);
    /** The most items one claim takes. */
    static final int CLAIM_BATCH = 500;
    /**
     * How long a request waits for its item to be stored before it is told {@link NotStored}: under Slack's 3 s ack
     * deadline, with room for the network, and far below Hikari's connection timeout (30 s) while the database is down.
     */
    public static final Duration ACK_WAIT = Duration.ofSeconds(2);
    /** How long a request waits while the storing thread is already stuck on the database for over {@link #ACK_WAIT}. */
    static final Duration STUCK_WAIT = Duration.ofMillis(100);
    /** When the storing thread began its current transaction ({@link System#nanoTime}), or 0 while it waits for items. */
    private volatile long storingSince;

    /** How often the handling thread asks again whether the database answers, while it does not. */
    static final Duration DATABASE_RETRY = Duration.ofSeconds(1);

    /** A request that came when the inbox was closed, or was still waiting when it closed. */
    private static final class Closed extends IllegalStateException {
        Closed(String platform) {
            super("the " + platform + " inbox is closed");
        }
    }

    /**
     * An item that was not stored within {@link #ACK_WAIT}, or whose store failed: nothing of it is kept (one committed
     * too late is deleted again), so the sender may send it again.
     */
    public static final class NotStored extends RuntimeException {
        NotStored(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String platform;
    /** This inbox's name in claims: unique per process and per inbox. */
    private final String node;
    private final java.util.concurrent.ScheduledExecutorService sweeper;
    private volatile Function<SeenEvents.Pending, Runnable> reread;
    private final SeenEvents seen;
    private final Clock clock;
    private final ExecutorService thread;
    private final java.util.concurrent.LinkedBlockingQueue<Arriving> arriving = new java.util.concurrent.LinkedBlockingQueue<>();
    private final Thread storing;
    private volatile boolean closed;

    /** An item waiting to be stored, and the request thread waiting for that. */
    private record Arriving(SeenEvents.Arrival arrival, Runnable work, java.util.concurrent.CompletableFuture<Boolean> stored) {
    }

    /** Put in the storing thread's way by a stop, so it ends at once rather than at its next look at the queue. */
    private static final Arriving STOPPING = new Arriving(null, null, new java.util.concurrent.CompletableFuture<>());

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
        this.node = platform + "-" + ProcessHandle.current().pid() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName + "-sweep");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Stores one item (with whatever else arrived meanwhile) and queues its {@code work}; returns once it is stored:
     * true, or false (nothing queued) for a repeat of a stored one. Throws {@link NotStored} when the item is not
     * stored within {@link #ACK_WAIT} or its store fails (the database does not answer): the caller tells the sender
     * nothing was taken. Throws {@link IllegalStateException} once the inbox is closed.
     */
    public boolean accept(String workspaceId, String id, String payload, Runnable work) {
        return accept(workspaceId, id, payload, work, ACK_WAIT);
    }

    boolean accept(String workspaceId, String id, String payload, Runnable work, Duration wait) {
        if (closed) {
            throw new Closed(platform);
        }
        Arriving a = new Arriving(new SeenEvents.Arrival(workspaceId, id, payload), work,
                new java.util.concurrent.CompletableFuture<>());
        arriving.add(a);
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                // While the storing thread has been stuck on one transaction for longer than any request may wait, the
                // database does not answer: a request waits a moment only, and gives up if that transaction is still
                // stuck (everyone after the first is told at once instead of each waiting out the whole ACK_WAIT).
                long busy = storingSince;
                boolean stuck = busy != 0 && System.nanoTime() - busy > ACK_WAIT.toNanos();
                long slice = stuck ? Math.min(left, STUCK_WAIT.toNanos()) : left;
                try {
                    return a.stored().get(Math.max(slice, 0), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (slice >= left || stuck && storingSince == busy) {
                        return giveUp(a, start);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing a " + platform + " item", e);
        } catch (ExecutionException e) {
            throw failure(e);
        }
    }

    /**
     * Whoever completes the future first decides: the storing thread (stored in time) or this request (given up). An
     * item the storing thread commits after this is deleted again there.
     */
    private boolean giveUp(Arriving a, long start) {
        NotStored late = new NotStored("a " + platform + " item was not stored within "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms", null);
        if (a.stored().completeExceptionally(late)) {
            throw late;
        }
        return outcome(a);
    }

    private boolean outcome(Arriving a) {
        try {
            return a.stored().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing a " + platform + " item", e);
        } catch (ExecutionException e) {
            throw failure(e);
        }
    }

    private RuntimeException failure(ExecutionException e) {
        if (e.getCause() instanceof NotStored | e.getCause() instanceof Closed) {
            return (RuntimeException) e.getCause();
        }
        return new NotStored("a " + platform + " item could not be stored: " + e.getCause().getMessage(), e.getCause());
    }

    /** The storing thread: everything that arrived since its last commit, in one transaction, in arrival order. */
    private void store() {
        List<Arriving> batch = new java.util.ArrayList<>();
        try {
            while (!closed || !arriving.isEmpty()) {
                Arriving first = arriving.poll(200, TimeUnit.MILLISECONDS);
                if (first == null || first == STOPPING) {
                    continue;
                }
                batch.add(first);
                arriving.drainTo(batch, MAX_BATCH - 1);
                batch.removeIf(a -> a == STOPPING);
                storingSince = System.nanoTime() | 1; // never 0 while storing
                try {
                    Instant now = clock.now();
                    List<Boolean> fresh = seen.acceptedAll(platform, batch.stream().map(Arriving::arrival).toList(),
                            now, node, now.plus(LEASE));
                    for (int i = 0; i < batch.size(); i++) {
                        Arriving a = batch.get(i);
                        if (!fresh.get(i)) {
                            a.stored().complete(false);
                        } else if (a.stored().complete(true)) {
                            queue(a.arrival().workspaceId(), a.arrival().eventId(), a.work());
                        } else {
                            // Its request gave up and told the sender to try again: not handled, and deleted.
                            forget(a.arrival().workspaceId(), a.arrival().eventId());
                        }
                    }
                } catch (RuntimeException e) {
                    batch.forEach(a -> a.stored().completeExceptionally(e));
                } finally {
                    storingSince = 0;
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            IllegalStateException stopped = new Closed(platform);
            batch.forEach(a -> a.stored().completeExceptionally(stopped));
            Arriving late;
            while ((late = arriving.poll()) != null) {
                late.stored().completeExceptionally(stopped);
            }
        }
    }

    /** Deletes an item stored after its request gave up; tried again at each sweep while the database does not answer. */
    private void forget(String workspaceId, String id) {
        try {
            seen.forget(platform, workspaceId, id);
            LOG.info("A {} item was stored after its sender had been told to try again; deleted", platform);
        } catch (RuntimeException e) {
            unrecorded.add(new Unrecorded(workspaceId, id, false));
        }
    }

    /** Marks and deletions the database did not take, tried again at each sweep (never handled twice here meanwhile). */
    private record Unrecorded(String workspaceId, String id, boolean handled) {
    }

    private final java.util.Queue<Unrecorded> unrecorded = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * Whether {@code failure} came from losing the database rather than from the work itself: a JDBC failure of the
     * connection class (SQLState {@code 08…}, a server shutting down {@code 57P0…}, a pool that found no connection in
     * time, a pooled connection closed under the work). Work that failed so changed nothing (each use case commits as one transaction) and may be done again.
     */
    public static boolean databaseGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.sql.SQLRecoverableException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
            // HikariCP's stand-in for a connection it closed under us (the server ended it): no SQLState at all.
            if (t instanceof java.sql.SQLException && "Connection is closed".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** Waits (on the handling thread) until the database answers, so an item is not handled into an outage. */
    private boolean awaitDatabase() {
        boolean said = false;
        while (!seen.answers()) {
            if (abandon || closed) {
                return false;
            }
            if (!said) {
                LOG.warn("The {} inbox waits for the database before handling the next item", platform);
                said = true;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(DATABASE_RETRY.toNanos());
        }
        if (said) {
            LOG.info("The {} inbox reaches the database again and goes on handling", platform);
        }
        return true;
    }

    private void queue(String workspaceId, String id, Runnable work) {
        try {
            thread.execute(() -> {
                while (true) {
                    if (abandon || !awaitDatabase()) {
                        return; // stopping: left for another process or the next start
                    }
                    Deferral later = new Deferral(workspaceId, id);
                    deferral.set(later);
                    try {
                        work.run();
                    } catch (RuntimeException e) {
                        if (databaseGone(e) || !seen.answers()) {
                            // The database went away while it was handled: its work did not get through (a use case
                            // commits as one transaction), so it is handled again once the database is back.
                            LOG.warn("Handling a stored {} item met a database that does not answer; handled again "
                                    + "once it does: {}", platform, e.getMessage());
                            later.workReturned(); // keeps the count of answers awaited right (none is, normally)
                            continue;
                        }
                        LOG.error("Handling a stored {} item failed; it is not handled again", platform, e);
                        markHandled(workspaceId, id);
                        later.workReturned();
                        return;
                    } finally {
                        deferral.remove();
                    }
                    if (later.taken) {
                        later.workReturned(); // marked once its answer is sent too
                    } else {
                        markHandled(workspaceId, id);
                    }
                    return;
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.info("Stopping; a stored {} item is left for the next start", platform);
        }
    }

    /** The item the inbox thread is handling now, for {@link #handledWhenSent}. */
    private final ThreadLocal<Deferral> deferral = new ThreadLocal<>();
    /** Items whose work returned or is running with their "handled" mark waiting for their answer to be sent. */
    private final java.util.concurrent.atomic.AtomicInteger awaitingAnswers = new java.util.concurrent.atomic.AtomicInteger();

    /** An item whose "handled" mark waits for two things: its work to return and its answer to be sent. */
    private final class Deferral {
        private final String workspaceId;
        private final String id;
        private final java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(2);
        private volatile boolean taken;

        Deferral(String workspaceId, String id) {
            this.workspaceId = workspaceId;
            this.id = id;
        }

        void workReturned() {
            if (taken) {
                done();
            }
        }

        void done() {
            if (left.decrementAndGet() == 0) {
                markHandled(workspaceId, id);
                synchronized (awaitingAnswers) {
                    awaitingAnswers.decrementAndGet();
                    awaitingAnswers.notifyAll();
                }
            }
        }
    }

    /**
     * Called by an item's work, on the inbox thread, when the item's answer is sent off that thread: the item is then
     * marked handled only once the returned callback has run (call it once the answer is sent or given up on), so a
     * process that dies before that leaves the item to be handled again (its effects keyed by its id, see
     * {@link KeyedEffects}), and a stop waits for it before giving its items back. Null off the inbox thread.
     */
    public Runnable handledWhenSent() {
        Deferral d = deferral.get();
        if (d == null || d.taken) {
            return d == null ? null : () -> { };
        }
        d.taken = true;
        awaitingAnswers.incrementAndGet();
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (once.compareAndSet(false, true)) {
                d.done();
            }
        };
    }

    /** Waits up to {@code wait} for the answers whose items' marks wait for them ({@link #handledWhenSent}). */
    private void awaitAnswers(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (awaitingAnswers) {
            while (awaitingAnswers.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("Stopping with {} answers to {} items not yet sent; those items are handled again (their "
                            + "effects are not applied twice)", awaitingAnswers.get(), platform);
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(awaitingAnswers, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Records an item handled. If the database does not answer, the mark is written again at each sweep until it is
     * taken; meanwhile the item stays claimed by this inbox (its lease renewed while it lives), so it is not handled
     * again here. If the process dies first, another process or the next start handles it again (at least once).
     */
    private void markHandled(String workspaceId, String id) {
        try {
            seen.handled(platform, workspaceId, id, clock.now());
        } catch (RuntimeException e) {
            LOG.warn("A {} item was handled but could not be recorded as handled yet: {}", platform, e.getMessage());
            unrecorded.add(new Unrecorded(workspaceId, id, true));
        }
    }

    /** How many handled marks and deletions wait for the database (for tests: the inbox's own record of them). */
    int unrecordedCount() {
        return unrecorded.size();
    }

    /** Writes the marks and deletions the database did not take before; stops at the first that fails again. */
    private void recordLate() {
        Unrecorded u;
        while ((u = unrecorded.peek()) != null) {
            if (u.handled()) {
                seen.handled(platform, u.workspaceId(), u.id(), clock.now());
            } else {
                seen.forget(platform, u.workspaceId(), u.id());
            }
            unrecorded.remove();
        }
    }

    /**
     * Claims and queues the items no live process holds (stored by a stopped or dead process, or given back at a clean
     * stop) received in the last day up to {@code before}; {@code reread} turns a stored payload back into its work, or
     * null when it cannot be read (it is then marked handled and skipped). Returns how many were queued. From then on
     * the inbox renews its leases and takes over expired ones every {@link #SWEEP}.
     */
    public int recover(Instant before, Function<SeenEvents.Pending, Runnable> reread) {
        this.reread = reread;
        int queued = claim(before);
        synchronized (this) {
            if (!closed && !sweeping) {
                sweeping = true;
                sweeper.scheduleWithFixedDelay(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return queued;
    }

    private boolean sweeping;
    private volatile boolean sweepFailed;

    /** Renews this inbox's leases, then takes over the items whose lease ran out. Never throws (it runs on a timer). */
    void sweep() {
        try {
            recordLate();
            Instant now = clock.now();
            seen.renew(platform, node, now.plus(LEASE));
            int taken = claim(now);
            if (taken > 0) {
                LOG.info("Took over {} {} items another process did not finish", taken, platform);
            }
            if (sweepFailed) {
                LOG.info("The {} inbox reaches the database again", platform);
                sweepFailed = false;
            }
        } catch (RuntimeException e) {
            if (!sweepFailed) {
                LOG.warn("The {} inbox could not renew or claim items: {}", platform, e.getMessage());
                sweepFailed = true;
            }
        }
    }

    /** Claims what is claimable, received in the day before {@code before}, and queues it oldest first. */
    private int claim(Instant before) {
        Function<SeenEvents.Pending, Runnable> reread = this.reread;
        int queued = 0;
        while (true) {
            Instant now = clock.now();
            List<SeenEvents.Pending> pending = seen.claim(platform, node, before.minus(Duration.ofDays(1)), before, now,
                    now.plus(LEASE), CLAIM_BATCH);
            queued += queueAll(pending, reread);
            if (pending.size() < CLAIM_BATCH) {
                break;
            }
        }
        if (queued > 0) {
            LOG.info("Handling {} {} items received before this process took them", queued, platform);
        }
        return queued;
    }

    private int queueAll(List<SeenEvents.Pending> pending, Function<SeenEvents.Pending, Runnable> reread) {
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
                markHandled(p.workspaceId(), p.eventId());
                continue;
            }
            queue(p.workspaceId(), p.eventId(), work);
            queued++;
        }
        return queued;
    }

    /** Runs {@code task} on the inbox thread after what is queued (tests hold the thread to see what waits for it). */
    public void onThread(Runnable task) {
        thread.execute(task);
    }

    /** Waits until every item queued before this call has been handled (tests, benchmarks). */
    public void drain() {
        // An item's request returns once it is stored, a moment before the storing thread queues it: wait for the
        // storing thread to finish its transaction, so everything whose request has returned is queued.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (storingSince != 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
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
        arriving.offer(STOPPING);
        sweeper.shutdown(); // never interrupted: it may be inside the database
        try {
            sweeper.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            storing.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(stopWait.toMillis(), TimeUnit.MILLISECONDS)) {
                // What is still queued is skipped, not interrupted (a thread interrupted inside H2 closes the database).
                abandon = true;
                LOG.warn("Stopping with {} items not yet handled; another process or the next start handles them", platform);
                thread.awaitTermination(stopWait.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        awaitAnswers(stopWait); // the delivery threads are still running: their answers' marks come in now
        try {
            recordLate();
            seen.release(platform, node); // what is left, another process (or the next start) takes at once
        } catch (RuntimeException e) {
            LOG.info("The {} inbox could not give back its unhandled items ({}); they are taken once their lease runs out",
                    platform, e.getMessage());
        }
    }

    /** How long a stop waits for queued items to be handled (tests shorten it). */
    Duration stopWait = Duration.ofSeconds(10);

    /** Set when a stop runs out of time: items still queued are left (unhandled, given back) rather than handled. */
    private volatile boolean abandon;
}
