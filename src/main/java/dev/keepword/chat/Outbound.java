package dev.keepword.chat;

import dev.keepword.app.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What an adapter sends after a request was answered (a command's DMs and channel posts, a reply, a card update), off
 * the request and inbox threads, each message tried again as the platform asks. The sender's own pacing
 * ({@link Delivery.Retry#paced}) is no failure: a burst of commands waits its turn, backing off as
 * {@link Delivery.Retry#pacedWait} says, for up to {@link Policy#pacedForAtMost}; the platform's own refusals (429, 5xx)
 * are tried {@link Policy#attempts} times, never sooner than it asked. Shared by the Slack and Teams adapters.
 */
public final class Outbound implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);

    /**
     * How a platform's messages are tried again.
     *
     * @param attempts       tries in all when the platform refuses (not counting the sender's own pacing)
     * @param pacedForAtMost how long a message may wait for the sender's pacing before it is given up
     * @param backoff        the wait after failed attempt {@code n} (1-based) that the platform answered with this retry
     */
    public record Policy(int attempts, Duration pacedForAtMost, BiFunction<Integer, Delivery.Retry, Duration> backoff) {
    }

    private final String platform;
    private final Policy policy;
    private final ScheduledThreadPoolExecutor executor;

    /** A queue for {@code platform}'s messages on {@code threads} daemon threads named {@code threadName-n}. */
    public Outbound(String platform, String threadName, int threads, Policy policy) {
        this.platform = platform;
        this.policy = policy;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // a retry due after the stop waits for nobody
    }

    /**
     * Sends one message: {@code attempt} is called now, and again while it answers {@link Delivery.Retry} and the policy
     * allows; {@code outcome} gets what the last attempt answered (not called when the process stops first).
     * {@code what} names the message in the log ("a DM to U123"), never its text.
     */
    public void send(String what, Supplier<Delivery> attempt, Consumer<Delivery> outcome) {
        Instant giveUp = Instant.now().plus(policy.pacedForAtMost());
        execute(() -> tryOnce(what, attempt, outcome, 1, 0, giveUp));
    }

    /** One try; {@code failures} counts the platform's refusals so far plus one, {@code paced} the waits for pacing. */
    private void tryOnce(String what, Supplier<Delivery> attempt, Consumer<Delivery> outcome, int failures, int paced,
                         Instant giveUp) {
        Delivery d;
        try {
            d = attempt.get();
        } catch (RuntimeException e) {
            LOG.error("Sending {} to {} failed", what, platform, e);
            return;
        }
        if (d instanceof Delivery.Retry r) {
            boolean failed = !r.paced() || Instant.now().isAfter(giveUp);
            if (failed && failures >= policy.attempts()) {
                LOG.warn("Gave up on {} to {} after {} attempts: {}", what, platform, failures, r.reason());
                outcome.accept(d);
                return;
            }
            if (executor.isShutdown()) {
                LOG.info("Stopping; {} to {} was not sent", what, platform);
                return;
            }
            Duration wait = r.paced() ? r.pacedWait(paced) : policy.backoff().apply(failures, r);
            int nextFailures = failed ? failures + 1 : failures;
            int nextPaced = r.paced() ? paced + 1 : paced;
            schedule(() -> tryOnce(what, attempt, outcome, nextFailures, nextPaced, giveUp), wait);
            return;
        }
        outcome.accept(d);
    }

    /** Runs a task off the caller's thread; false (logged) when stopping. */
    public boolean execute(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            LOG.info("Stopping; a {} task was not run", platform);
            return false;
        }
    }

    /** Runs a task after {@code wait}; false (logged) when stopping. */
    public boolean schedule(Runnable task, Duration wait) {
        try {
            executor.schedule(task, Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            LOG.info("Stopping; a {} task was not retried", platform);
            return false;
        }
    }

    /** True once {@link #close} has begun. */
    public boolean isShutdown() {
        return executor.isShutdown();
    }

    /**
     * Waits until what was handed over before this call has run (not retries scheduled for later: a message waiting for
     * pacing may wait minutes). One barrier task per thread can only all be running once nothing queued ahead of them
     * is. For tests and benchmarks.
     */
    public void drain() {
        int threads = executor.getCorePoolSize();
        CyclicBarrier barrier = new CyclicBarrier(threads + 1);
        for (int i = 0; i < threads; i++) {
            execute(() -> {
                try {
                    barrier.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (BrokenBarrierException | TimeoutException e) {
                    // the waiting caller reports it
                }
            });
        }
        try {
            barrier.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the " + platform + " outbound queue did not drain", e);
        }
    }

    /**
     * Lets what was handed over finish for up to ten seconds (never interrupting it: a thread interrupted inside H2
     * closes the database), drops retries scheduled for later, stops.
     */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Some {} messages were still being sent at shutdown", platform);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
