package dev.keepword.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.keepword.Wiring;
import dev.keepword.app.MutableClock;
import dev.keepword.config.ConfigFiles;
import dev.keepword.config.DemoWorkspace;
import dev.keepword.config.Settings;
import dev.keepword.domain.Command;
import dev.keepword.domain.CommandParser;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Outcome;
import dev.keepword.domain.Party;
import dev.keepword.store.Database;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Throws thousands of random and hostile lines at the console workspace, built the way {@code Keepword} builds it
 * (demo workspace, real use cases, H2), and checks the promises the console makes whatever is typed: nothing
 * escapes as an exception, every line gets an answer, every answer is one tagged line that cannot ping a channel,
 * and the database changes only when a command says it did.
 */
class ConsoleFuzzTest {

    private static final long SEED = 20261123L;
    private static final int LINES = 12_000;
    private static final int FAR_FUTURE_LINES = 1_000;
    private static final Instant MONDAY_MORNING = Instant.parse("2026-11-23T10:00:00Z");
    private static final String WS = "console";

    private static final Pattern TAGGED = Pattern.compile("^\\[(?:private @[^\\]\\s]+|DM @[^\\]\\s]+|#[^\\]\\s]+|console)] .*",
            Pattern.DOTALL);
    private static final Pattern CHANGED = Pattern.compile("^\\[private @[^\\]]+] (?:Recorded #(\\d+):"
            + "|Marked #(\\d+) done\\.|Moved #(\\d+) to |Snoozed #(\\d+) until |Noted that #(\\d+) is blocked; reminders are paused until it gets a new date\\."
            + "|Cancelled #(\\d+)\\.$|Thanks\\. I've paused reminders for #(\\d+) )");
    private static final Pattern NEW_ENGAGEMENT = Pattern.compile("^\\[private @[^\\]]+] This channel is now an engagement\\. ");
    private static final Pattern SETUP_SAVED = Pattern.compile("^\\[private @[^\\]]+] (?:This channel is now an engagement\\. "
            + "|Updated this channel's engagement\\.$)");
    /** The working agreement, shown after the answer: a client member's first /commit in an engagement channel. */
    private static final Pattern AGREEMENT_SHOWN = Pattern.compile("^\\[private @([^\\]\\s]+)] Working agreement for #");
    private static final Pattern AGREED = Pattern.compile("^\\[private @([^\\]\\s]+)] Thank you: your agreement is noted\\. ");
    private static final Pattern TIER = Pattern.compile("^\\[private @[^\\]]+] This engagement is now tier ([123]): .*\\. "
            + "(\\d+) open commitments? re-planned\\.$");
    private static final Pattern IN_CHANNEL = Pattern.compile("^\\[console] In #([\\p{L}\\p{N}._-]{1,80})(?:\\.$| \\(no engagement)");

    private static final String[] PEOPLE = {"@maya", "@sam", "@lee"};
    private static final String[] VERBS = {"", "help", "?", "list", "ls", "done", "move", "snooze", "blocked", "block",
            "cancel", "setup", "notmine", "LIST", "Done", "MOVE", "agreement", "agree", "tier", "change", "status",
            "Agree", "TIER", "Change"};
    private static final String[] WHENS = {"friday", "tomorrow", "next tuesday 3pm", "in 3 days", "in 2 working days",
            "eod", "end of week", "end of month", "next month", "Dec 3", "3 Dec 5pm", "2026-12-03", "2027-01-15 09:30",
            "tomorrow morning", "noon", "in 1h", "yesterday", "2026-02-30", "someday", "13pm", "25:00", "feb 29"};
    private static final String[] HOSTILE = {
            "<!channel>", "<!here>", "<!everyone>", "<@U123>", "<@U123|sam>", "<#C1|x>", "<#C1>", "<!subteam^S1|@eng>",
            "<https://evil.example|click>", "&lt;!channel&gt;", "&amp;", "<", ">", "&",
            "'", "\"", "'; drop table commitment; --", "\"; delete from party; --", "' or '1'='1", "`rm -rf /`",
            "%s %n %d", "{0}", "${jndi:ldap://x/a}", "\\", "\\n", "(a+)+$", ".*", "[", "]", "[console]", "[DM @sam]",
            "😀", "👩‍👩‍👧‍👦", "🇺🇸", "👍🏽", "\uD83D\uDE00", "𝕳𝖊𝖑𝖑𝖔", "\u202Eevil\u202C", "\u200F", "\u200B", "\uFEFF",
            "שלום", "مرحبا", "e\u0301", "Z\u0351\u0352\u0353\u0354\u0355\u0356", "\u0000", "\u0007", "\u001B[31mred",
            "\t", "\r", "\n", "\r\n", "\u000B", "\u000C", "\u007F", "\u0085", "\u2028", "\u2029", "\uD83D", "\uDE00",
            "by", "to", "to @sam", "to @nobody", "kind:", "kind:payment", "kind:change_request", "kind:💥", "because",
            "#1", "#0", "#999999999", "#-1", "1e9", "-1", "0", "00000000001", "99999999999999999999",
            "@", "@@", "@maya", "@sam", "@lee", "@nobody", "@" + "x".repeat(64), "@" + "x".repeat(65),
            "#acme", "#acme-internal", "#", "##", "tz", "Europe/London", "+01:00", "tier", "4", "client", "owner",
            "escalate", "name", "sponsor", "est", "est 8h", "est 99999h", "1", "3", "agree", "status"};

    private final Random random = new Random(SEED);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Capture out = new Capture(bytes);
    private Wiring wiring;
    private ConsoleWorkspace console;

    @BeforeEach
    void buildTheConsoleLikeKeepwordDoes() {
        ConfigFiles config = new ConfigFiles(Settings.of(Map.of()).configDir());
        DemoWorkspace demo = config.demoWorkspace();
        Database database = Database.open("jdbc:h2:mem:console-fuzz-" + SEED + "-" + System.nanoTime()
                + ";DB_CLOSE_DELAY=-1");
        MutableClock clock = new MutableClock(MONDAY_MORNING);
        AtomicReference<Wiring> wired = new AtomicReference<>();
        ConsoleChat chat = new ConsoleChat(out, clock, (ws, user) -> wired.get().parties().find(ws, user)
                .map(Party::zone).orElse(ZoneOffset.UTC));
        wiring = new Wiring(database, clock, config.agreement(), (ws, id) -> Optional.empty(), chat);
        wired.set(wiring);
        wiring.seed(demo);
        console = new ConsoleWorkspace(demo.workspace(), wiring.commands(), wiring.parties(), wiring.engagements(),
                clock, wiring.simulatedTime(), chat, "maya", "acme");
    }

    @AfterEach
    void dropTheDatabase() {
        wiring.database().jdbc().update("drop all objects");
        wiring.close();
    }

    @Test
    void randomAndHostileLinesNeverEscapeAndOnlyValidCommandsChangeData() {
        int recorded = 0;
        int historyEntries = 0;
        int newEngagements = 0;
        Set<Long> done = new HashSet<>();
        Set<Long> cancelled = new HashSet<>();
        int longLines = 0;
        int changeRequests = 0;
        int tierChanges = 0;
        int setupChanges = 0;
        // Where the console speaks, as its answers to /in say; the agreement rows are per channel and person.
        String channel = "acme";
        Set<String> shown = new HashSet<>();
        Set<String> agreed = new HashSet<>();
        Map<String, Expected> engagements = new HashMap<>();
        wiring.engagements().all(WS).forEach(e -> engagements.put(e.channelId(), Expected.of(e)));

        for (int n = 0; n < LINES; n++) {
            int i = n;
            // The last stretch also throws absurd clock moves at it; before that, dates stay meaningful.
            String line = line(recorded, i >= LINES - FAR_FUTURE_LINES);
            longLines += line.length() >= 10_000 ? 1 : 0;
            out.printed.clear();
            bytes.reset();
            boolean goOn;
            try {
                goOn = console.handle(line);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("line " + i + " escaped: " + show(line), e);
            }

            List<String> printed = List.copyOf(out.printed);
            if (!line.isBlank() && printed.isEmpty()) {
                fail("line " + i + " got no answer: " + show(line));
            }
            Command command = commitCommand(line);
            assertEquals(printed.size(), bytes.toString(StandardCharsets.UTF_8).split("\n", -1).length - 1,
                    () -> "one message printed across several lines for line " + i + ": " + show(line));
            for (int k = 0; k < printed.size(); k++) {
                String p = printed.get(k);
                checkOneMessage(i, line, p);
                Matcher m = CHANGED.matcher(p);
                boolean changed = m.find();
                if (changed) {
                    historyEntries++;
                    recorded += m.group(1) != null ? 1 : 0;
                    if (m.group(2) != null) {
                        done.add(Long.parseLong(m.group(2)));
                    }
                    if (m.group(6) != null) {
                        cancelled.add(Long.parseLong(m.group(6)));
                    }
                }
                newEngagements += NEW_ENGAGEMENT.matcher(p).find() ? 1 : 0;
                String where = channel;
                Matcher agreement = AGREEMENT_SHOWN.matcher(p);
                if (agreement.find() && k == 0) {
                    assertTrue(command instanceof Command.ShowAgreement, () -> "the agreement as an answer to " + show(line));
                } else if (agreement.find(0)) {
                    // after the answer: a first /commit in an engagement channel, once per person and channel
                    String key = where + "|" + agreement.group(1);
                    assertTrue(line.strip().toLowerCase(Locale.ROOT).startsWith("/commit")
                                    && !(command instanceof Command.ShowAgreement) && !(command instanceof Command.Agree),
                            () -> "the agreement shown unasked after " + show(line));
                    assertTrue(shown.add(key), () -> "the agreement was shown twice to " + key + " at line " + i);
                }
                Matcher agree = AGREED.matcher(p);
                if (agree.find()) {
                    String key = where + "|" + agree.group(1);
                    assertTrue(command instanceof Command.Agree, () -> "agreed without /commit agree at line " + i);
                    assertTrue(agreed.add(key), () -> key + " agreed twice at line " + i);
                    shown.add(key); // agreeing first thing also stores the row
                }
                Matcher tier = TIER.matcher(p);
                if (tier.find()) {
                    tierChanges++;
                    assertTrue(command instanceof Command.Tier, () -> "a tier change without /commit tier at line " + i);
                    engagements.put(where, engagements.get(where).withTier(Integer.parseInt(tier.group(1))));
                    assertEquals(count("select count(*) from commitment where channel_id = '" + where.replace("'", "''")
                            + "' and state = 'OPEN'"), Integer.parseInt(tier.group(2)),
                            () -> "re-planned every open commitment of #" + where + " at line " + i);
                }
                if (SETUP_SAVED.matcher(p).find()) {
                    setupChanges++;
                    Command.Setup setup = (Command.Setup) command;
                    engagements.put(where, Expected.after(engagements.get(where), setup));
                }
                if (command instanceof Command.Change && changed && m.group(1) != null) {
                    changeRequests++;
                    assertTrue(p.contains(" — approve the change order: ") && p.contains(" (change-request), owed to @"),
                            () -> "a change request reads as one: " + show(p));
                }
                Matcher in = IN_CHANNEL.matcher(p);
                if (in.find()) {
                    channel = in.group(1);
                }
            }
            String head = line.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            assertEquals(!head.equals("/quit") && !head.equals("/exit"), goOn,
                    () -> "only /quit ends the session: " + show(line));
        }

        assertTrue(longLines >= 50, "the script has 10 KB lines: " + longLines);
        assertTrue(recorded >= 300, "enough valid commands got through to mean something: " + recorded);
        assertTrue(done.size() >= 50 && cancelled.size() >= 30, "responses got through too: " + done.size() + " done, "
                + cancelled.size() + " cancelled");
        assertEquals(recorded, count("select count(*) from commitment"));
        // People's actions are what valid commands wrote; Keepword's own lines are only the agreement's pauses and what
        // they do to the items waiting on a late input.
        assertEquals(historyEntries, count("select count(*) from commitment_history where actor <> 'keepword'"));
        assertEquals(0, count("select count(*) from commitment_history where actor = 'keepword'"
                + " and action not in ('WORK_PAUSED', 'PAUSED', 'RESUMED', 'RENEGOTIATED')"));
        assertEquals(done.size(), count("select count(*) from commitment where state = 'DONE'"));
        assertEquals(cancelled.size(), count("select count(*) from commitment where state = 'CANCELLED'"));
        assertEquals(1 + newEngagements, count("select count(*) from engagement"));
        assertTrue(changeRequests >= 30 && tierChanges >= 20 && setupChanges >= 20 && agreed.size() >= 3
                        && shown.size() >= 6,
                "the new commands got through too: " + changeRequests + " change requests, " + tierChanges
                        + " tier changes, " + setupChanges + " setups, " + agreed.size() + " agreements, "
                        + shown.size() + " first contacts");
        assertEquals(changeRequests, count("select count(*) from commitment where kind = 'CHANGE_REQUEST'"));
        assertEquals(shown.size(), count("select count(*) from agreement_ack"));
        assertEquals(agreed.size(), count("select count(*) from agreement_ack where agreed_at is not null"));
        Map<String, Expected> stored = new HashMap<>();
        wiring.engagements().all(WS).forEach(e -> stored.put(e.channelId(), Expected.of(e)));
        assertEquals(engagements, stored, "engagements change only as setup and tier said");
        assertEquals(3, count("select count(*) from party"), "people are only ever seeded");
    }

    @Test
    void echoedInputIsShortenedWithoutCuttingAnEmojiInHalf() {
        List<String> lines = new ArrayList<>();
        for (int k = 30; k <= 45; k++) {
            String cut = "a".repeat(k) + "😀".repeat(20);
            lines.add("/as @" + cut);
            lines.add("/" + cut);
            lines.add("/commit setup " + cut);
            lines.add("/commit setup client " + cut);
            lines.add("/commit send it by friday kind:" + cut);
            lines.add("/commit send it by " + "a".repeat(k + 25) + "😀".repeat(20));
        }

        lines.forEach(console::handle);

        assertEquals(lines.size(), out.printed.size());
        for (String printed : out.printed) {
            assertTrue(!hasLoneSurrogate(printed), () -> "half an emoji in " + show(printed));
            assertTrue(printed.contains("…"), () -> "not shortened: " + show(printed));
        }
    }

    private static void checkOneMessage(int i, String line, String printed) {
        String where = "line " + i + " " + show(line) + " printed " + show(printed);
        assertTrue(TAGGED.matcher(printed).matches(), () -> "untagged: " + where);
        for (String raw : List.of("<!", "<@", "<#")) {
            assertTrue(!printed.contains(raw), () -> "raw " + raw + " reached the output: " + where);
        }
        for (int k = 0; k < printed.length(); k++) {
            char c = printed.charAt(k);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                fail("control character U+" + Integer.toHexString(c) + " inside a message: " + where);
            }
        }
        assertTrue(!printed.contains("Something went wrong"), () -> "a line failed inside: " + where);
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            boolean paired = Character.isHighSurrogate(c) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))
                    || Character.isLowSurrogate(c) && k > 0 && Character.isHighSurrogate(s.charAt(k - 1));
            if (Character.isSurrogate(c) && !paired) {
                return true;
            }
        }
        return false;
    }

    /** One line of the script: mostly hostile, with enough valid commands mixed in to build up real data. */
    private String line(int recorded, boolean farFuture) {
        int kind = random.nextInt(100);
        if (kind < 28) {
            return validCommand(recorded);
        }
        if (kind < 42) {
            return "/commit " + pick(VERBS) + " " + garbage(1 + random.nextInt(6));
        }
        if (kind < 48) {
            return pick(new String[] {"/as", "/in", "/clock", "/AS", "/In", "/help", "/quit-not", "/"}) + " "
                    + garbage(random.nextInt(4));
        }
        if (kind < 51) {
            return !farFuture ? "/clock " + garbage(1) : pick(new String[] {"/clock +999999w", "/clock +0m", "/clock 1970-01-01T00:00:00Z", "/clock P9999999999D",
                    "/clock +PT-1H", "/clock 9999-12-31T23:59:59Z", "/clock +1000000d", "/clock -1d", "/clock PT1M",
                    "/clock +000001h"});
        }
        if (kind < 52) {
            return longLine();
        }
        if (kind < 54) {
            return pick(new String[] {"", " ", "\t", "\u3000", "\u2003 \u2003", "\r"});
        }
        return garbage(1 + random.nextInt(10));
    }

    private String validCommand(int recorded) {
        return switch (random.nextInt(20)) {
            case 0, 1, 2, 3 -> "/commit " + pick(PEOPLE) + " " + title() + " by " + pick(WHENS) + " to " + pick(PEOPLE)
                    + (random.nextBoolean() ? "" : " kind:" + pick(new String[] {"input", "approval", "payment", "meeting"}));
            case 4 -> "/commit " + title() + " by " + pick(WHENS);
            case 5 -> "/commit list " + pick(new String[] {"", "mine", "owed", "overdue", "all", "@sam", "@lee"});
            case 6 -> "/commit done " + id(recorded) + " " + title();
            case 7 -> "/commit move " + id(recorded) + " " + pick(WHENS) + " because " + title();
            case 8 -> "/commit snooze " + id(recorded) + " " + pick(WHENS);
            case 9 -> "/commit blocked " + id(recorded) + " " + title();
            case 10 -> random.nextInt(4) == 0 ? "/commit notmine " + id(recorded)
                    : "/commit cancel " + id(recorded) + " " + title();
            case 11 -> "/as " + pick(PEOPLE);
            case 12 -> "/in #" + pick(new String[] {"acme", "acme", "acme", "acme-internal", "beta", "gamma-" + random.nextInt(3)});
            case 13 -> "/commit setup client @sam @lee owner @maya escalate #acme-internal"
                    + (random.nextBoolean() ? " tz Europe/Paris tier 3 name " + title() : "")
                    + (random.nextBoolean() ? "" : " sponsor " + pick(new String[] {"@sam", "@lee", "@maya", "@nobody"}));
            case 14 -> "/clock +" + (1 + random.nextInt(36)) + pick(new String[] {"m", "h", "h", "d"});
            case 15 -> pick(new String[] {"/commit agreement", "/commit agree", "/commit agree", "/commit AGREE"});
            case 16 -> "/commit tier " + pick(new String[] {"1", "2", "3", "3", "4", ""});
            case 17 -> pick(new String[] {"/commit change ", "/commit change-request ", "/commit reassign 1 "})
                    + (random.nextBoolean() ? pick(PEOPLE) + " " : "") + title()
                    + (random.nextBoolean() ? " est " + (1 + random.nextInt(40)) + "h" : "")
                    + (random.nextBoolean() ? " by " + pick(WHENS) : "");
            case 18 -> "/commit status" + pick(new String[] {"", " @sam", " @lee", " @maya", " @nobody"});
            default -> pick(new String[] {"/commit", "/commit help", "/commit setup", "/help", "hello <!channel> 👋"});
        };
    }

    /** A short, mostly readable title with something hostile in it. */
    private String title() {
        StringBuilder t = new StringBuilder(pick(new String[] {"send", "sign", "review", "pay", "approve"}));
        for (int i = random.nextInt(4); i > 0; i--) {
            t.append(' ').append(random.nextBoolean() ? pick(HOSTILE) : pick(new String[] {"the", "draft", "deck", "invoice"}));
        }
        return t.toString();
    }

    /** Mostly a commitment that exists, sometimes one that does not yet. */
    private String id(int recorded) {
        return (random.nextInt(5) == 0 ? "#" : "") + (1 + random.nextInt(recorded + 3));
    }

    private String garbage(int pieces) {
        StringBuilder g = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            if (i > 0 && random.nextInt(3) > 0) {
                g.append(' ');
            }
            switch (random.nextInt(6)) {
                case 0, 1, 2 -> g.append(pick(HOSTILE));
                case 3 -> g.append(randomCodePoints(1 + random.nextInt(12)));
                case 4 -> g.append(pick(VERBS)).append(' ').append(pick(WHENS));
                default -> g.append((char) random.nextInt(0x10000));
            }
        }
        return g.toString();
    }

    /** Any code point at all, astral ones included, and now and then a lone surrogate. */
    private String randomCodePoints(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int r = random.nextInt(10);
            int cp = r < 4 ? random.nextInt(0x80) : r < 7 ? random.nextInt(0x3000) : random.nextInt(0x110000);
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    /** About 10 KB, built so the command parser's patterns have the most to backtrack over. */
    private String longLine() {
        String body = switch (random.nextInt(8)) {
            case 0 -> "x".repeat(10_240);
            case 1 -> "by ".repeat(3_414);
            case 2 -> " ".repeat(10_238) + "by";
            case 3 -> "to @sam ".repeat(1_280);
            case 4 -> "<!channel>".repeat(1_024);
            case 5 -> "😀".repeat(5_120);
            case 6 -> "\u0000\n\u2028".repeat(3_414);
            default -> "'; drop table commitment; -- ".repeat(354);
        };
        String prefix = pick(new String[] {"", "/commit ", "/commit @sam ", "/commit done 1 ", "/commit move 1 ",
                "/commit setup ", "/as @", "/in #", "/clock +", "/"});
        return prefix + body;
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    /** The command a /commit line carries, read as the console hands it on; null for anything else. */
    private static Command commitCommand(String line) {
        String[] split = line.strip().split("\\s+", 2);
        if (!split[0].toLowerCase(Locale.ROOT).equals("/commit")) {
            return null;
        }
        Outcome<Command> parsed = CommandParser.parse(split.length > 1 ? split[1].strip() : "");
        return parsed instanceof Outcome.Ok<Command> ok ? ok.value() : null;
    }

    /** What the test expects an engagement to hold. */
    private record Expected(List<String> clients, List<String> consultants, String escalation, int tier, String sponsor) {
        static Expected of(Engagement e) {
            return new Expected(e.clients(), e.consultants(), e.escalationChannel(), e.tier(), e.sponsor());
        }

        /** After a setup that was saved: a new engagement starts at tier 2; the sponsor stays unless named. */
        static Expected after(Expected before, Command.Setup s) {
            return new Expected(s.clients(), s.owners(), s.escalationChannel(),
                    s.tier() != null ? s.tier() : before == null ? 2 : before.tier(),
                    s.sponsor() != null ? s.sponsor() : before == null ? null : before.sponsor());
        }

        Expected withTier(int newTier) {
            return new Expected(clients, consultants, escalation, newTier, sponsor);
        }
    }

    private int count(String sql) {
        return wiring.database().jdbc().one(sql, rs -> rs.getInt(1)).orElseThrow();
    }

    private static String show(String s) {
        String shown = s.length() <= 200 ? s : s.substring(0, 200) + "…(" + s.length() + " chars)";
        StringBuilder out = new StringBuilder("\"");
        shown.chars().forEach(c -> out.append(c < 0x20 || c == 0x7F || c >= 0x80 && c < 0xA0 || c == 0x2028
                || c == 0x2029 || Character.isSurrogate((char) c) ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        return out.append('"').toString();
    }

    /** Keeps each printed message as the exact string handed to println, besides the bytes. */
    private static final class Capture extends PrintStream {
        final List<String> printed = new ArrayList<>();

        Capture(ByteArrayOutputStream bytes) {
            super(bytes, true, StandardCharsets.UTF_8);
        }

        @Override
        public void println(String x) {
            printed.add(x);
            super.println(x);
        }
    }
}
