package dev.keepword.app;

import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes the dispatcher's outcomes on a thread of its own, one transaction after another in the order they were handed
 * over, so the dispatcher claims, reads and renders its next batch while this one's are written. Writes that queued up
 * while the thread was busy go in one transaction (one commit: on H2 a commit writes every changed page to disk, and
 * when the writing is what holds the dispatcher back, fewer commits is what lets it catch up). Each write is numbered;
 * the dispatcher waits for a number when what it is about to read depends on it. Waits are uninterruptible (a shutdown
 * still lets what was sent be recorded) and the writing thread is never interrupted (STACK.md trap 12: H2 closes the
 * database under an interrupted thread). A write that failed is thrown to the next caller that hands over or waits,
 * once; the rows it would have recorded stay leased and are sent again when their lease runs out, as after a crash.
 */
final class Recorder {
    /** One thread, started when there is something to write and gone after half a minute with nothing. */
    private final java.util.concurrent.ThreadPoolExecutor thread = new java.util.concurrent.ThreadPoolExecutor(1, 1,
            30, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "keepword-record");
                t.setDaemon(true);
                return t;
            });
    private final Transactions tx;
    private final java.util.ArrayDeque<Runnable> queue = new java.util.ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    private long submitted;
    private long written;
    private RuntimeException failure;

    Recorder(Transactions tx) {
        this.tx = tx;
        thread.allowCoreThreadTimeOut(true);
    }

    /** Queues {@code write}; returns its number. */
    long submit(Runnable write) {
        lock.lock();
        try {
            rethrow();
            long number = ++submitted;
            queue.add(write);
            thread.execute(this::drain);
            return number;
        } finally {
            lock.unlock();
        }
    }

    /** Writes whatever is queued, in one transaction. */
    private void drain() {
        List<Runnable> writes;
        lock.lock();
        try {
            writes = new java.util.ArrayList<>(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        if (writes.isEmpty()) {
            return; // taken by an earlier drain
        }
        RuntimeException failed = null;
        try {
            tx.inTransaction(() -> {
                writes.forEach(Runnable::run);
                return null;
            });
        } catch (RuntimeException e) {
            failed = e;
        }
        lock.lock();
        try {
            written += writes.size();
            if (failed != null && failure == null) {
                failure = failed;
            }
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The number of the last write handed over. */
    long submitted() {
        lock.lock();
        try {
            return submitted;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every write up to {@code number} is done. */
    void awaitUpTo(long number) {
        lock.lock();
        try {
            while (written < number) {
                progress.awaitUninterruptibly();
            }
            rethrow();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every write handed over so far is done. */
    void awaitAll() {
        awaitUpTo(submitted());
    }

    private void rethrow() {
        RuntimeException f = failure;
        if (f != null) {
            failure = null;
            throw f;
        }
    }
}
