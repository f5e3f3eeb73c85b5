package dev.keepword.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.app.Delivery;
import dev.keepword.app.LocalSendBudget;
import dev.keepword.app.Message;
import dev.keepword.app.MutableClock;
import dev.keepword.app.SendBudget;
import dev.keepword.app.Target;
import dev.keepword.store.Database;
import dev.keepword.store.JdbcSendBudget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two Keepword processes sending to Teams for one bot, each with its own connection pool on one real PostgreSQL: with
 * the database's send budget ({@link JdbcSendBudget}) the per-conversation windows Teams documents and the bot's rate
 * hold for the two together, and together they use what one process alone would. The fake Bot Connector enforces the
 * documented windows and answers a send over them 429 as the Bot Connector does ({@link FakeBotConnector#THROTTLED}:
 * the Bot Framework schema's ErrorResponse from microsoft/botbuilder-java, with msteams-docs' code and message). The
 * same two processes each with a budget of their own draw 429s: the test can fail.
 *
 * <p>Time is a {@link MutableClock} shared by the two processes and the fake, moved on in ticks; at each tick every
 * process sends what it may, as the dispatcher would, and waits as long as a {@link Delivery.Retry} asks.
 */
class TeamsClusterBudgetTest {
    private static final String TENANT = TeamsHarness.TENANT;
    private static EmbeddedPostgres postgres;

    private final MutableClock clock = new MutableClock(TeamsHarness.MONDAY);
    private final List<Database> opened = new ArrayList<>();
    private FakeBotConnector connector;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void start() throws Exception {
        connector = new FakeBotConnector().enforce(new FakeBotConnector.Limits(clock::now,
                TeamsChat.Limits.DEFAULT.botPerSecond()));
        Database first = open();
        first.jdbc().update("delete from send_budget");
        first.jdbc().update("delete from teams_channel");
    }

    @AfterEach
    void stop() {
        connector.close();
        opened.forEach(Database::close);
    }

    @Test
    void twoProcessesKeepOneConversationsWindowsTogetherAndUseAllOfThem() {
        List<String> acme = channels(1);

        Run cluster = run(List.of(process(JdbcSendBudget::new), process(JdbcSendBudget::new)), acme, 30);

        assertEquals(0, connector.throttled(), "sends Teams answered 429");
        assertEquals(60, cluster.sent());
        // 6 at once, then one a second: what one process alone may send (the fake allows 7 in 1 s, 8 in 2 s, 60 in 30 s;
        // Keepword keeps one below the 1-s window's 7 for a request that arrives late).
        assertEquals(35, cluster.sentWithin(Duration.ofSeconds(30)));
        assertTrue(cluster.lastAfterStart().compareTo(Duration.ofMillis(54_010)) <= 0, "the 60th after " + cluster.lastAfterStart());
        assertTrue(cluster.sentBy().stream().allMatch(n -> n > 0), "both processes sent: " + cluster.sentBy());
    }

    @Test
    void twoProcessesWithABudgetEachOverrunAConversationAndTeamsAnswers429() {
        List<String> acme = channels(1);

        Run apart = run(List.of(process(d -> new LocalSendBudget()), process(d -> new LocalSendBudget())), acme, 30);

        assertTrue(connector.throttled() > 0, "429s: " + connector.throttled());
        assertEquals(60, apart.sent(), "all sent in the end, after Teams' pauses");
    }

    @Test
    void twoProcessesKeepTheBotsRateTogetherAcrossManyConversations() {
        List<String> many = channels(200);

        Run cluster = run(List.of(process(JdbcSendBudget::new), process(JdbcSendBudget::new)), many, 100);

        assertEquals(0, connector.throttled(), "sends Teams answered 429");
        assertEquals(200, cluster.sent());
        int botPerSecond = TeamsChat.Limits.DEFAULT.botPerSecond();
        // The bot's rate is 50 a second for both processes together: at least 90 % of it used, never more.
        int inThree = cluster.sentWithin(Duration.ofSeconds(3));
        assertTrue(inThree >= 0.9 * botPerSecond * 3 && inThree <= botPerSecond * 3 + 1, "sent in 3 s: " + inThree);
    }

    @Test
    void twoProcessesWithABudgetEachOverrunTheBotsRate() {
        List<String> many = channels(200);

        run(List.of(process(d -> new LocalSendBudget()), process(d -> new LocalSendBudget())), many, 100);

        assertTrue(connector.throttled() > 0, "429s: " + connector.throttled());
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** One Keepword process's Teams sender: its own pool on the shared PostgreSQL, its own token, its own budget. */
    private TeamsChat process(java.util.function.Function<Database, SendBudget> budget) {
        Database database = open();
        OkHttpClient http = new OkHttpClient();
        TeamsToken token = new TeamsToken(connector.tokenUrl(), TeamsHarness.APP_ID, TeamsHarness.PASSWORD, http, clock);
        TeamsConnector rest = new TeamsConnector(http, token, TeamsHarness.APP_ID);
        return new TeamsChat(rest, new TeamsReferences(database.dataSource()), clock, TeamsChat.Limits.DEFAULT,
                budget.apply(database));
    }

    private Database open() {
        Database d = Database.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
        opened.add(d);
        return d;
    }

    /** {@code n} channel conversations Keepword was added to, by their Keepword ids. */
    private List<String> channels(int n) {
        TeamsReferences refs = new TeamsReferences(opened.get(0).dataSource());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(refs.rememberConversation(TENANT, "19:channel-" + i + "@thread.tacv2", "channel", TeamsHarness.TEAM,
                    "Channel " + i, connector.serviceUrl(), clock.now()).channelId());
        }
        return ids;
    }

    /** What a run delivered: when each send went out, and how many each process sent. */
    private record Run(Instant start, List<Instant> sentAt, List<Integer> sentBy) {
        int sent() {
            return sentAt.size();
        }

        int sentWithin(Duration d) {
            return (int) sentAt.stream().filter(t -> t.isBefore(start.plus(d))).count();
        }

        Duration lastAfterStart() {
            return Duration.between(start, sentAt.get(sentAt.size() - 1));
        }
    }

    /**
     * Each process has {@code perProcess} messages, the i-th to {@code channels[(p * perProcess + i) % size]}; the clock
     * moves on 1 ms a tick until all are sent (at most 10 simulated minutes).
     */
    private Run run(List<TeamsChat> processes, List<String> channels, int perProcess) {
        Instant start = clock.now();
        List<Deque<String>> queues = new ArrayList<>();
        List<Instant> nextTry = new ArrayList<>();
        List<Integer> sentBy = new ArrayList<>();
        for (int p = 0; p < processes.size(); p++) {
            Deque<String> q = new ArrayDeque<>();
            for (int i = 0; i < perProcess; i++) {
                q.add(channels.get((p * perProcess + i) % channels.size()));
            }
            queues.add(q);
            nextTry.add(start);
            sentBy.add(0);
        }
        List<Instant> sentAt = new ArrayList<>();
        Supplier<Boolean> pending = () -> queues.stream().anyMatch(q -> !q.isEmpty());
        while (pending.get()) {
            assertTrue(clock.now().isBefore(start.plus(Duration.ofMinutes(10))), "still sending after 10 minutes");
            for (int p = 0; p < processes.size(); p++) {
                Deque<String> q = queues.get(p);
                while (!q.isEmpty() && !nextTry.get(p).isAfter(clock.now())) {
                    Delivery d = processes.get(p).send(TENANT, new Target.Channel(q.peek()), Message.text("Reminder"));
                    if (d instanceof Delivery.Sent) {
                        q.poll();
                        sentAt.add(clock.now());
                        sentBy.set(p, sentBy.get(p) + 1);
                    } else if (d instanceof Delivery.Retry r) {
                        nextTry.set(p, clock.now().plus(r.after()));
                    } else {
                        throw new AssertionError("not deliverable: " + d);
                    }
                }
            }
            clock.advance(Duration.ofMillis(1));
        }
        return new Run(start, sentAt, sentBy);
    }
}
