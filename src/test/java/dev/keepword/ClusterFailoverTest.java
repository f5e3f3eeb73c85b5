package dev.keepword;

import dev.keepword.app.Delivery;
import dev.keepword.app.MutableClock;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Kind;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;
import dev.keepword.schedule.Clockwork;
import dev.keepword.slack.FakeSlackApi;
import dev.keepword.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three Keepword processes (JVMs of their own) on one embedded PostgreSQL against the fake Slack, each failure a real
 * {@code kill -9}:
 * <ol>
 * <li><b>Weekly summary.</b> An engagement's summary falls due about a minute ahead, set with {@code /commit summary}.
 * Just before, the process holding its Quartz trigger (Quartz takes a trigger up to 30 s before it fires) is killed.
 * Another process plans it after Quartz's failover, measured against its bound (twice the check-in interval plus
 * 7.5 s), and it is posted exactly once. (A second summary of the same job firing meanwhile would free the dead
 * process's trigger at once, through Quartz's non-concurrent job blocking: one summary, so the failover is measured.)</li>
 * <li><b>Leased nudges.</b> With three processes again (one started in place of the dead one), nudges for
 * {@value #OWNERS} people fall due at once; Slack holds the first posts, so the process whose dispatcher claimed them is
 * killed with every one of them leased and some in flight, and with a backlog of acked commands in its inbox (stuck
 * behind a Slack call). The other two send every nudge and handle every command once within 30 s of the kill; the
 * only nudges sent twice are ones that had reached Slack before the kill (at most the batch in flight).</li>
 * </ol>
 */
class ClusterFailoverTest {
    private static final String SECRET = "cluster-failover-signing-secret";
    private static final String WS = FakeSlackApi.TEAM;
    private static final int OWNERS = 40;
    /** Acked commands the killed dispatcher also holds. */
    private static final int BACKLOG = 5;
    private static final String NUDGED = "C0NUDGED";
    private static final String SUMMARY = "C0SUMMARY";
    private static final WorkingHours ALWAYS = new WorkingHours(EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT,
            LocalTime.of(23, 59));

    @TempDir
    Path dir;

    @Test
    void aDueSummaryAndLeasedNudgesOfAKilledProcessAreEachSentOnceByTheOthers() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             FakeSlackApi slack = new FakeSlackApi().user("UMAYA", "Maya Okafor", "Europe/London")
                     .user("UNEW", "Noor Haddad", "Asia/Dubai")) {
            String db = postgres.getJdbcUrl("postgres", "postgres");
            ZoneId zone = summaryZone(Instant.now());
            seedPeople(db, zone);
            Set<String> owners = owners();
            // Pacing well above the 40 nudges (Slack's default here is 240 a minute, bursts of 20), so the figure
            // measured is the takeover, not the send rate.
            Map<String, String> env = Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_SIGNING_SECRET", SECRET, "PORT", "0",
                    "KEEPWORD_SLACK_API_URL", slack.apiUrl(), "KEEPWORD_DB_URL", db, "KEEPWORD_DB_USER", "postgres",
                    "KEEPWORD_CONFIG_DIR", Path.of("config").toAbsolutePath().toString(),
                    "KEEPWORD_SLACK_PER_MINUTE", "1200", "KEEPWORD_SLACK_BURST", "100");
            List<KeepwordProcess> nodes = new ArrayList<>();
            List<KeepwordProcess> all = new ArrayList<>();
            try (Database database = Database.open(db, "postgres", null)) {
                for (int n = 0; n < 3; n++) {
                    nodes.add(KeepwordProcess.start(Files.createDirectories(dir.resolve("node" + n)), env));
                }
                all.addAll(nodes);
                List<Integer> ports = new ArrayList<>();
                for (KeepwordProcess node : nodes) {
                    ports.add(node.awaitPort());
                }
                awaitQuartzNodes(database, nodes, Duration.ofSeconds(60));

                // (1) A weekly summary due in about a minute, set with /commit summary.
                ZonedDateTime due = Instant.now().plusSeconds(12).atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
                String text = "summary " + due.getDayOfWeek().name().toLowerCase(Locale.ROOT) + " "
                        + "%02d:%02d".formatted(due.getHour(), due.getMinute());
                HttpResponse<String> ack = KeepwordProcess.commandRequest(ports.get(0), SECRET, WS, SUMMARY, "UMAYA", text,
                        slack.hooksUrl() + "summary", "failover.summary", Duration.ofSeconds(30));
                assertEquals(200, ack.statusCode(), ack.body());
                slack.awaitOne("response_url", c -> c.param("path").equals("/hooks/summary"));
                long dueMillis = due.toInstant().toEpochMilli();

                // Just before it is due, the process holding its trigger dies.
                Held held = awaitHeldSummary(database, dueMillis - 3_000, dueMillis - 300);
                KeepwordProcess holding = byPid(nodes, held.pid());
                holding.process().destroyForcibly(); // kill -9
                assertTrue(holding.process().waitFor(10, TimeUnit.SECONDS));
                long killedAt = System.currentTimeMillis();

                long plannedAt = awaitPlanned(database, Duration.ofSeconds(60));
                long failover = plannedAt - killedAt;
                long late = plannedAt - dueMillis;
                // A process in place of the dead one, so that three take part in what follows.
                int dead = nodes.indexOf(holding);
                nodes.set(dead, KeepwordProcess.start(Files.createDirectories(dir.resolve("node" + dead + "-again")), env));
                all.add(nodes.get(dead));
                // On a weekend the summary is planned for Monday (the next working day): bring Monday forward.
                boolean broughtForward = database.jdbc().update("update outbox set due_at = ? where step in ('SUMMARY', "
                        + "'SUMMARY_INTERNAL') and state = 'PLANNED' and due_at > ?", Instant.now(), Instant.now()) > 0;
                slack.await("chat.postMessage", c -> SUMMARY.equals(c.param("channel")), 1, Duration.ofSeconds(45));
                slack.await("chat.postMessage", c -> (SUMMARY + "INT").equals(c.param("channel")), 1, Duration.ofSeconds(45));
                awaitSummariesSent(database, 2, Duration.ofSeconds(30));

                // (2) Leased nudges: 40 due at once; Slack holds the posts until the process sending them is dead.
                ports.set(dead, nodes.get(dead).awaitPort());
                awaitQuartzNodes(database, nodes, Duration.ofSeconds(60));
                Runnable answerPosts = slack.hold("chat.postMessage");
                Instant seededAt = Instant.now();
                seedNudges(db, seededAt);
                assertEquals(OWNERS, database.jdbc().one("select count(distinct recipient) from outbox where state = "
                        + "'PLANNED' and due_at <= ? and recipient like 'UN%'", rs -> rs.getLong(1), seededAt).orElse(0L),
                        "every owner has a nudge due");
                slack.await("chat.postMessage", c -> owners.contains(c.param("channel")), 1, Duration.ofSeconds(60));
                Map<String, Long> leased = database.jdbc().query("select lease_owner, count(*) from outbox where state = "
                        + "'SENDING' group by lease_owner", rs -> Map.entry(rs.getString(1), rs.getLong(2))).stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
                assertEquals(1, leased.size(), "one dispatcher holds the batch: " + leased);
                String holder = leased.keySet().iterator().next();
                long leasedAtKill = leased.get(holder);
                // A lease owner is "keepword-<host>-<pid>-<random>" (Wiring.defaultNode).
                java.util.regex.Matcher owner = java.util.regex.Pattern.compile("-(\\d+)-[0-9a-f]{8}$").matcher(holder);
                assertTrue(owner.find(), "a lease owner names its process: " + holder);
                KeepwordProcess dispatcher = byPid(nodes, Long.parseLong(owner.group(1)));
                // It also holds a backlog of acked commands: Noor is not stored yet, so the first looks her up, and
                // users.info does not answer.
                Runnable answerUsersInfo = slack.hold("users.info");
                int dispatcherPort = ports.get(nodes.indexOf(dispatcher));
                for (int i = 0; i < BACKLOG; i++) {
                    HttpResponse<String> acked = KeepwordProcess.commandRequest(dispatcherPort, SECRET, WS, NUDGED, "UMAYA",
                            "<@UNEW> deliver backlog " + i + " by friday", slack.hooksUrl() + "backlog/" + i,
                            "failover.backlog." + i, Duration.ofSeconds(30));
                    assertEquals(200, acked.statusCode(), acked.body());
                    assertEquals("", acked.body(), "backlog " + i + " taken");
                }
                slack.awaitOne("users.info", c -> "UNEW".equals(c.param("user")));
                dispatcher.process().destroyForcibly(); // kill -9
                assertTrue(dispatcher.process().waitFor(10, TimeUnit.SECONDS));
                long killed = System.nanoTime();
                int inFlightAtKill = postsTo(slack, owners).size();
                answerPosts.run();
                answerUsersInfo.run();

                long quartzRecovered = awaitEveryOwnerNudged(slack, owners, database, killed, Duration.ofSeconds(60));
                slack.await("response_url", c -> c.param("path").startsWith("/hooks/backlog/"), BACKLOG,
                        Duration.ofSeconds(60));
                long tookOver = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                awaitNoneLeft(database, seededAt, Duration.ofSeconds(30));
                Map<String, Long> answers = slack.calls("response_url").stream()
                        .filter(c -> c.param("path").startsWith("/hooks/backlog/"))
                        .collect(Collectors.groupingBy(c -> c.param("path"), Collectors.counting()));
                Map<String, Long> created = database.jdbc().query("select title from commitment where title like "
                        + "'deliver backlog %'", rs -> rs.getString(1)).stream()
                        .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
                for (int i = 0; i < BACKLOG; i++) {
                    assertEquals(1L, answers.getOrDefault("/hooks/backlog/" + i, 0L), "answers to backlog " + i);
                    assertEquals(1L, created.getOrDefault("deliver backlog " + i, 0L), "commitments from backlog " + i);
                }
                List<String> nudgePosts = postsTo(slack, owners);
                Map<String, Long> perOwner = nudgePosts.stream().collect(Collectors.groupingBy(o -> o, Collectors.counting()));
                int duplicates = nudgePosts.size() - perOwner.size();

                assertEquals(1, slack.calls("chat.postMessage").stream().filter(c -> SUMMARY.equals(c.param("channel")))
                        .count(), "summaries posted");
                assertEquals(1, slack.calls("chat.postMessage").stream()
                        .filter(c -> (SUMMARY + "INT").equals(c.param("channel"))).count(), "internal summaries posted");
                assertEquals(2L, database.jdbc().one("select count(*) from outbox where step in ('SUMMARY', "
                        + "'SUMMARY_INTERNAL')", rs -> rs.getLong(1)).orElse(0L), "summary rows planned");
                long bound = 2 * Clockwork.CLUSTER_CHECKIN.toMillis() + 7_500;
                assertTrue(failover <= bound + 5_000, "the dead process's summary planned " + failover
                        + " ms after the kill (Quartz's bound: " + bound + " ms)");
                assertEquals(owners, perOwner.keySet(), "every owner nudged");
                assertTrue(leasedAtKill >= OWNERS, leasedAtKill + " rows leased at the kill");
                assertTrue(duplicates <= inFlightAtKill, duplicates + " nudges sent twice, more than the " + inFlightAtKill
                        + " that had reached Slack when the process died (" + leasedAtKill + " rows leased)");
                assertTrue(tookOver <= 30_000, "every nudge sent and command answered " + tookOver + " ms after the kill");
                System.out.printf("Cluster failover: a weekly summary due with three processes, the holder of its "
                                + "trigger killed %.1f s before: planned by another %.1f s after the kill (%.1f s late; "
                                + "Quartz's bound %.1f s), posted once%s; "
                                + "%d nudge rows leased by a dispatcher killed with kill -9 (posts already at Slack: %d): "
                                + "Quartz noticed after %.1f s, every nudge sent and %d acked commands answered once by the "
                                + "other two %.1f s after the kill, %d nudges sent twice%n", (dueMillis - killedAt) / 1000.0, failover / 1000.0,
                        late / 1000.0, bound / 1000.0,
                        broughtForward ? " (a weekend: its posting time, Monday, brought forward)" : "",
                        leasedAtKill, inFlightAtKill, quartzRecovered / 1000.0, BACKLOG, tookOver / 1000.0, duplicates);
            } finally {
                for (int i = 0; i < all.size(); i++) {
                    KeepwordProcess p = all.get(i);
                    p.process().destroyForcibly();
                    p.process().waitFor(10, TimeUnit.SECONDS);
                    Files.writeString(Path.of("target", "ClusterFailoverTest-node" + i + ".log"), p.log());
                }
            }
        }
    }

    /** The process with this pid. */
    private static KeepwordProcess byPid(List<KeepwordProcess> nodes, long pid) {
        return nodes.stream().filter(p -> p.process().pid() == pid).findFirst()
                .orElseThrow(() -> new AssertionError("no process " + pid));
    }

    /** The owners a {@code chat.postMessage} was sent to, once per post. */
    private static List<String> postsTo(FakeSlackApi slack, Set<String> owners) {
        return slack.calls("chat.postMessage").stream().map(c -> c.param("channel")).filter(owners::contains).toList();
    }

    /**
     * Waits until every owner had a post; returns how long after {@code killed} (nanoTime) Quartz had noticed the dead
     * process (two members left), or -1 if it had not by then.
     */
    private static long awaitEveryOwnerNudged(FakeSlackApi slack, Set<String> owners, Database database, long killed,
                                              Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        long recovered = -1;
        while (!new HashSet<>(postsTo(slack, owners)).containsAll(owners)) {
            if (System.nanoTime() > deadline) {
                Set<String> missing = new HashSet<>(owners);
                missing.removeAll(postsTo(slack, owners));
                throw new AssertionError("not nudged within " + atMost + ": " + missing);
            }
            if (recovered < 0 && database.jdbc().one("select count(*) from qrtz_scheduler_state", rs -> rs.getLong(1))
                    .orElse(0L) == 2) {
                recovered = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // polling for a state
        }
        return recovered;
    }

    /** Waits until no outbox row due by {@code dueBy} is planned or leased any more. */
    private static void awaitNoneLeft(Database database, Instant dueBy, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        long left = -1;
        while (System.nanoTime() < deadline) {
            // A leased row's due_at is when its lease runs out: it is one of these if it was planned for by then.
            left = database.jdbc().one("select count(*) from outbox where (state = 'PLANNED' and due_at <= ?) "
                    + "or (state = 'SENDING' and planned_for <= ?)", rs -> rs.getLong(1), dueBy, dueBy).orElse(0L);
            if (left == 0) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // polling for a state
        }
        throw new AssertionError(left + " outbox rows due by " + dueBy + " still planned or leased after " + atMost);
    }

    /** Waits until {@code count} summary rows are recorded as sent. */
    private static void awaitSummariesSent(Database database, long count, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        long sent = -1;
        while (System.nanoTime() < deadline) {
            sent = database.jdbc().one("select count(*) from outbox where step in ('SUMMARY', 'SUMMARY_INTERNAL') "
                    + "and state = 'SENT'", rs -> rs.getLong(1)).orElse(0L);
            if (sent == count) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // polling for a state
        }
        throw new AssertionError(sent + " summaries recorded as sent, not " + count + ", after " + atMost);
    }

    private record Held(String trigger, long pid) {
    }

    private static final Pattern INSTANCE_PID = Pattern.compile("-(\\d+)-\\d+-\\d+$");

    /**
     * Waits until {@code from} (epoch ms), then until one of the summary triggers is acquired by a process (Quartz
     * takes a trigger up to 30 s before it fires and holds it until then), at the latest {@code until}.
     */
    private static Held awaitHeldSummary(Database database, long from, long until) {
        for (long wait = from - System.currentTimeMillis(); wait > 0; wait = from - System.currentTimeMillis()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(wait)); // the moment of the kill, on the wall clock
        }
        while (System.currentTimeMillis() < until) {
            List<String[]> held = database.jdbc().query("select f.trigger_name, f.instance_name from qrtz_fired_triggers f "
                    + "join qrtz_triggers t on t.sched_name = f.sched_name and t.trigger_name = f.trigger_name "
                    + "and t.trigger_group = f.trigger_group where f.trigger_group = 'keepword-summary' "
                    + "and f.state = 'ACQUIRED' and t.trigger_state = 'ACQUIRED'",
                    rs -> new String[]{rs.getString(1), rs.getString(2)});
            if (!held.isEmpty()) {
                System.out.println("Summary triggers at the kill: " + summaryTriggers(database));
                Matcher m = INSTANCE_PID.matcher(held.get(0)[1]);
                assertTrue(m.find(), held.get(0)[1]);
                return new Held(held.get(0)[0], Long.parseLong(m.group(1)));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polling for a state
        }
        throw new AssertionError("no process held a summary trigger before it was due");
    }

    /** The summary triggers' states and who holds them, for the record. */
    static List<String> summaryTriggers(Database database) {
        return database.jdbc().query("select t.trigger_name, t.trigger_state, t.next_fire_time, f.instance_name, f.state "
                + "from qrtz_triggers t left join qrtz_fired_triggers f on t.sched_name = f.sched_name "
                + "and t.trigger_name = f.trigger_name and t.trigger_group = f.trigger_group "
                + "where t.trigger_group = 'keepword-summary'", rs -> rs.getString(1) + " " + rs.getString(2) + " next "
                + rs.getLong(3) + " held by " + rs.getString(4) + " " + rs.getString(5));
    }

    /** Waits until the engagement's summary is planned; when it was first seen (epoch ms). */
    private static long awaitPlanned(Database database, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (database.jdbc().one("select count(*) from outbox where step = 'SUMMARY'", rs -> rs.getLong(1))
                .orElse(0L) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the summary not planned within " + atMost + ": " + summaryTriggers(database));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // polling for a state
        }
        return System.currentTimeMillis();
    }

    /**
     * Waits (up to {@code atMost}) until the clockworks of all {@code nodes} are checked in to the cluster; a process
     * that has ended fails the test at once, with its log.
     */
    private static void awaitQuartzNodes(Database database, List<KeepwordProcess> nodes, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            for (KeepwordProcess node : nodes) {
                assertTrue(node.process().isAlive(), () -> "a Keepword process ended: " + node.log());
            }
            seen = database.jdbc().one("select count(*) from qrtz_scheduler_state", rs -> rs.getLong(1)).orElse(0L);
            if (seen == nodes.size()) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // polling for a state
        }
        throw new AssertionError(seen + " Quartz nodes checked in, not " + nodes.size() + ", after " + atMost + ": "
                + database.jdbc().query("select instance_name from qrtz_scheduler_state", rs -> rs.getString(1)));
    }

    /**
     * A zone in which the summary, due about a minute from {@code now}, falls on a working day, so it is posted at once;
     * on a weekend there is none (the test then brings the posting time forward).
     */
    private static ZoneId summaryZone(Instant now) {
        for (String id : List.of("Europe/London", "Pacific/Kiritimati", "Asia/Tokyo", "America/New_York",
                "Pacific/Pago_Pago")) {
            DayOfWeek day = now.plusSeconds(120).atZone(ZoneId.of(id)).getDayOfWeek();
            if (day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY) {
                return ZoneId.of(id);
            }
        }
        return ZoneId.of("UTC");
    }

    private static Set<String> owners() {
        Set<String> owners = new HashSet<>();
        for (int i = 0; i < OWNERS; i++) {
            owners.add(owner(i));
        }
        return owners;
    }

    private static String owner(int i) {
        return "UN%02d".formatted(i);
    }

    /** Maya, Sam, {@value #OWNERS} clients, and an engagement with something due this week (its summary set later). */
    private static void seedPeople(String db, ZoneId summaryZone) {
        Instant now = Instant.now();
        try (Wiring wiring = new Wiring(Database.open(db, "postgres", null), new MutableClock(now), Agreement.DEFAULT,
                (ws, id) -> Optional.empty(), (ws, target, message) -> new Delivery.Sent("unused"))) {
            wiring.parties().save(new Party(WS, "UMAYA", "Maya Okafor", ZoneId.of("Europe/London"), WorkingHours.OFFICE));
            wiring.parties().save(new Party(WS, "USAM", "Sam Rivera", ZoneId.of("America/New_York"), WorkingHours.OFFICE));
            List<String> clients = new ArrayList<>();
            for (int i = 0; i < OWNERS; i++) {
                wiring.parties().save(new Party(WS, owner(i), "Owner " + i, ZoneId.of("UTC"), ALWAYS));
                clients.add(owner(i));
            }
            // Noor (a client too) is not stored as a person: a command that names her looks her up first.
            clients.add("UNEW");
            wiring.engagements().save(new Engagement(WS, NUDGED, "nudged", clients, List.of("UMAYA"), NUDGED + "INT",
                    ZoneId.of("UTC"), 2, Agreement.DEFAULT));
            wiring.engagements().save(new Engagement(WS, SUMMARY, "summary", List.of("USAM"), List.of("UMAYA"),
                    SUMMARY + "INT", summaryZone, 2, Agreement.DEFAULT));
            wiring.commitments().save(Commitment.create(WS, wiring.commitments().nextId(WS), SUMMARY, "the weekly report",
                    Kind.DELIVERABLE, "UMAYA", "USAM", now.plus(Duration.ofDays(3)), "UMAYA", now));
        }
    }

    /**
     * {@value #OWNERS} commitments, one per client of the nudged engagement, due tomorrow and recorded three days ago
     * (through the real store and planner), so each one's heads-up (and the notice that it was recorded) is due now.
     */
    private static void seedNudges(String db, Instant now) {
        Instant recorded = now.minus(Duration.ofDays(3));
        try (Wiring wiring = new Wiring(Database.open(db, "postgres", null), new MutableClock(recorded), Agreement.DEFAULT,
                (ws, id) -> Optional.empty(), (ws, target, message) -> new Delivery.Sent("unused"))) {
            Engagement nudged = wiring.engagements().byChannel(WS, NUDGED).orElseThrow();
            Instant due = now.plus(Duration.ofDays(1)).atZone(ZoneId.of("UTC")).toLocalDate().atTime(17, 0)
                    .atZone(ZoneId.of("UTC")).toInstant();
            wiring.database().jdbc().inTransaction(() -> {
                for (int i = 0; i < OWNERS; i++) {
                    Commitment c = Commitment.create(WS, wiring.commitments().nextId(WS), NUDGED, "deliverable " + i,
                            Kind.DELIVERABLE, owner(i), "UMAYA", due, "UMAYA", recorded);
                    wiring.commitments().save(c);
                    wiring.planner().changed(c, nudged, recorded);
                }
                return null;
            });
        }
    }
}
