package dev.keepword.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A person's first messages arriving at once, each recorded inside a transaction of its own as a command does (where
 * a failed insert would abort the whole command on PostgreSQL). Returns what each caller threw, if anything.
 */
final class SightingsRace {
    private SightingsRace() {
    }

    static List<Throwable> firstSightings(Database database, JdbcSightings sightings, String ws, String user,
                                          List<Instant> times) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(times.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (Instant at : times) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return database.jdbc().inTransaction(() -> {
                        sightings.heard(ws, user, at);
                        return null;
                    });
                }));
            }
            start.countDown();
            List<Throwable> failures = new ArrayList<>();
            for (Future<?> f : futures) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }
}
