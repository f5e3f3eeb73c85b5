package dev.keepword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.app.Delivery;
import dev.keepword.app.MutableClock;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Kind;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;
import dev.keepword.store.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code kill -9} in the middle of dispatch. A child JVM ({@link CrashChild}) delivers 3,000 due nudges
 * through an fsynced chat sink that stops answering a quarter of the way in; the test SIGKILLs it there, starts it again after the lease has run out,
 * and reads what recipients actually got: every planned nudge at least once, and no more duplicates than the rows
 * leased at the kill: the batch being sent and, while its outcomes are still being written, the one before it. Every wait is bounded in the test itself; no JUnit timeout, which would interrupt a thread inside H2
 * and close the database (STACK.md, trap 12).
 */
class CrashRecoveryTest {

    private static final String WS = "T-CRASH";
    private static final int COMMITMENTS = 3_000;
    private static final int PER_OWNER = 6;
    private static final int OWNERS_PER_ENGAGEMENT = 50;
    private static final int BATCH = 100;
    private static final Duration LEASE = Duration.ofMinutes(2);
    /** Monday morning; every commitment is due Wednesday, so each plans a heads-up for Monday 09:30 UTC. */
    private static final Instant RECORDED = Instant.parse("2026-11-23T08:00:00Z");
    private static final Instant DUE = Instant.parse("2026-11-25T17:00:00Z");
    private static final Instant HEADS_UP = Instant.parse("2026-11-23T09:30:00Z");
    private static final Instant DISPATCH_AT = HEADS_UP.plusSeconds(60);
    private static final Instant RESTART_AT = DISPATCH_AT.plus(LEASE).plusSeconds(60);

    @TempDir
    Path dir;

    @Test
    void killDashNineDuringDispatchLosesNothingAndResendsAtMostTheBatchInFlight() throws Exception {
        Path db = dir.resolve("keepword");
        Path deliveries = dir.resolve("deliveries.txt");
        long started = System.nanoTime();
        seed(db);
        System.out.printf("seeded %d commitments in %.1f s%n", COMMITMENTS, (System.nanoTime() - started) / 1e9);
        assertEquals(COMMITMENTS, dueHeadsUps(db), "every commitment has its heads-up planned and due");

        Process first = child(db, deliveries, DISPATCH_AT, "first", COMMITMENTS / 4);
        int seenBeforeKill;
        try {
            seenBeforeKill = waitForDeliveries(first, deliveries, COMMITMENTS / 4);
        } finally {
            first.destroyForcibly();
        }
        assertTrue(first.waitFor(10, TimeUnit.SECONDS), "the killed child exits");
        int linesAtKill = lines(deliveries).size();
        TreeSet<Long> leasedAtKill = leased(db);
        System.out.printf("killed with %d of %d delivered and %d rows leased%n", linesAtKill, COMMITMENTS,
                leasedAtKill.size());

        Process second = child(db, deliveries, RESTART_AT, "second", 0);
        try {
            assertTrue(second.waitFor(90, TimeUnit.SECONDS), "the restarted child finishes: " + log("second"));
        } finally {
            second.destroyForcibly();
        }

        List<String> delivered = lines(deliveries);
        Map<String, Long> perItem = delivered.stream().collect(Collectors.groupingBy(l -> l, Collectors.counting()));
        TreeSet<Long> missing = new TreeSet<>();
        for (long id = 1; id <= COMMITMENTS; id++) {
            if (!perItem.containsKey(String.valueOf(id))) {
                missing.add(id);
            }
        }
        int duplicates = delivered.size() - perItem.size();
        TreeSet<Long> duplicated = perItem.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> Long.parseLong(e.getKey())).collect(Collectors.toCollection(TreeSet::new));
        duplicated.removeAll(leasedAtKill);
        assertAll(
                () -> assertEquals(128 + 9, first.exitValue(), "the first child died of SIGKILL (exit 137)"),
                () -> assertTrue(seenBeforeKill > 0 && linesAtKill < COMMITMENTS,
                        "killed part-way: " + linesAtKill + " of " + COMMITMENTS + " delivered before the kill"),
                () -> assertEquals(0, second.exitValue(), "the restarted child exits cleanly: " + log("second")),
                () -> assertEquals(COMMITMENTS, perItem.size(), "reminders about unknown commitments"),
                () -> assertEquals(new TreeSet<Long>(), missing, "nudges lost across the kill"),
                // A claim takes BATCH due rows plus the same people's other due rows (one message per person); at most
                // two claims are unrecorded at once.
                () -> assertTrue(leasedAtKill.size() <= BATCH * PER_OWNER, leasedAtKill.size() + " rows leased at the kill"),
                () -> assertTrue(duplicates <= leasedAtKill.size(),
                        duplicates + " duplicates, more than the " + leasedAtKill.size() + " rows in flight"),
                () -> assertEquals(new TreeSet<Long>(), duplicated,
                        "re-sent although not in the batch in flight (" + leasedAtKill.size() + " rows leased at the kill); "
                                + "if whole batches before it came back, the database lost commits made just before "
                                + "the kill (H2's WRITE_DELAY, 500 ms by default: open H2 files with ;WRITE_DELAY=0)"),
                () -> assertEquals(COMMITMENTS, countState(db, "SENT"), "every heads-up row is recorded as sent"),
                () -> assertEquals(COMMITMENTS, count(db, "select count(*) from outbox where state = 'SENT' "
                        + "and sent_step = 'HEADS_UP'"), "what went out was the heads-up"),
                () -> assertEquals(0, countState(db, "SENDING"), "no row is left leased"));
    }

    private static void assertAll(org.junit.jupiter.api.function.Executable... checks) {
        org.junit.jupiter.api.Assertions.assertAll(checks);
    }

    /** Stores engagements, owners and commitments through the real stores and planner, at a settable clock. */
    private static void seed(Path db) {
        MutableClock clock = new MutableClock(RECORDED);
        try (Wiring wiring = new Wiring(Database.open(db.toString()), clock, CrashChild.AGREEMENT,
                (ws, user) -> Optional.empty(), (ws, target, message) -> new Delivery.Sent("unused"))) {
            int owners = COMMITMENTS / PER_OWNER;
            Map<Integer, Engagement> engagements = new HashMap<>();
            wiring.database().jdbc().inTransaction(() -> {
                for (int e = 0; e * OWNERS_PER_ENGAGEMENT < owners; e++) {
                    List<String> clients = new ArrayList<>();
                    for (int o = e * OWNERS_PER_ENGAGEMENT; o < Math.min(owners, (e + 1) * OWNERS_PER_ENGAGEMENT); o++) {
                        clients.add(owner(o));
                        wiring.parties().save(new Party(WS, owner(o), owner(o), ZoneId.of("UTC"), WorkingHours.OFFICE));
                    }
                    Engagement engagement = new Engagement(WS, "C-" + e, "client " + e, clients, List.of("U-LEAD-" + e),
                            "C-" + e + "-internal", ZoneId.of("UTC"), 2, CrashChild.AGREEMENT);
                    wiring.engagements().save(engagement);
                    engagements.put(e, engagement);
                }
                return null;
            });
            for (int from = 0; from < COMMITMENTS; from += 500) {
                int start = from;
                wiring.database().jdbc().inTransaction(() -> {
                    for (int i = start; i < Math.min(COMMITMENTS, start + 500); i++) {
                        int o = i / PER_OWNER;
                        Engagement e = engagements.get(o / OWNERS_PER_ENGAGEMENT);
                        Commitment c = Commitment.create(WS, wiring.commitments().nextId(WS), e.channelId(),
                                "deliverable " + i, Kind.DELIVERABLE, owner(o), e.leadConsultant(), DUE,
                                e.leadConsultant(), RECORDED);
                        wiring.commitments().save(c);
                        wiring.planner().changed(c, e, RECORDED);
                    }
                    return null;
                });
            }
        }
    }

    private static String owner(int n) {
        return "U-%04d".formatted(n);
    }

    private static long dueHeadsUps(Path db) {
        try (Database database = Database.open(db.toString())) {
            return database.jdbc().one("select count(*) from outbox where state = 'PLANNED' and step = 'HEADS_UP' "
                    + "and due_at <= ?", rs -> rs.getLong(1), DISPATCH_AT).orElse(0L);
        }
    }

    /** The commitments whose heads-up was claimed but not recorded: the batch in flight. */
    private static TreeSet<Long> leased(Path db) {
        try (Database database = Database.open(db.toString())) {
            return new TreeSet<>(database.jdbc().query("select commitment_id from outbox where state = 'SENDING'",
                    rs -> rs.getLong(1)));
        }
    }

    private static long count(Path db, String sql) {
        try (Database database = Database.open(db.toString())) {
            return database.jdbc().one(sql, rs -> rs.getLong(1)).orElse(0L);
        }
    }

    private static long countState(Path db, String state) {
        try (Database database = Database.open(db.toString())) {
            return database.jdbc().one("select count(*) from outbox where state = ? and step = 'HEADS_UP'",
                    rs -> rs.getLong(1), state).orElse(0L);
        }
    }

    /** A child dispatching at {@code now}; with {@code freezeAfter} > 0 it stops, mid-batch, after that many items. */
    private Process child(Path db, Path deliveries, Instant now, String name, int freezeAfter) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classpath, CrashChild.class.getName(),
                "--db", db.toString(), "--deliveries", deliveries.toString(), "--now", now.toString(),
                "--freeze-after-items", String.valueOf(freezeAfter), "--batch", String.valueOf(BATCH));
        builder.redirectOutput(dir.resolve(name + ".out").toFile());
        builder.redirectError(dir.resolve(name + ".err").toFile());
        return builder.start();
    }

    /**
     * Waits, on the child and not on the code under test, until at least {@code atLeast} items were delivered.
     * Bounded: fails if the child dies or takes longer than 30 s to get there.
     */
    private int waitForDeliveries(Process child, Path deliveries, int atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            int seen = Files.exists(deliveries) ? lines(deliveries).size() : 0;
            if (seen >= atLeast) {
                return seen;
            }
            if (!child.isAlive()) {
                throw new AssertionError("the child ended before it was killed (exit " + child.exitValue()
                        + ") after " + seen + " deliveries: " + log("first"));
            }
            child.waitFor(10, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("the child delivered fewer than " + atLeast + " items in 30 s: " + log("first"));
    }

    /** Complete lines only: a line cut short by the kill was never delivered. */
    private static List<String> lines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    }

    private String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".out")) + Files.readString(dir.resolve(name + ".err"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
