package dev.keepword.bench;

import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import dev.keepword.Serving;
import dev.keepword.SlackSurface;
import dev.keepword.Wiring;
import dev.keepword.app.Clock;
import dev.keepword.app.Installations;
import dev.keepword.config.ConfigFiles;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;
import dev.keepword.slack.FakeSlackApi;
import dev.keepword.slack.SlackBot;
import dev.keepword.slack.SlackChat;
import dev.keepword.slack.SlackSignature;
import dev.keepword.store.Database;
import dev.keepword.web.WebServer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ack latency of {@code /commit} in HTTP mode: Keepword as it runs (its own Jetty {@link WebServer}, the
 * {@code SlackEndpoint} that verifies the v0 signature, the real Bolt app of {@link SlackBot}, the use cases on an H2
 * file database, the Quartz clockwork ticking, the SDK talking to a {@link FakeSlackApi} on localhost) next to a bare
 * Bolt app that only acks (same {@link WebServer} class, Bolt's own servlet and signature check, same fake for
 * {@code auth.test}), under the same load from the same client, in the same JVM and run. Not a test: a main,
 * compiled with the tests and run with
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath dev.keepword.bench.SlackAckBenchmark --clients 50 --seconds 20"
 * </pre>
 *
 * ({@code exec:java -Dexec.mainClass=…} would run Keepword itself: the POM configures {@code exec:java}'s main class,
 * and configuration wins over the command line.)
 *
 * Each of {@code --clients} client threads plays one Slack user (several clients share a user when there are more
 * clients than {@code --users}) and sends signed, form-encoded {@code /commit} requests shaped like Slack's: a mix of
 * {@code create} ({@code <@U…> deliverable N by next tuesday 3pm}), {@code list} and {@code done ID} (an id that user recorded
 * earlier in the run; a create when they have none open). By default the load is a closed loop: each client sends
 * its next request when the previous one is answered, so 50 requests are always in flight. With {@code --rate R}
 * the clients send R requests per second in all, each on a fixed schedule, and latency is measured from the
 * scheduled send time (so a stalled server is not hidden by clients that stopped sending). Every target gets a
 * warm-up phase (not measured) before its measured phase; with {@code --rounds 2} (the default) the order is bare,
 * Keepword, Keepword, bare, and each target's figures pool its rounds. Latency is measured at the client, from
 * just before the request is sent until the whole response has been read.
 *
 * Keepword stores each command and acks it empty; its inbox thread handles it and answers through the command's
 * {@code response_url}, which here points at the fake Slack and names the user and operation. After each Keepword
 * phase the benchmark waits until everything acked has been handled and answered ({@link SlackBot#drain}), reports
 * how long that took, and reads the answers (ids recorded, failures); so the inbox never runs into a bare phase, and
 * a {@code done} names an id recorded in an earlier phase.
 */
public final class SlackAckBenchmark {
    static final String WS = FakeSlackApi.TEAM;
    static final String TOKEN = "xoxb-bench-token";
    static final String SECRET = "bench-signing-secret-8f742231b10e8888";
    /** Open loop: how long after its phase a client may still be sending the phase's requests. */
    static final long GRACE_NANOS = 10_000_000_000L;
    private static final Pattern RECORDED = Pattern.compile("Recorded \\*#(\\d+)\\*");
    private static final String[] WHEN = {"by friday", "by next tuesday 3pm", "by tomorrow", "by next week",
            "by in 2 working days", "by in 5 days"};

    private SlackAckBenchmark() {
    }

    record Options(int clients, double warmupSeconds, double seconds, long requests, int users, int engagements,
                   int create, int list, int done, double rate, int rounds, boolean clockwork, String h2Options,
                   boolean queryStats, Path dir, boolean keep, boolean holdInbox) {

        static Options parse(String[] args) {
            Map<String, String> m = BenchArgs.parse(args);
            Set<String> known = Set.of("clients", "warmup", "seconds", "requests", "users", "engagements", "mix", "rate",
                    "rounds", "no-clockwork", "h2-options", "query-stats", "dir", "keep", "hold-inbox");
            for (String k : m.keySet()) {
                if (!known.contains(k)) {
                    throw new IllegalArgumentException("unknown option --" + k + "; known: " + known);
                }
            }
            String[] mix = m.getOrDefault("mix", "50,30,20").split(",");
            Options o = new Options(
                    Integer.parseInt(m.getOrDefault("clients", "50")),
                    Double.parseDouble(m.getOrDefault("warmup", "5")),
                    Double.parseDouble(m.getOrDefault("seconds", "20")),
                    Long.parseLong(m.getOrDefault("requests", m.containsKey("seconds") ? "0" : "5000")),
                    Integer.parseInt(m.getOrDefault("users", "20")),
                    Integer.parseInt(m.getOrDefault("engagements", "4")),
                    Integer.parseInt(mix[0].trim()), Integer.parseInt(mix[1].trim()), Integer.parseInt(mix[2].trim()),
                    Double.parseDouble(m.getOrDefault("rate", "0")),
                    Integer.parseInt(m.getOrDefault("rounds", "2")),
                    !Boolean.parseBoolean(m.getOrDefault("no-clockwork", "false")),
                    m.getOrDefault("h2-options", ""),
                    Boolean.parseBoolean(m.getOrDefault("query-stats", "false")),
                    m.containsKey("dir") ? Path.of(m.get("dir")) : null,
                    Boolean.parseBoolean(m.getOrDefault("keep", "false")),
                    Boolean.parseBoolean(m.getOrDefault("hold-inbox", "false")));
            if (o.users() < 2 * o.engagements()) {
                throw new IllegalArgumentException("--users must be at least twice --engagements (a consultant and a client each)");
            }
            return o;
        }

        String load() {
            return rate > 0 ? String.format("open loop at %.0f requests/s in all", rate)
                    : "closed loop (each client sends its next request when the previous one is answered)";
        }

        String length() {
            return requests > 0 ? String.format("%,d requests", requests) : String.format("%.0f s", seconds);
        }
    }

    /** One Slack user the load plays, and the engagement channel they type in. */
    record User(String id, String channel, List<String> others) {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path dir = o.dir() != null ? Files.createDirectories(o.dir()) : Files.createTempDirectory("keepword-ackbench");
        System.out.printf("Slack ack benchmark: %d clients, %s; warm-up %.0f s then %s per target and round, %d round(s); "
                        + "mix create %d%% / list %d%% / done %d%%; %d users in %d engagements; H2 file database in %s; "
                        + "%d cores, load average %.1f, max heap %,d MB%n",
                o.clients(), o.load(), o.warmupSeconds(), o.length(), o.rounds(), o.create(), o.list(), o.done(),
                o.users(), o.engagements(), dir, Runtime.getRuntime().availableProcessors(), loadAverage(),
                Runtime.getRuntime().maxMemory() >> 20);
        QuietLogs.install();
        List<User> users = users(o);
        FakeSlackApi fake = new FakeSlackApi();
        for (User u : users) {
            fake.user(u.id(), "Person " + u.id(), "Europe/London");
        }
        Keepword keepword = null;
        Bare bare = null;
        try {
            keepword = Keepword.start(fake, dir, users, o);
            bare = Bare.start(fake);
            Load load = new Load(o, users, fake);
            Stats kw = new Stats("Keepword");
            Stats bareStats = new Stats("bare Bolt app (ack only)");
            for (int round = 1; round <= o.rounds(); round++) {
                boolean bareFirst = round % 2 == 1;
                for (int i = 0; i < 2; i++) {
                    boolean isBare = bareFirst == (i == 0);
                    Target t = isBare ? bare : keepword;
                    Stats s = isBare ? bareStats : kw;
                    load.run(t, o.warmupSeconds(), 0, null);
                    load.settle(t, null);
                    Stats phase = new Stats(s.name);
                    CountDownLatch held = new CountDownLatch(1);
                    if (o.holdInbox() && t instanceof Keepword k) { // the ack path alone: nothing handled meanwhile
                        k.bot.onInboxThread(() -> {
                            try {
                                held.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
                    }
                    load.run(t, o.seconds(), o.requests(), phase);
                    held.countDown();
                    String handled = load.settle(t, phase);
                    System.out.printf("round %d  %-26s %s%s%n", round, s.name, phase.line(), handled);
                    s.add(phase);
                }
            }
            // Everything is read before Keepword stops (its database closes), and printed after, so the messages
            // SlackBot still has in hand when it stops log before the summary rather than through it.
            List<String> out = new ArrayList<>();
            out.add("");
            out.add("== Summary ==");
            out.add(String.format("%-28s %s", bareStats.name, bareStats.line()));
            out.add(String.format("%-28s %s", kw.name, kw.line()));
            out.add("by operation, bare:     " + bareStats.ops());
            out.add("by operation, Keepword: " + kw.ops());
            out.add("Keepword answers through response_url (warm-up included): " + new java.util.TreeMap<>(load.answers));
            long answered = load.answers.values().stream().mapToLong(LongAdder::sum).sum();
            out.add(String.format("after each measured Keepword phase, the last command was handled and answered %s s after "
                    + "its ack (the inbox catching up; not part of the ack figures)", load.settleSeconds.stream()
                    .map(x -> String.format("%.1f", x)).collect(java.util.stream.Collectors.joining(" / "))));
            if (o.queryStats()) {
                out.addAll(queryStats(keepword, answered));
            }
            Keepword stopping = keepword;
            keepword = null;
            stopping.close(); // lets the messages SlackBot has in hand finish or give up, as it would at shutdown
            SlackChat.Stats chat = stopping.chat.stats();
            out.add(String.format("Keepword after the acks (off the ack path): %,d messages posted, %,d paced (Retry), %,d "
                            + "rate-limited by Slack; fake Slack saw %,d calls (auth.test %,d)", chat.sent(), chat.paced(),
                    chat.rateLimited(), fake.calls().size(), fake.calls("auth.test").size()));
            out.add("log lines after the first 3 of each kind, counted instead of printed: " + QuietLogs.counts());
            out.add(String.format("load average at the end: %.1f (other processes on this machine share its cores; CPU per "
                    + "request counts this process only, clients and fake Slack included)", loadAverage()));
            double ratio = kw.p(99) / bareStats.p(99);
            out.add(String.format("ratio of p99s (Keepword / bare): %.2f; ratio of throughputs (Keepword / bare): %.2f",
                    ratio, kw.throughput() / bareStats.throughput()));
            long failed = load.answers.entrySet().stream().filter(e -> e.getKey().startsWith("FAILED"))
                    .mapToLong(e -> e.getValue().sum()).sum();
            out.add(String.format("targets: Keepword p99 <= 1.25x bare: %s (%.2fx); Keepword p99 < 3 s: %s (max %,.1f ms); "
                            + "every request sent and acked 200: %s; every acked command answered once: %s (%,d of %,d); "
                            + "no command failed: %s", ratio <= 1.25 ? "yes" : "NO", ratio,
                    kw.p(99) < 3000 ? "yes" : "NO", kw.p(100), kw.errors.sum() + bareStats.errors.sum() + kw.unsent + bareStats.unsent == 0 ? "yes" : "NO",
                    answered == load.acked.sum() ? "yes" : "NO", answered, load.acked.sum(),
                    failed == 0 ? "yes" : "NO (" + failed + ")"));
            out.forEach(System.out::println);
        } finally {
            if (keepword != null) {
                keepword.close();
            }
            if (bare != null) {
                bare.close();
            }
            fake.close();
            if (!o.keep()) {
                BenchFiles.deleteTree(dir);
            } else {
                System.out.println("kept the database in " + dir);
            }
        }
        System.exit(0); // the SDK's and Jetty's non-daemon threads would otherwise keep the JVM running
    }

    /** Users U000…: in each engagement the first is the consultant (its lead), the rest are client members. */
    static List<User> users(Options o) {
        List<User> out = new ArrayList<>();
        Map<Integer, List<String>> members = new LinkedHashMap<>();
        for (int i = 0; i < o.users(); i++) {
            members.computeIfAbsent(i % o.engagements(), k -> new ArrayList<>()).add(String.format("U%03d", i));
        }
        members.forEach((e, ids) -> {
            for (String id : ids) {
                out.add(new User(id, channel(e), ids.stream().filter(x -> !x.equals(id)).toList()));
            }
        });
        out.sort(Comparator.comparing(User::id));
        return out;
    }

    static String channel(int e) {
        return String.format("C%03dENG", e);
    }

    // ---------------------------------------------------------------------------------------------------- targets

    interface Target extends AutoCloseable {
        URI uri();

        boolean isKeepword();
    }

    /** Keepword in HTTP mode, assembled as Keepword assembles it ({@code Serving}), pointed at the fake Slack. */
    static final class Keepword implements Target {
        final Serving serving;
        final Wiring wiring;
        final SlackBot bot;
        final SlackChat chat;

        private Keepword(Serving serving, SlackSurface surface) {
            this.serving = serving;
            this.wiring = serving.wiring();
            this.bot = surface.bot();
            this.chat = surface.chat();
        }

        static Keepword start(FakeSlackApi fake, Path dir, List<User> users, Options o) {
            Clock clock = Clock.system();
            Slack slack = SlackBot.slack(fake.apiUrl());
            SlackSurface surface = SlackSurface.of(slack, new SlackBot.Authorization.SingleWorkspace(TOKEN), SECRET,
                    Installations.single(TOKEN), clock, SlackChat.Limits.DEFAULT, null);
            Database database = Database.open("jdbc:h2:file:" + dir.resolve("keepword").toAbsolutePath() + o.h2Options()
                    + (o.queryStats() ? ";QUERY_STATISTICS=TRUE;QUERY_STATISTICS_MAX_ENTRIES=500" : ""));
            ConfigFiles config = new ConfigFiles(Path.of("config"));
            Agreement agreement = config.agreement();
            Serving serving = Serving.assemble(database, clock, Wiring.Policies.from(config), List.of(surface));
            Wiring wiring = serving.wiring();
            Map<String, List<String>> byChannel = new LinkedHashMap<>();
            for (User u : users) {
                wiring.parties().save(new Party(WS, u.id(), "Person " + u.id(), ZoneId.of("Europe/London"), WorkingHours.OFFICE));
                byChannel.computeIfAbsent(u.channel(), k -> new ArrayList<>()).add(u.id());
            }
            byChannel.forEach((channel, ids) -> wiring.engagements().save(new Engagement(WS, channel, "client " + channel,
                    ids.subList(1, ids.size()), List.of(ids.get(0)), channel + "-INTERNAL", ZoneId.of("Europe/London"), 2,
                    agreement)));
            // as Keepword serves it: the 10 s dispatcher tick when the clockwork runs
            serving.open("127.0.0.1", 0, o.clockwork() ? "ack-bench" : null);
            return new Keepword(serving, surface);
        }

        @Override
        public URI uri() {
            return URI.create("http://127.0.0.1:" + serving.port() + "/slack/events");
        }

        @Override
        public boolean isKeepword() {
            return true;
        }

        @Override
        public void close() {
            serving.close();
        }
    }

    /** The baseline: a Bolt app whose /commit handler only acks, behind the same server class, Bolt verifying the signature. */
    static final class Bare implements Target {
        final App app;
        final WebServer web;

        private Bare(App app, WebServer web) {
            this.app = app;
            this.web = web;
        }

        static Bare start(FakeSlackApi fake) {
            AppConfig config = AppConfig.builder().singleTeamBotToken(TOKEN).signingSecret(SECRET)
                    .slack(SlackBot.slack(fake.apiUrl())).build();
            App app = new App(config);
            app.command("/commit", (req, ctx) -> ctx.ack());
            app.start();
            WebServer web = WebServer.start("127.0.0.1", 0, Map.of("/slack/events", new SlackAppServlet(app)));
            return new Bare(app, web);
        }

        @Override
        public URI uri() {
            return URI.create("http://127.0.0.1:" + web.port() + "/slack/events");
        }

        @Override
        public boolean isKeepword() {
            return false;
        }

        @Override
        public void close() {
            web.close();
            app.stop();
        }
    }

    // ---------------------------------------------------------------------------------------------------- the load

    /** What the clients send and how; the answers Keepword gave, by kind. */
    static final class Load {
        final Options o;
        final List<User> users;
        final FakeSlackApi fake;
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        final SlackSignature signer = new SlackSignature(SECRET);
        /** Commitments each user recorded and has not marked done yet (Keepword's ids, read from its answers). */
        final Map<String, ConcurrentLinkedQueue<Long>> open = new ConcurrentHashMap<>();
        final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
        /** Keepword requests acked 200, and the answers read so far from the fake's {@code response_url}s. */
        final LongAdder acked = new LongAdder();
        private int answersRead;
        /** After each Keepword phase: how long until everything acked was handled and answered. */
        final List<Double> settleSeconds = new ArrayList<>();

        final AtomicLong serial = new AtomicLong();
        private int seed;

        Load(Options o, List<User> users, FakeSlackApi fake) {
            this.o = o;
            this.users = users;
            this.fake = fake;
            users.forEach(u -> open.put(u.id(), new ConcurrentLinkedQueue<>()));
        }

        /**
         * After a phase against Keepword: waits until every command it acked has been handled and answered (its inbox
         * and the answers' sends drained), then reads the answers; says how long that took. Nothing of it runs into
         * the next phase.
         */
        String settle(Target target, Stats phase) {
            if (!(target instanceof Keepword k)) {
                return "";
            }
            long start = System.nanoTime();
            k.bot.drain();
            double seconds = (System.nanoTime() - start) / 1e9;
            List<FakeSlackApi.Call> posted = fake.calls("response_url");
            for (FakeSlackApi.Call c : posted.subList(answersRead, posted.size())) {
                String[] path = c.param("path").split("/"); // /hooks/commands/T…/user/op/serial
                classify(path[4], path[5], c.param("text"));
            }
            answersRead = posted.size();
            if (phase == null) {
                return "";
            }
            settleSeconds.add(seconds);
            return String.format("%n         handled and answered through response_url: the last %.1f s after its ack; "
                    + "answers so far %,d of %,d acked", seconds, answersRead, acked.sum());
        }

        /** Runs the clients for {@code seconds} (or until {@code requests} in all, when positive); records into {@code stats}. */
        void run(Target target, double seconds, long requests, Stats stats) throws InterruptedException {
            if (seconds <= 0 && requests <= 0) {
                return;
            }
            long cpu0 = processCpuNanos();
            long start = System.nanoTime();
            long end = requests > 0 ? Long.MAX_VALUE : start + (long) (seconds * 1e9);
            AtomicLong left = new AtomicLong(requests > 0 ? requests : Long.MAX_VALUE);
            CountDownLatch done = new CountDownLatch(o.clients());
            List<Recorder> recorders = new ArrayList<>();
            for (int c = 0; c < o.clients(); c++) {
                User user = users.get(c % users.size());
                Random random = new Random(++seed);
                Recorder rec = new Recorder();
                recorders.add(rec);
                long interval = o.rate() > 0 ? (long) (o.clients() / o.rate() * 1e9) : 0;
                long offset = o.rate() > 0 ? (long) (random.nextDouble() * interval) : 0;
                Thread t = new Thread(() -> {
                    try {
                        long next = start + offset;
                        while (left.getAndDecrement() > 0) {
                            long scheduled = 0;
                            if (interval > 0) {
                                if (next >= end) {
                                    break;
                                }
                                if (System.nanoTime() > end + GRACE_NANOS) {
                                    // The server is so far behind that this client would still be sending the
                                    // phase's requests minutes later: count the rest as not sent, and stop.
                                    for (long at = next; at < end; at += interval) {
                                        rec.unsent++;
                                    }
                                    break;
                                }
                                long wait = next - System.nanoTime();
                                if (wait > 0) {
                                    TimeUnit.NANOSECONDS.sleep(wait);
                                }
                                scheduled = next; // latency from the scheduled time: a late start counts
                                next += interval;
                            } else if (System.nanoTime() >= end) {
                                break;
                            }
                            one(target, user, random, scheduled, rec);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                }, "ack-client-" + c);
                t.setDaemon(true);
                t.start();
            }
            done.await();
            long elapsed = System.nanoTime() - start;
            long cpu = processCpuNanos() - cpu0;
            if (stats != null) {
                stats.cpuNanos += cpu;
                for (Recorder r : recorders) {
                    stats.merge(r);
                }
                stats.nanos += elapsed;
            }
        }

        /** One request; {@code scheduled} is when it should have been sent (open loop), or 0 (closed loop: now). */
        private void one(Target target, User user, Random random, long scheduled, Recorder rec) {
            int pick = random.nextInt(o.create() + o.list() + o.done());
            int op;
            String text;
            Long doneId = null;
            if (pick >= o.create() + o.list() && (doneId = open.get(user.id()).poll()) != null) {
                op = 2;
                text = "done " + doneId + " shipped";
            } else if (pick >= o.create() && pick < o.create() + o.list()) {
                op = 1;
                text = random.nextBoolean() ? "list" : "list mine";
            } else {
                op = 0;
                String owner = random.nextInt(3) == 0 ? "" : "<@" + user.others().get(random.nextInt(user.others().size()))
                        + "|person> ";
                text = owner + "deliverable " + random.nextInt(1_000_000) + " " + WHEN[random.nextInt(WHEN.length)];
            }
            String body = commandBody(user.id(), user.channel(), text,
                    fake.hooksUrl() + "commands/" + WS + "/" + user.id() + "/" + OPS[op] + "/" + serial.incrementAndGet());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String ts = String.valueOf(System.currentTimeMillis() / 1000);
            HttpRequest request = HttpRequest.newBuilder(target.uri())
                    .timeout(Duration.ofSeconds(90))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Slack-Request-Timestamp", ts)
                    .header("X-Slack-Signature", signer.sign(ts, bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .build();
            long sent = System.nanoTime();
            long begin = scheduled > 0 ? scheduled : sent;
            if (scheduled > 0) {
                rec.lag(sent - scheduled);
            }
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                rec.error(System.nanoTime() - begin, op);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long latency = System.nanoTime() - begin;
            if (response.statusCode() != 200) {
                rec.error(latency, op);
                return;
            }
            rec.ok(latency, op);
            if (target.isKeepword()) {
                acked.increment();
            }
        }

        /** Reads Keepword's answer: a recorded id goes to the user's open list; every answer is counted by kind. */
        private void classify(String user, String op, String answer) {
            String text = answer == null ? "" : answer;
            String kind;
            Matcher m = RECORDED.matcher(text);
            if (m.find()) {
                open.get(user).add(Long.parseLong(m.group(1)));
                kind = "recorded";
            } else if (text.startsWith("Marked")) {
                kind = "marked done";
            } else if (text.startsWith("Something went wrong")) {
                kind = "FAILED (\"Something went wrong\")";
            } else if ("list".equals(op) && !text.startsWith("You are not")) {
                kind = "listed";
            } else {
                kind = op + " refused: " + text.substring(0, Math.min(60, text.length()));
            }
            answers.computeIfAbsent(kind, k -> new LongAdder()).increment();
        }
    }

    /**
     * A slash command as Slack posts it: form-encoded, the user's mentions already escaped as {@code <@U…|name>}, a
     * trigger id of its own, and a {@code response_url} (here at the fake Slack, naming who asked what).
     */
    static String commandBody(String user, String channel, String text, String responseUrl) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("token", "legacy-verification-token");
        f.put("team_id", WS);
        f.put("team_domain", "keepword-bench");
        f.put("channel_id", channel);
        f.put("channel_name", channel.toLowerCase());
        f.put("user_id", user);
        f.put("user_name", user.toLowerCase());
        f.put("command", "/commit");
        f.put("text", text);
        f.put("api_app_id", "A0KEEPWORD");
        f.put("is_enterprise_install", "false");
        f.put("response_url", responseUrl);
        f.put("trigger_id", "13345224609.738474920." + Long.toHexString(TRIGGERS.incrementAndGet()));
        StringBuilder out = new StringBuilder();
        f.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------------- figures

    static final String[] OPS = {"create", "list", "done"};
    private static final AtomicLong TRIGGERS = new AtomicLong(0x8088930838d88L);

    /** One client's latencies (ns) and operations, unsynchronised: only its thread writes, read after it ends. */
    static final class Recorder {
        long[] latencies = new long[1024];
        byte[] ops = new byte[1024];
        int n;
        long errors;
        long[] lags = new long[1024];
        int lagCount;
        /** Open loop: requests scheduled in the phase but never sent, because the server had not answered in time. */
        long unsent;

        /** Open loop: how late the client thread actually sent (sleep and scheduling delay on this machine). */
        void lag(long nanos) {
            if (lagCount == lags.length) {
                lags = Arrays.copyOf(lags, lagCount * 2);
            }
            lags[lagCount++] = nanos;
        }

        void ok(long nanos, int op) {
            if (n == latencies.length) {
                latencies = Arrays.copyOf(latencies, n * 2);
                ops = Arrays.copyOf(ops, n * 2);
            }
            ops[n] = (byte) op;
            latencies[n++] = nanos;
        }

        void error(long nanos, int op) {
            errors++;
            ok(nanos, op);
        }
    }

    static final class Stats {
        final String name;
        long[] latencies = new long[0];
        final LongAdder errors = new LongAdder();
        long nanos;
        /** CPU time of this whole process (servers, fake Slack and clients) during the measured phases. */
        long cpuNanos;
        /** The same figures by operation (create, list, done). */
        final Map<String, Stats> byOp = new LinkedHashMap<>();
        /** Open loop only: the client's send lag behind schedule, part of every latency figure. */
        Stats lags;
        long unsent;

        Stats(String name) {
            this.name = name;
        }

        void merge(Recorder r) {
            unsent += r.unsent;
            if (r.lagCount > 0) {
                (lags == null ? lags = new Stats("lag") : lags).append(r.lags, r.lagCount);
            }
            append(r.latencies, r.n);
            errors.add(r.errors);
            for (int op = 0; op < OPS.length; op++) {
                long[] mine = new long[r.n];
                int k = 0;
                for (int i = 0; i < r.n; i++) {
                    if (r.ops[i] == op) {
                        mine[k++] = r.latencies[i];
                    }
                }
                byOp.computeIfAbsent(OPS[op], Stats::new).append(mine, k);
            }
        }

        void add(Stats other) {
            append(other.latencies, other.latencies.length);
            errors.add(other.errors.sum());
            nanos += other.nanos;
            cpuNanos += other.cpuNanos;
            unsent += other.unsent;
            if (other.lags != null) {
                (lags == null ? lags = new Stats("lag") : lags).append(other.lags.latencies, other.lags.latencies.length);
            }
            other.byOp.forEach((op, s) -> byOp.computeIfAbsent(op, Stats::new).append(s.latencies, s.latencies.length));
        }

        private void append(long[] more, int count) {
            long[] all = Arrays.copyOf(latencies, latencies.length + count);
            System.arraycopy(more, 0, all, latencies.length, count);
            latencies = all;
        }

        /** Percentile in milliseconds (100 = the maximum). */
        double p(double percentile) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }

        double throughput() {
            return latencies.length / (nanos / 1e9);
        }

        String line() {
            return String.format("%,8d requests, %,7.0f req/s, ack latency p50 %7.2f ms, p90 %7.2f ms, p99 %7.2f ms, "
                    + "max %8.2f ms, errors %d; CPU %.2f ms/request%s", latencies.length, throughput(), p(50), p(90), p(99),
                    p(100), errors.sum(), cpuNanos / 1e6 / Math.max(1, latencies.length), lags == null ? ""
                            : String.format(" (of which client send lag p50 %.2f / p99 %.2f ms)", lags.p(50), lags.p(99)))
                    + (unsent == 0 ? "" : String.format("; %,d scheduled requests NOT SENT (the server had not answered "
                    + "the ones before them %d s after the phase ended; their latency is not in these figures)", unsent,
                    GRACE_NANOS / 1_000_000_000L));
        }

        String ops() {
            StringBuilder out = new StringBuilder();
            byOp.forEach((op, s) -> out.append(String.format("%s %,d: p50 %.2f / p99 %.2f ms; ", op, s.latencies.length,
                    s.p(50), s.p(99))));
            return out.toString();
        }
    }

    /** H2's statement statistics (warm-up included): where Keepword's database time goes, per request. */
    static List<String> queryStats(Keepword keepword, long requests) {
        record Stat(String sql, long runs, double totalMs) {
        }
        List<Stat> stats = keepword.wiring.database().jdbc().query("select sql_statement, execution_count, "
                + "cumulative_execution_time from information_schema.query_statistics", rs -> new Stat(
                rs.getString(1).replaceAll("\\s+", " "), rs.getLong(2), rs.getDouble(3)));
        long runs = stats.stream().mapToLong(Stat::runs).sum();
        double ms = stats.stream().mapToDouble(Stat::totalMs).sum();
        List<String> out = new ArrayList<>();
        out.add(String.format("H2 statements: %,d executions, %.1f per Keepword request (Quartz included), %.2f ms of H2 "
                + "time per request; the ten costliest:", runs, runs / (double) Math.max(1, requests), ms / Math.max(1, requests)));
        stats.stream().sorted(Comparator.comparingDouble(Stat::totalMs).reversed()).limit(10).forEach(st ->
                out.add(String.format("  %,8d runs %9.1f ms  %s", st.runs(), st.totalMs(),
                        st.sql().length() > 150 ? st.sql().substring(0, 150) + "…" : st.sql())));
        return out;
    }

    /**
     * Keeps the run readable: of each kind of WARN or ERROR log line (same logger, same message pattern) the first 3
     * are printed and the rest counted (SlackBot's "Gave up on a message…" comes by the thousand under this load).
     */
    static final class QuietLogs extends ch.qos.logback.classic.turbo.TurboFilter {
        private static final Map<String, AtomicLong> SEEN = new ConcurrentHashMap<>();

        static void install() {
            ch.qos.logback.classic.LoggerContext context =
                    (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
            QuietLogs filter = new QuietLogs();
            filter.setContext(context);
            filter.start();
            context.addTurboFilter(filter);
        }

        static Map<String, Long> counts() {
            Map<String, Long> out = new java.util.TreeMap<>();
            SEEN.forEach((k, v) -> {
                if (v.get() > 3) {
                    out.put(k, v.get() - 3);
                }
            });
            return out;
        }

        @Override
        public ch.qos.logback.core.spi.FilterReply decide(org.slf4j.Marker marker, ch.qos.logback.classic.Logger logger,
                                                          ch.qos.logback.classic.Level level, String format,
                                                          Object[] params, Throwable t) {
            if (level == null || format == null || !level.isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)) {
                return ch.qos.logback.core.spi.FilterReply.NEUTRAL;
            }
            String key = logger.getName().substring(logger.getName().lastIndexOf('.') + 1) + ": "
                    + (format.length() > 40 ? format.substring(0, 40) + "…" : format);
            long n = SEEN.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
            return n <= 3 ? ch.qos.logback.core.spi.FilterReply.NEUTRAL : ch.qos.logback.core.spi.FilterReply.DENY;
        }
    }

    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
