package dev.keepword.bench;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.keepword.Wiring;
import dev.keepword.app.Clock;
import dev.keepword.app.Inbound;
import dev.keepword.app.Installations;
import dev.keepword.app.Outgoing;
import dev.keepword.config.ConfigFiles;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;
import dev.keepword.slack.SlackBot;
import dev.keepword.slack.SlackChat;
import dev.keepword.slack.SlackDirectory;
import dev.keepword.store.Database;
import dev.keepword.store.Jdbc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A burst of nudges through the real sender: {@code --nudges} commitments (default 2,000) owed by {@code --people}
 * people (default 200), recorded through the real {@code /commit} use case so the real planner puts every "due today"
 * nudge at the same minute (Monday 09:30 London), then the real {@code DispatchDueNudges} (from {@link Wiring}) sends
 * them through the real {@link SlackChat} and the real Slack SDK to a fake Slack Web API on localhost that
 * <em>enforces</em> Slack's limits on {@code chat.postMessage}: a token bucket per channel (default 1 a second, bursts
 * of 3) and one per workspace (default 100 a minute, bursts of 10, a scaled-down "few hundred a minute"). A post over
 * either limit is answered HTTP 429 with a {@code Retry-After} in whole seconds, as Slack does, and is not delivered.
 * Not a test: a main, run with
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath dev.keepword.bench.SlackBurstBenchmark --nudges 2000 --people 200"
 * </pre>
 *
 * <p><b>Time.</b> Production runs the dispatcher from a Quartz tick every 10 s ({@code runDue(now)}), and SlackChat's
 * token buckets, the dispatcher's retry times and the fake's limits all read one clock. The run plays those ticks
 * itself on a clock that moves at wall-clock speed while anything works (so a batch that takes 2 s of real sending
 * lets 2 s of budget accrue, as it would in production) and jumps over the idle time between ticks (so a retry
 * planned an hour ahead does not take an hour to watch). {@code --real-time} sleeps through the idle time instead,
 * to check that the jumps change nothing.
 *
 * <p><b>Figures.</b> Budget used = posts Slack accepted ÷ posts the workspace limit allowed between the moment the
 * nudges fell due and the last accepted post (burst + rate × duration). The fake reads each accepted message's Block
 * Kit (every owner reminder carries a Done button whose value is the commitment id; the step comes from the text
 * before it) and counts deliveries per commitment id and step: the run proves each of the burst's nudges arrived
 * exactly once, or says which did not.
 */
public final class SlackBurstBenchmark {
    static final String WS = "T0BURST";
    static final String TOKEN = "xoxb-burst";
    static final ZoneId ZONE = ZoneId.of("Europe/London");
    /** Monday 23 November 2026, 08:00 in London (UTC in November): commitments are recorded before the nudge time. */
    static final Instant RECORDED_AT = Instant.parse("2026-11-23T08:00:00Z");

    private SlackBurstBenchmark() {
    }

    record Options(int nudges, int people, int engagements, int wsPerMinute, int wsBurst, double channelPerSecond,
                   int channelBurst, int senderPerMinute, int senderBurst, Duration tick, double maxHours,
                   boolean realTime, boolean diagnosis, String h2Options, Path dir, boolean keep) {

        static Options parse(String[] args) {
            Map<String, String> m = BenchArgs.parse(args);
            Set<String> known = Set.of("nudges", "people", "engagements", "workspace-per-minute", "workspace-burst",
                    "channel-per-second", "channel-burst", "sender-per-minute", "sender-burst", "tick-seconds",
                    "max-hours", "real-time", "no-diagnosis", "h2-options", "dir", "keep");
            for (String k : m.keySet()) {
                if (!known.contains(k)) {
                    throw new IllegalArgumentException("unknown option --" + k + "; known: " + known);
                }
            }
            int wsPerMinute = Integer.parseInt(m.getOrDefault("workspace-per-minute", "100"));
            int wsBurst = Integer.parseInt(m.getOrDefault("workspace-burst", "10"));
            return new Options(
                    Integer.parseInt(m.getOrDefault("nudges", "2000")),
                    Integer.parseInt(m.getOrDefault("people", "200")),
                    Integer.parseInt(m.getOrDefault("engagements", "10")),
                    wsPerMinute, wsBurst,
                    Double.parseDouble(m.getOrDefault("channel-per-second", "1")),
                    Integer.parseInt(m.getOrDefault("channel-burst", "3")),
                    Integer.parseInt(m.getOrDefault("sender-per-minute", String.valueOf(wsPerMinute))),
                    Integer.parseInt(m.getOrDefault("sender-burst", String.valueOf(wsBurst))),
                    Duration.ofMillis((long) (Double.parseDouble(m.getOrDefault("tick-seconds", "10")) * 1000)),
                    Double.parseDouble(m.getOrDefault("max-hours", "12")),
                    Boolean.parseBoolean(m.getOrDefault("real-time", "false")),
                    !Boolean.parseBoolean(m.getOrDefault("no-diagnosis", "false")),
                    m.getOrDefault("h2-options", ""),
                    m.containsKey("dir") ? Path.of(m.get("dir")) : null,
                    Boolean.parseBoolean(m.getOrDefault("keep", "false")));
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        SlackAckBenchmark.QuietLogs.install();
        Path dir = o.dir() != null ? Files.createDirectories(o.dir()) : Files.createTempDirectory("keepword-burstbench");
        SlackChat.Limits senderLimits = new SlackChat.Limits(SlackChat.Limits.DEFAULT.perChannelBurst(),
                SlackChat.Limits.DEFAULT.perChannelEvery(), o.senderPerMinute(), o.senderBurst());
        System.out.printf("Slack burst benchmark: %,d nudges due at once to %,d people in %d engagements; fake Slack "
                        + "enforces %.2f msg/s per channel (bursts of %d) and %d msg/min per workspace (bursts of %d); "
                        + "SlackChat paces at %s; dispatcher tick %d s; %s; %d cores, load average %.1f%n",
                o.nudges(), o.people(), o.engagements(), o.channelPerSecond(), o.channelBurst(), o.wsPerMinute(),
                o.wsBurst(), senderLimits, o.tick().toSeconds(), o.realTime() ? "real time"
                        : "clock at wall speed while working, jumping over idle time between ticks",
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        JumpClock clock = new JumpClock(RECORDED_AT, o.realTime());
        RateLimitedSlack fake = new RateLimitedSlack(clock, o);
        Database database = Database.open("jdbc:h2:file:" + dir.resolve("keepword").toAbsolutePath() + o.h2Options());
        SlackChat chat = new SlackChat(SlackBot.slack(fake.apiUrl()), Installations.single(TOKEN), clock, senderLimits);
        Agreement agreement = new ConfigFiles(Path.of("config")).agreement();
        try (Wiring wiring = new Wiring(database, clock, agreement, new SlackDirectory(chat, clock), chat)) {
            Instant dueAt = plan(o, wiring, agreement);
            Map<String, Long> planned = plannedBySlot(wiring);
            System.out.println("outbox before the burst (step @ due time = rows): " + planned);
            Map<String, List<Long>> byRecipient = new LinkedHashMap<>();
            wiring.database().jdbc().query("select recipient, commitment_id from outbox where state = 'PLANNED' "
                    + "and due_at <= ? order by commitment_id", rs -> byRecipient.computeIfAbsent(rs.getString(1),
                    k -> new ArrayList<>()).add(rs.getLong(2)), dueAt);
            List<Long> burst = byRecipient.values().stream().flatMap(List::stream).sorted().toList();
            System.out.printf("%,d nudges due at %s%n", burst.size(), dueAt);

            clock.jumpTo(dueAt);
            fake.start(dueAt);
            long realStart = System.nanoTime();
            Instant limit = dueAt.plus(Duration.ofMillis((long) (o.maxHours() * 3_600_000)));
            Instant tick = dueAt;
            int ticks = 0;
            int busyTicks = 0;
            long rows = 0;
            while (true) {
                clock.idleUntil(tick);
                int handled = wiring.dispatcher().runDue(clock.now());
                ticks++;
                if (handled > 0) {
                    busyTicks++;
                    rows += handled;
                }
                Instant now = clock.now();
                if (pending(wiring, now, o.nudges()) == 0 || now.isAfter(limit)) {
                    break;
                }
                // The next Quartz tick (every --tick-seconds; one missed while dispatching is skipped) at which
                // anything is due: the ticks in between would find nothing, so they are not played one by one.
                Instant next = nextDue(wiring).filter(now::isBefore).orElse(now);
                while (!tick.isAfter(now) || tick.isBefore(next)) {
                    tick = tick.plus(o.tick());
                }
            }
            double realSeconds = (System.nanoTime() - realStart) / 1e9;
            report(o, wiring, fake, chat, burst, dueAt, ticks, busyTicks, rows, realSeconds, clock.now());
            if (o.diagnosis()) {
                senderAlone(o, senderLimits, byRecipient, dueAt);
            }
        } finally {
            fake.close();
            if (!o.keep()) {
                BenchFiles.deleteTree(dir);
            } else {
                System.out.println("kept the database in " + dir);
            }
        }
        System.exit(0);
    }

    /**
     * Stores the people and engagements, then records each commitment with {@code /commit <@owner> … by today}, typed
     * by the engagement's consultant at 08:00: the real planner puts its "due today" nudge at 09:30, the agreement's
     * nudge time. Owners are interleaved (commitment i is owed by person i mod people). Returns the nudge time.
     */
    static Instant plan(Options o, Wiring wiring, Agreement agreement) {
        Map<Integer, List<String>> clients = new LinkedHashMap<>();
        for (int p = 0; p < o.people(); p++) {
            String id = person(p);
            wiring.parties().save(new Party(WS, id, "Person " + p, ZONE, WorkingHours.OFFICE));
            clients.computeIfAbsent(p % o.engagements(), k -> new ArrayList<>()).add(id);
        }
        clients.forEach((e, ids) -> {
            wiring.parties().save(new Party(WS, lead(e), "Consultant " + e, ZONE, WorkingHours.OFFICE));
            wiring.engagements().save(new Engagement(WS, channel(e), "client " + e, ids, List.of(lead(e)),
                    channel(e) + "X", ZONE, 2, agreement));
        });
        long t0 = System.nanoTime();
        int recorded = 0;
        for (int i = 0; i < o.nudges(); i++) {
            int p = i % o.people();
            int e = p % o.engagements();
            List<Outgoing> out = wiring.commands().handle(new Inbound(WS, channel(e), lead(e),
                    "<@" + person(p) + "> deliverable " + (i + 1) + " by today"));
            if (out.get(0).message().plain().startsWith("Recorded")) {
                recorded++;
            } else if (i < 3) {
                System.out.println("not recorded: " + out.get(0).message().plain());
            }
        }
        System.out.printf("recorded %,d commitments through /commit in %.1f s%n", recorded, (System.nanoTime() - t0) / 1e9);
        return wiring.database().jdbc().one("select min(due_at) as first_due from outbox where state = 'PLANNED' "
                + "and step = 'DUE_TODAY'", rs -> Jdbc.instant(rs, "first_due")).orElseThrow();
    }

    private static Map<String, Long> plannedBySlot(Wiring wiring) {
        Map<String, Long> out = new TreeMap<>();
        wiring.database().jdbc().query("select step, due_at, count(*) as n from outbox where state = 'PLANNED' "
                + "group by step, due_at", rs -> {
                    out.merge(rs.getString("step") + " @ " + Jdbc.instant(rs, "due_at"), rs.getLong("n"), Long::sum);
                    return null;
                });
        return out;
    }

    /** Rows still to do: planned and due by now, being sent, or a burst nudge waiting for its turn or its retry. */
    private static long pending(Wiring wiring, Instant now, int nudges) {
        return wiring.database().jdbc().one("select count(*) from outbox where (state = 'PLANNED' and due_at <= ?) "
                + "or state = 'SENDING' or (state = 'PLANNED' and step = 'DUE_TODAY' and commitment_id <= ?)",
                rs -> rs.getLong(1), now, (long) nudges).orElse(0L);
    }

    private static java.util.Optional<Instant> nextDue(Wiring wiring) {
        return wiring.database().jdbc().one("select min(due_at) as next_due from outbox where state = 'PLANNED'",
                rs -> Jdbc.instant(rs, "next_due"));
    }

    static void report(Options o, Wiring wiring, RateLimitedSlack fake, SlackChat chat, List<Long> burst, Instant dueAt,
                       int ticks, int busyTicks, long rows, double realSeconds, Instant end) {
        System.out.println();
        System.out.println("== Summary ==");
        List<RateLimitedSlack.Accepted> accepted = fake.accepted();
        Instant last = accepted.isEmpty() ? dueAt : accepted.get(accepted.size() - 1).at();
        double minutes = Duration.between(dueAt, last).toMillis() / 60_000.0;
        double allowed = o.wsBurst() + o.wsPerMinute() * minutes;
        long used = accepted.size();
        double ideal = Math.max(0, (used - o.wsBurst()) / (double) o.wsPerMinute());
        System.out.printf("dispatcher: %,d ticks (%,d with work), %,d outbox rows handled; simulated %s, real %.1f s%n",
                ticks, busyTicks, rows, human(Duration.between(dueAt, end)), realSeconds);
        System.out.printf("Slack accepted %,d posts between %s and %s (%s); the workspace limit allowed %,.0f in that time "
                        + "(the fastest possible: %s)%n", used, dueAt, last, human(Duration.between(dueAt, last)), allowed,
                human(Duration.ofMillis((long) (ideal * 60_000))));
        Map<String, Long> refusals = fake.refusals();
        System.out.printf("Slack answered 429 %,d times %s; posts made while a Retry-After was running: %,d%n",
                refusals.values().stream().mapToLong(Long::longValue).sum(), refusals, fake.earlyRetries.get());
        SlackChat.Stats s = chat.stats();
        System.out.printf("SlackChat: %,d sent, %,d paced by its own buckets (answered Retry), %,d rate-limited by Slack, "
                + "%,d transient failures, %,d refused%n", s.sent(), s.paced(), s.rateLimited(), s.transientFailures(), s.refused());

        // exactly once, at the fake
        Map<Long, Map<String, Integer>> items = fake.items();
        Set<Long> burstIds = new java.util.LinkedHashSet<>(burst);
        long once = 0;
        List<Long> missing = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        Map<String, Long> steps = new TreeMap<>();
        for (long id : burstIds) {
            Map<String, Integer> got = items.getOrDefault(id, Map.of());
            int total = got.values().stream().mapToInt(Integer::intValue).sum();
            got.forEach((step, n) -> steps.merge(step, (long) n, Long::sum));
            if (total == 0) {
                missing.add(id);
            } else if (total == 1) {
                once++;
            } else {
                twice.add("#" + id + " " + got);
            }
        }
        long outside = items.keySet().stream().filter(id -> !burstIds.contains(id)).count();
        long waiting = wiring.database().jdbc().one("select count(*) from outbox where step = 'DUE_TODAY' "
                + "and state in ('PLANNED', 'SENDING') and commitment_id <= ?", rs -> rs.getLong(1), (long) o.nudges())
                .orElse(0L);
        System.out.printf("nudges: %,d due; delivered exactly once %,d; missing %,d%s%s; delivered more than once %,d%s; "
                        + "items by step %s; items for other commitments %,d%n", burstIds.size(), once, missing.size(),
                waiting == 0 ? "" : " (" + waiting + " of them still waiting for a retry when the run stopped at "
                        + "--max-hours)",
                missing.isEmpty() ? "" : " (e.g. " + missing.stream().limit(5).map(id -> "#" + id).toList() + ")",
                twice.size(), twice.isEmpty() ? "" : " (e.g. " + twice.stream().limit(5).toList() + ")", steps, outside);
        Map<String, Long> states = new TreeMap<>();
        wiring.database().jdbc().query("select step, state, count(*) from outbox where commitment_id <= ? and due_at <= ? "
                + "group by step, state", rs -> {
                    states.put(rs.getString(1) + " " + rs.getString(2), rs.getLong(3));
                    return null;
                }, (long) o.nudges(), end);
        Map<String, Long> errors = new TreeMap<>();
        wiring.database().jdbc().query("select last_error, count(*) from outbox where state = 'FAILED' group by last_error",
                rs -> {
                    errors.put(rs.getString(1), rs.getLong(2));
                    return null;
                });
        System.out.println("outbox rows due by the end, by step and state: " + states + (errors.isEmpty() ? ""
                : "; failed because: " + errors));
        Map<Integer, Long> perMessage = accepted.stream().collect(Collectors.groupingBy(RateLimitedSlack.Accepted::items,
                TreeMap::new, Collectors.counting()));
        System.out.println("accepted posts by number of nudge items in them: " + perMessage);
        if (!SlackAckBenchmark.QuietLogs.counts().isEmpty()) {
            System.out.println("log lines after the first 3 of each kind, counted instead of printed: "
                    + SlackAckBenchmark.QuietLogs.counts());
        }
        double share = used / allowed;
        System.out.printf("budget used: %.1f%% (%,d of %,.0f); target >= 95%%: %s; none lost: %s; none twice: %s%n",
                share * 100, used, allowed, share >= 0.95 ? "yes" : "NO", missing.isEmpty() ? "yes"
                        : missing.size() > waiting ? "NO" : "not settled (" + waiting + " still waiting)",
                twice.isEmpty() ? "yes" : "NO");
    }

    /**
     * The diagnosis: the same messages (one per person, their nudges as items with the same buttons) through a fresh
     * SlackChat against a fresh fake with the same limits, driven by the most patient caller there is: each message is
     * tried again exactly when SlackChat's {@code Retry} says, never counting attempts. What budget share the sender
     * and its buckets reach on their own, without the dispatcher's retry policy and its 10-second tick.
     */
    static void senderAlone(Options o, SlackChat.Limits limits, Map<String, List<Long>> byRecipient, Instant dueAt)
            throws Exception {
        JumpClock clock = new JumpClock(dueAt, false);
        try (RateLimitedSlack fake = new RateLimitedSlack(clock, o)) {
            fake.start(dueAt);
            SlackChat chat = new SlackChat(SlackBot.slack(fake.apiUrl()), Installations.single(TOKEN), clock, limits);
            record Pending(Instant at, String person, dev.keepword.app.Message message) {
            }
            java.util.PriorityQueue<Pending> queue = new java.util.PriorityQueue<>(Comparator.comparing(Pending::at));
            byRecipient.forEach((person, ids) -> {
                dev.keepword.app.Message.Builder m = dev.keepword.app.Message.builder();
                if (ids.size() > 1) {
                    m.line(dev.keepword.app.Message.bold(ids.size() + " commitments need a look:"));
                }
                for (long id : ids) {
                    m.line("Due today: ", dev.keepword.app.Message.bold("#" + id + " deliverable " + id),
                            ", owed to ", dev.keepword.app.Message.mention("UL000"), ", by today 17:00.")
                            .button("Done", "done", String.valueOf(id)).button("New date", "move", String.valueOf(id))
                            .button("Blocked", "blocked", String.valueOf(id)).button("Not mine", "notmine", String.valueOf(id));
                }
                queue.add(new Pending(dueAt, person, m.build()));
            });
            long undeliverable = 0;
            while (!queue.isEmpty()) {
                Pending next = queue.poll();
                clock.idleUntil(next.at());
                dev.keepword.app.Delivery d = chat.send(WS, new dev.keepword.app.Target.Direct(next.person(), null),
                        next.message());
                if (d instanceof dev.keepword.app.Delivery.Retry r) {
                    queue.add(new Pending(clock.now().plus(r.after()), next.person(), next.message()));
                } else if (!(d instanceof dev.keepword.app.Delivery.Sent)) {
                    undeliverable++;
                }
            }
            List<RateLimitedSlack.Accepted> accepted = fake.accepted();
            Instant last = accepted.isEmpty() ? dueAt : accepted.get(accepted.size() - 1).at();
            double allowed = o.wsBurst() + o.wsPerMinute() * Duration.between(dueAt, last).toMillis() / 60_000.0;
            long items = fake.items().values().stream().mapToLong(m -> m.values().stream().mapToInt(Integer::intValue).sum())
                    .sum();
            long twice = fake.items().values().stream().filter(m -> m.values().stream().mapToInt(Integer::intValue).sum() > 1)
                    .count();
            System.out.printf("diagnosis, SlackChat alone retried exactly when it says: %,d posts in %s, budget used "
                            + "%.1f%% (%,d of %,.0f); 429s %s; posts during a Retry-After %,d; %,d nudge items, %,d twice, "
                            + "%,d undeliverable%n", accepted.size(), human(Duration.between(dueAt, last)),
                    accepted.size() / allowed * 100, accepted.size(), allowed, fake.refusals(), fake.earlyRetries.get(),
                    items, twice, undeliverable);
        }
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    static String person(int p) {
        return String.format("U%04d", p);
    }

    static String lead(int e) {
        return String.format("UL%03d", e);
    }

    static String channel(int e) {
        return String.format("C%03dB", e);
    }

    // ---------------------------------------------------------------------------------------------------- the clock

    /**
     * Keepword's clock for the run: from {@code origin} it moves at wall-clock speed, and {@link #skipTo} jumps it
     * forward over idle time (or, in real time, sleeps until then). Never goes back.
     */
    static final class JumpClock implements Clock {
        private final Instant origin;
        private final boolean realTime;
        private final long start = System.nanoTime();
        private final AtomicLong skipped = new AtomicLong();

        JumpClock(Instant origin, boolean realTime) {
            this.origin = origin;
            this.realTime = realTime;
        }

        @Override
        public Instant now() {
            return origin.plusNanos(System.nanoTime() - start + skipped.get());
        }

        /** Jumps to {@code at} (if it is ahead), whatever the mode: to go from recording to the burst. */
        void jumpTo(Instant at) {
            long ahead = Duration.between(now(), at).toNanos();
            if (ahead > 0) {
                skipped.addAndGet(ahead);
            }
        }

        /** The dispatcher waiting for pacing inside a batch: idle time like any other. */
        @Override
        public void sleep(Duration d) throws InterruptedException {
            idleUntil(now().plus(d));
        }

        /** Idle until {@code at}: a jump, or in real time a sleep. */
        void idleUntil(Instant at) throws InterruptedException {
            long ahead = Duration.between(now(), at).toNanos();
            if (ahead <= 0) {
                return;
            }
            if (realTime) {
                Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
            } else {
                skipped.addAndGet(ahead);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- the fake

    /**
     * A fake Slack Web API that enforces {@code chat.postMessage} limits on the run's clock: a token bucket per
     * channel and one for the workspace; a post over either is answered 429 with {@code Retry-After} (whole seconds,
     * rounded up) and not delivered. Answers {@code auth.test} and {@code users.info} too. Records every accepted post
     * and the nudge items in it.
     */
    static final class RateLimitedSlack implements AutoCloseable {
        record Accepted(Instant at, String channel, int items) {
        }

        private final JumpClock clock;
        private final Options o;
        private final HttpServer server;
        private final ExecutorService pool = Executors.newFixedThreadPool(4);
        private final Gson gson = new Gson();
        private final Map<String, double[]> channelBuckets = new HashMap<>(); // {tokens, last nanos of clock}
        private final double[] workspaceBucket;
        private final Map<String, Instant> pausedUntil = new HashMap<>();
        private final List<Accepted> accepted = new ArrayList<>();
        private final Map<Long, Map<String, Integer>> items = new ConcurrentHashMap<>();
        private final Map<String, Long> refusals = new TreeMap<>();
        final AtomicLong earlyRetries = new AtomicLong();
        private final AtomicLong ts = new AtomicLong(1_790_000_000_000_000L);
        private volatile Instant countFrom = Instant.MAX;

        RateLimitedSlack(JumpClock clock, Options o) throws IOException {
            this.clock = clock;
            this.o = o;
            this.workspaceBucket = new double[]{o.wsBurst(), Double.NaN};
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/api/", this::handle);
            server.setExecutor(pool);
            server.start();
        }

        String apiUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
        }

        /** Counting (and limiting) starts when the burst falls due; the buckets start full. */
        synchronized void start(Instant at) {
            countFrom = at;
        }

        synchronized List<Accepted> accepted() {
            List<Accepted> out = new ArrayList<>(accepted);
            out.sort(Comparator.comparing(Accepted::at));
            return out;
        }

        Map<Long, Map<String, Integer>> items() {
            return items;
        }

        synchronized Map<String, Long> refusals() {
            return new TreeMap<>(refusals);
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String method = exchange.getRequestURI().getPath().substring("/api/".length());
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
                Map<String, String> params = type.startsWith("application/json") ? json(body) : form(body);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("ok", true);
                switch (method) {
                    case "auth.test" -> {
                        out.put("team_id", WS);
                        out.put("user_id", "UBOT");
                        out.put("bot_id", "BBOT");
                    }
                    case "users.info" -> out.put("user", Map.of("id", String.valueOf(params.get("user")), "team_id", WS,
                            "name", "someone", "real_name", "Someone", "tz", ZONE.getId()));
                    case "chat.postMessage" -> {
                        long retryAfter = admit(params);
                        if (retryAfter > 0) {
                            exchange.getResponseHeaders().add("Retry-After", String.valueOf(retryAfter));
                            respond(exchange, 429, "{\"ok\":false,\"error\":\"ratelimited\"}");
                            return;
                        }
                        long n = ts.incrementAndGet();
                        String at = (n / 1_000_000) + "." + String.format("%06d", n % 1_000_000);
                        out.put("channel", params.get("channel"));
                        out.put("ts", at);
                        out.put("message", Map.of("type", "message", "ts", at, "text", String.valueOf(params.get("text"))));
                    }
                    default -> {
                    }
                }
                respond(exchange, 200, gson.toJson(out));
            }
        }

        /** 0 when the post is accepted (and recorded); otherwise the Retry-After in seconds. */
        private synchronized long admit(Map<String, String> params) {
            Instant now = clock.now();
            String channel = String.valueOf(params.get("channel"));
            if (now.isBefore(countFrom)) {
                return 0; // nothing is posted before the burst; accepted unlimited if it were
            }
            Instant paused = pausedUntil.get(channel);
            Instant wsPaused = pausedUntil.get("");
            if ((paused != null && now.isBefore(paused)) || (wsPaused != null && now.isBefore(wsPaused))) {
                earlyRetries.incrementAndGet();
            }
            double[] ch = channelBuckets.computeIfAbsent(channel, k -> new double[]{o.channelBurst(), Double.NaN});
            double chWait = waitFor(ch, o.channelBurst(), o.channelPerSecond(), now);
            double wsWait = waitFor(workspaceBucket, o.wsBurst(), o.wsPerMinute() / 60.0, now);
            if (chWait > 0 || wsWait > 0) {
                long after = (long) Math.ceil(Math.max(chWait, wsWait));
                after = Math.max(1, after);
                String scope = wsWait >= chWait ? "" : channel;
                pausedUntil.merge(scope, now.plusSeconds(after), (a, b) -> a.isAfter(b) ? a : b);
                refusals.merge(wsWait >= chWait ? "workspace" : "channel", 1L, Long::sum);
                return after;
            }
            ch[0] -= 1;
            workspaceBucket[0] -= 1;
            List<String[]> found = nudgeItems(params.get("blocks"));
            accepted.add(new Accepted(now, channel, found.size()));
            for (String[] item : found) {
                items.computeIfAbsent(Long.parseLong(item[0]), k -> new ConcurrentHashMap<>()).merge(item[1], 1, Integer::sum);
            }
            return 0;
        }

        /** Refills {@code bucket} ({tokens, last time in epoch nanos}) to {@code now}; seconds until it holds a token. */
        private static double waitFor(double[] bucket, int capacity, double perSecond, Instant now) {
            double nanos = now.getEpochSecond() * 1e9 + now.getNano();
            if (!Double.isNaN(bucket[1]) && nanos > bucket[1]) {
                bucket[0] = Math.min(capacity, bucket[0] + (nanos - bucket[1]) / 1e9 * perSecond);
            }
            if (Double.isNaN(bucket[1]) || nanos > bucket[1]) {
                bucket[1] = nanos;
            }
            return bucket[0] >= 1 ? 0 : (1 - bucket[0]) / perSecond;
        }

        /** The owner reminders in a message: each Done button's value (the commitment id) and the step its text names. */
        static List<String[]> nudgeItems(String blocksJson) {
            List<String[]> out = new ArrayList<>();
            if (blocksJson == null || blocksJson.isBlank()) {
                return out;
            }
            JsonArray blocks = JsonParser.parseString(blocksJson).getAsJsonArray();
            String lastText = "";
            for (JsonElement b : blocks) {
                JsonObject block = b.getAsJsonObject();
                String type = block.get("type").getAsString();
                if ("section".equals(type) && block.has("text")) {
                    lastText = block.getAsJsonObject("text").get("text").getAsString();
                } else if ("actions".equals(type)) {
                    for (JsonElement e : block.getAsJsonArray("elements")) {
                        JsonObject el = e.getAsJsonObject();
                        if (el.has("action_id") && "done".equals(el.get("action_id").getAsString())) {
                            out.add(new String[]{el.get("value").getAsString(), step(lastText)});
                        }
                    }
                }
            }
            return out;
        }

        /** The owner reminder's step, from the opening words of config/templates.yml. */
        static String step(String text) {
            if (text.startsWith("Friendly heads-up")) {
                return "HEADS_UP";
            }
            if (text.startsWith("Due today")) {
                return "DUE_TODAY";
            }
            if (text.startsWith("A reminder") || (text.contains(" was due ") && text.contains(" late"))) {
                return "OVERDUE";
            }
            if (text.startsWith("Snooze over")) {
                return "SNOOZE_END";
            }
            return "OTHER";
        }

        private static void respond(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }

        private static Map<String, String> form(String body) {
            Map<String, String> out = new HashMap<>();
            if (body.isEmpty()) {
                return out;
            }
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.put(k, v);
            }
            return out;
        }

        private static Map<String, String> json(String body) {
            Map<String, String> out = new HashMap<>();
            if (body.isBlank()) {
                return out;
            }
            JsonParser.parseString(body).getAsJsonObject().entrySet().forEach(e -> out.put(e.getKey(),
                    e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString()));
            return out;
        }

        @Override
        public void close() {
            server.stop(0);
            pool.shutdown();
        }
    }

}
