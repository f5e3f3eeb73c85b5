package dev.keepword.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.Wiring;
import dev.keepword.app.MutableClock;
import dev.keepword.config.ConfigFiles;
import dev.keepword.domain.Party;
import dev.keepword.store.Database;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console workspace over two simulated weeks, built the way {@code Keepword.console} builds it: a script of
 * commitments, then {@code /clock +1d} day after day. Every nudge the engine delivers prints as a {@code [DM @who]}
 * line stamped with the local time it arrived in the reader's zone; the test reads those lines.
 */
class ConsoleTwoWeeksTest {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH);
    /** "[DM @sam] (Wed 25 Nov 09:30 America/New_York) …": lines the engine delivered, not replies to commands. */
    private static final Pattern NUDGE = Pattern.compile(
            "^\\[DM @(\\w+)] \\((\\w{3} \\d{1,2} \\w{3} \\d{2}:\\d{2}) ([\\w/+-]+)\\) (.*)$");
    private static final Pattern DONE = Pattern.compile("\\[Done: /commit done (\\d+)]");

    @Test
    void nudgesPrintInDueOrderAtEachReadersLocalTimeSkippingWeekendsAndStoppingWhenDone() throws IOException {
        String script = "/commit @sam send the logo by friday\n"
                + "/commit @lee sign the contract by 2026-12-02\n"
                + "/commit send the kickoff notes by tuesday\n"
                + "/clock +1d\n".repeat(7)
                + "/commit done 3\n"
                + "/clock +1d\n"
                + "/as @sam\n"
                + "/commit done 1 sent it\n"
                + "/as @maya\n"
                + "/clock +1d\n".repeat(6);

        List<String> out = runConsole(Instant.parse("2026-11-23T10:00:00Z"), script);

        assertEquals(List.of(
                "@maya Tue 24 Nov 09:30 Europe/London #3",
                "@maya Wed 25 Nov 09:30 Europe/London #3",
                "@sam Wed 25 Nov 09:30 America/New_York #1",
                "@maya Thu 26 Nov 09:00 Europe/London #3", // claimed with lee's silence check at 09:00, see below
                "@maya Fri 27 Nov 09:30 Europe/London #3",
                "@sam Fri 27 Nov 09:30 America/New_York #1",
                "@lee Mon 30 Nov 09:30 Europe/Berlin #2",
                "@maya Mon 30 Nov 09:30 Europe/London #3",
                "@sam Mon 30 Nov 09:00 America/New_York #1", // with what waited from Friday (he had his message then)
                "@lee Wed 2 Dec 09:30 Europe/Berlin #2",
                "@lee Thu 3 Dec 09:30 Europe/Berlin #2",
                "@lee Fri 4 Dec 09:30 Europe/Berlin #2",
                "@lee Mon 7 Dec 09:30 Europe/Berlin #2"), reminders(out));
        String headsUp = out.stream().filter(l -> l.startsWith("[DM @sam] (Wed 25 Nov 09:30 America/New_York) "))
                .findFirst().orElseThrow();
        assertTrue(headsUp.contains("#1 send the logo") && headsUp.contains("@maya")
                && headsUp.contains("Fri 27 Nov 17:00 (America/New_York)")
                && headsUp.endsWith("[Done: /commit done 1] [New date: /commit move 1 WHEN because REASON] "
                        + "[Blocked: /commit blocked 1 REASON] [Not mine: /commit notmine 1]"), headsUp);
        // Lee, owing #2 (due Wed 2 Dec) and not heard from since it was recorded, is checked after 3 working days (Thu
        // 26 Nov 09:30 Berlin, 09:00 London: Maya's 09:30 reminder goes out with that check) but has not gone quiet:
        // nothing of his is due yet and nobody asked him anything. He has once #2 is overdue, on Thu 3 Dec.
        String thursday = out.stream().filter(l -> l.startsWith("[DM @maya] (Thu 26 Nov 09:00 Europe/London) "))
                .findFirst().orElseThrow();
        assertEquals("[DM @maya] (Thu 26 Nov 09:00 Europe/London) A reminder: #3 send the kickoff notes was due Tue 24 Nov"
                + " 17:00 (Europe/London) (2 working days ago). @sam is still waiting on it. [Done: /commit done 3]"
                + " [New date: /commit move 3 WHEN because REASON] [Blocked: /commit blocked 3 REASON]"
                + " [Not mine: /commit notmine 3]", thursday);
        assertEquals(List.of("[DM @maya] (Thu 3 Dec 09:00 Europe/London) @lee has gone quiet: not heard from for 8 working"
                        + " days, with this waiting on them: | • #2 sign the contract — due Wed 2 Dec 16:00 (Europe/London),"
                        + " 1 working day late | Standing update for @lee: slipping (0 of 1 on time (0%)). A first lapse:"
                        + " understanding is in order, nothing more."),
                out.stream().filter(l -> l.contains("@lee has gone quiet")).toList());
        assertInDueOrder(out);
        assertNoneOn(out, date -> date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY);
        String doneReply = out.get(out.indexOf("[console] Speaking as @sam (Sam Rivera, America/New_York).") + 1);
        assertTrue(doneReply.startsWith("[private @sam] Marked #1 done."), doneReply);
        assertEquals("[console] Clock: Mon 7 Dec 2026 10:00 UTC.", out.get(out.size() - 1));
    }

    @Test
    void nudgesSkipThePublicHolidaysOfTheAgreement() throws IOException {
        String script = "/commit @lee send the year-end figures by 2026-12-24\n"
                + "/commit @sam approve the budget by 2026-12-23\n"
                + "/clock +1d\n".repeat(15);

        List<String> out = runConsole(Instant.parse("2026-12-14T10:00:00Z"), script);

        assertEquals(List.of(
                "@sam Mon 21 Dec 09:30 America/New_York #2",
                "@lee Tue 22 Dec 09:30 Europe/Berlin #1",
                "@sam Wed 23 Dec 09:30 America/New_York #2",
                "@lee Thu 24 Dec 09:30 Europe/Berlin #1",
                "@sam Thu 24 Dec 09:30 America/New_York #2",
                "@lee Mon 28 Dec 09:30 Europe/Berlin #1",
                "@sam Mon 28 Dec 09:30 America/New_York #2",
                "@lee Tue 29 Dec 09:30 Europe/Berlin #1"), reminders(out));
        assertInDueOrder(out);
        assertNoneOn(out, date -> date.equals(LocalDate.of(2026, 12, 25)) || date.equals(LocalDate.of(2026, 12, 26))
                || date.equals(LocalDate.of(2026, 12, 27)));
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Builds the console as {@code Keepword.console} does, on an in-memory database, and runs the script. */
    private static List<String> runConsole(Instant start, String script) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ConfigFiles config = new ConfigFiles(Path.of("config"));
        MutableClock clock = new MutableClock(start);
        AtomicReference<Wiring> wired = new AtomicReference<>();
        ConsoleChat chat = new ConsoleChat(out, clock, (ws, user) -> wired.get().parties().find(ws, user)
                .map(Party::zone).orElse(ZoneOffset.UTC));
        try (Wiring wiring = new Wiring(Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
                clock, config.agreement(), (ws, id) -> Optional.empty(), chat)) {
            wired.set(wiring);
            wiring.seed(config.demoWorkspace());
            ConsoleWorkspace console = new ConsoleWorkspace("console", wiring.commands(), wiring.parties(),
                    wiring.engagements(), clock, wiring.simulatedTime(), chat, "maya", "acme");
            console.run(new BufferedReader(new StringReader(script)));
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.stream().filter(l -> l.startsWith("[private")).noneMatch(l -> l.contains("I can't")
                || l.contains("I couldn't")), String.join("\n", lines));
        return lines;
    }

    /**
     * The owner reminders among the engine's lines, as "@who local-time zone #id": an owner reminder is the one
     * part of a message that offers "[Done: /commit done N]", whatever its template says.
     */
    private static List<String> reminders(List<String> out) {
        List<String> all = new ArrayList<>();
        for (String line : out) {
            Matcher m = NUDGE.matcher(line);
            if (m.matches()) {
                Matcher done = DONE.matcher(m.group(4));
                while (done.find()) {
                    all.add("@" + m.group(1) + " " + m.group(2) + " " + m.group(3) + " #" + done.group(1));
                }
            }
        }
        return all;
    }

    private static List<Instant> deliveredAt(List<String> out, int year) {
        List<Instant> times = new ArrayList<>();
        for (String line : out) {
            Matcher m = NUDGE.matcher(line);
            if (m.matches()) {
                String[] parts = m.group(2).split(" ", 4);
                String stamp = parts[0] + " " + parts[1] + " " + parts[2] + " " + year + " " + parts[3];
                times.add(LocalDateTime.parse(stamp, STAMP).atZone(ZoneId.of(m.group(3))).toInstant());
            }
        }
        return times;
    }

    private static void assertInDueOrder(List<String> out) {
        List<Instant> times = deliveredAt(out, 2026);
        List<Instant> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        assertEquals(sorted, times);
    }

    private static void assertNoneOn(List<String> out, java.util.function.Predicate<LocalDate> day) {
        for (String line : out) {
            Matcher m = NUDGE.matcher(line);
            if (m.matches()) {
                String[] parts = m.group(2).split(" ", 4);
                LocalDate date = LocalDateTime.parse(parts[0] + " " + parts[1] + " " + parts[2] + " 2026 " + parts[3], STAMP)
                        .toLocalDate();
                assertTrue(!day.test(date), line);
            }
        }
    }
}
