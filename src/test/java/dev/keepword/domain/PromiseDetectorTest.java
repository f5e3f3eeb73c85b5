package dev.keepword.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.domain.PromiseDetector.Prefill;
import dev.keepword.domain.PromiseDetector.Promise;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PromiseDetectorTest {

    /** Wednesday 2 December 2026, 10:00 in New York. */
    private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalTime FIVE_PM = LocalTime.of(17, 0);
    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private static final double MIN_PRECISION = 0.9;
    private static final double MIN_RECALL = 0.6;

    private record Labelled(int line, boolean promise, String side, String text) {
    }

    private static Optional<Promise> read(String text) {
        return PromiseDetector.read(text, NOW, NEW_YORK, FIVE_PM, WEEKDAYS);
    }

    private static Prefill prefill(String text) {
        return PromiseDetector.prefill(text, NOW, NEW_YORK, FIVE_PM, WEEKDAYS);
    }

    private static LocalDateTime local(Promise promise) {
        return promise.due().at().withZoneSameInstant(NEW_YORK).toLocalDateTime();
    }

    // ---------------------------------------------------------------------------------------------------------
    // The labelled set

    @Test
    void findsPromisesInTheLabelledSetPreciselyAndMostOfThem() throws IOException {
        Figures figures = measure("labelled.tsv");

        assertTrue(figures.messages() >= 320, "at least 320 labelled messages");
        assertTrue(figures.precision() >= MIN_PRECISION, "precision " + figures.precision());
        assertTrue(figures.recall() >= MIN_RECALL, "recall " + figures.recall());
    }

    /** Written after the rules and never used to tune them: how the rules do on messages they were not written for. */
    @Test
    void findsPromisesInTheHeldOutSetPreciselyAndMostOfThem() throws IOException {
        Figures figures = measure("heldout.tsv");

        assertTrue(figures.precision() >= MIN_PRECISION, "precision " + figures.precision());
        assertTrue(figures.recall() >= MIN_RECALL, "recall " + figures.recall());
    }

    private record Figures(int messages, double precision, double recall) {
    }

    /** Runs the detector over a labelled file and prints precision, recall and every mistake. */
    private static Figures measure(String file) throws IOException {
        List<Labelled> set = labelled(file);
        List<String> falsePositives = new ArrayList<>();
        List<String> falseNegatives = new ArrayList<>();
        int truePositives = 0;
        int[] bySide = new int[4]; // client found, client promises, consultant found, consultant promises

        for (Labelled l : set) {
            Optional<Promise> found = read(l.text());
            int side = l.side().equals("client") ? 0 : 2;
            if (l.promise()) {
                bySide[side + 1]++;
            }
            if (found.isPresent() && l.promise()) {
                truePositives++;
                bySide[side]++;
            } else if (found.isPresent()) {
                falsePositives.add(l.line() + ": " + l.text() + "  →  " + found.get());
            } else if (l.promise()) {
                falseNegatives.add(l.line() + ": " + l.text());
            }
        }

        long promises = set.stream().filter(Labelled::promise).count();
        int offers = truePositives + falsePositives.size();
        double precision = offers == 0 ? 0 : truePositives / (double) offers;
        double recall = truePositives / (double) promises;
        System.out.printf(Locale.ROOT, "PromiseDetector on %s, %d messages (%d promise, %d none):%n", file, set.size(),
                promises, set.size() - promises);
        System.out.printf(Locale.ROOT, "  precision %.3f (%d of %d offers right)%n", precision, truePositives, offers);
        System.out.printf(Locale.ROOT, "  recall    %.3f (%d of %d promises found; client %d/%d, consultant %d/%d)%n",
                recall, truePositives, promises, bySide[0], bySide[1], bySide[2], bySide[3]);
        System.out.println("  false positives (" + falsePositives.size() + "):");
        falsePositives.forEach(f -> System.out.println("    " + f));
        System.out.println("  false negatives (" + falseNegatives.size() + "):");
        falseNegatives.forEach(f -> System.out.println("    " + f));
        return new Figures(set.size(), precision, recall);
    }

    private static List<Labelled> labelled(String file) throws IOException {
        List<Labelled> out = new ArrayList<>();
        try (InputStream in = PromiseDetectorTest.class.getResourceAsStream("/promises/" + file)) {
            assertNotNull(in, "src/test/resources/promises/" + file);
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            boolean header = true;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    assertEquals("label\tside\ttext", line, "header");
                    header = false;
                    continue;
                }
                String[] cells = line.split("\t", 3);
                assertEquals(3, cells.length, "line " + number + " has label, side and text");
                assertTrue(cells[0].equals("promise") || cells[0].equals("none"), "line " + number + " label");
                assertTrue(cells[1].equals("client") || cells[1].equals("consultant"), "line " + number + " side");
                out.add(new Labelled(number, cells[0].equals("promise"), cells[1], cells[2]));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------
    // What and when

    @ParameterizedTest(name = "[{index}] \"{0}\" → \"{1}\" due {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Sure, I'll send the logo files by Friday                   | send the logo files                  | 2026-12-04T17:00 | Friday
            we will have the draft to you on Dec 3                     | have the draft to you                | 2026-12-03T17:00 | Dec 3
            let me get back to you tomorrow                            | get back to you                      | 2026-12-03T17:00 | tomorrow
            Sure, I’ll get you the copy by EOD thursday                | get you the copy                     | 2026-12-03T17:00 | EOD thursday
            I'll get back to you by Friday with a cost estimate        | get back to you with a cost estimate | 2026-12-04T17:00 | Friday
            ill send the invoice tmrw                                  | send the invoice                     | 2026-12-03T17:00 | tmrw
            Ill send over the revised proposal by end of week          | send over the revised proposal       | 2026-12-04T17:00 | end of week
            on it, will send tomorrow                                  | send                                 | 2026-12-03T17:00 | tomorrow
            expect it by Monday from me                                | send it                              | 2026-12-07T17:00 | Monday
            You'll have the revised quote from me by Thursday          | send the revised quote               | 2026-12-03T17:00 | Thursday
            I'm sending the invoice on Monday                          | send the invoice                     | 2026-12-07T17:00 | Monday
            I'll be done with the copy by Friday                       | finish the copy                      | 2026-12-04T17:00 | Friday
            I'll look into the 404s first thing tomorrow               | look into the 404s                   | 2026-12-03T09:00 | tomorrow
            We're going to send the product feed by Wednesday next week | send the product feed               | 2026-12-09T17:00 | Wednesday next week
            We'll have a fix deployed within 2 days                    | have a fix deployed                  | 2026-12-04T17:00 | 2 days
            I'll send the brand guidelines by Friday 3pm               | send the brand guidelines            | 2026-12-04T15:00 | Friday 3pm
            Tomorrow I'll send the files                               | send the files                       | 2026-12-03T17:00 | Tomorrow
            I'll get it to you no later than Thursday                  | get it to you                        | 2026-12-03T17:00 | Thursday
            Can't do Friday, but I'll have it by Monday                | have it                              | 2026-12-07T17:00 | Monday
            <@U02MAYA> I'll send it by Friday :slightly_smiling_face:  | send it                              | 2026-12-04T17:00 | Friday
            I'll deliver the last batch of banners on Dec 11           | deliver the last batch of banners    | 2026-12-11T17:00 | Dec 11
            I'll send it at 5 p.m. tomorrow. Thanks!                   | send it                              | 2026-12-03T17:00 | 5 p.m. tomorrow
            I'll send the invoice, Friday at the latest                | send the invoice                     | 2026-12-04T17:00 | Friday
            """)
    void readsWhatIsPromisedAndWhen(String text, String what, LocalDateTime due, String datePhrase) {
        Promise promise = read(text).orElseThrow(() -> new AssertionError("no promise read in: " + text));

        assertEquals(what, promise.what());
        assertEquals(due, local(promise));
        assertEquals(datePhrase, promise.datePhrase());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "Sam will send it Friday",
            "I sent it Friday",
            "Can you send it by Friday?",
            "can you send it by friday",
            "If I have time I'll look Friday",
            "I won't be able to send it Friday",
            "I'll try to send it by Friday",
            "He said he'll get back to you by EOD",
            "please send the logo files by Friday",
            "I'll be out of office on Friday",
            "Let me know by Friday",
            "I'll send it over",
            "I'll send it in 5 mins",
            "@sam will send the logins tomorrow",
            "> I'll send the logo files by Friday",
            "Priya (our designer) will send the mockups tomorrow",
            "I'll send it yesterday",
            "I'm going to Paris on Friday",
            "We'll have a great time at the party on Friday",
            "I'll send the Monday report",
            "I'll send the thing friday or monday, whichever",
            "I'll send it through by Friday week",
            "Will is sending the files tomorrow",
            ""})
    void readsNoPromiseWhereThereIsNone(String text) {
        assertEquals(Optional.empty(), read(text));
    }

    @Test
    void readsNothingFromNull() {
        assertEquals(Optional.empty(), read(null));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Prefill for "Track as commitment"

    @Test
    void prefillsAMessageWithoutADateWithTheMessageItself() {
        Prefill prefill = prefill("Logo files are in the drive");

        assertEquals("Logo files are in the drive", prefill.what());
        assertEquals(Optional.empty(), prefill.due());
        assertEquals(Optional.empty(), prefill.datePhrase());
    }

    @Test
    void prefillsARequestWithWhatIsAskedAndItsDate() {
        Prefill prefill = prefill("Thanks! Can you send the logo files by Friday?");

        assertEquals("send the logo files", prefill.what());
        assertEquals(LocalDateTime.of(2026, 12, 4, 17, 0),
                prefill.due().orElseThrow().at().withZoneSameInstant(NEW_YORK).toLocalDateTime());
        assertEquals(Optional.of("Friday"), prefill.datePhrase());
    }

    @Test
    void prefillsAPromiseAsItIsRead() {
        Prefill prefill = prefill("Sure, I'll send the logo files by Friday");

        assertEquals("send the logo files", prefill.what());
        assertEquals(read("Sure, I'll send the logo files by Friday").orElseThrow().due(), prefill.due().orElseThrow());
    }

    @Test
    void prefillsSomeoneElsesPromiseWithItsDate() {
        Prefill prefill = prefill("Sam will send the brand guidelines by Friday.");

        assertEquals("Sam will send the brand guidelines", prefill.what());
        assertTrue(prefill.due().isPresent());
    }

    @Test
    void prefillsAHedgedPromiseWithoutTheHedge() {
        Prefill prefill = prefill("I'll try to send the deck by Monday");

        assertEquals("send the deck", prefill.what());
        assertTrue(prefill.due().isPresent());
    }

    @Test
    void prefillsAnAcknowledgementWithWhatFollowsIt() {
        Prefill prefill = prefill("Will do — feedback by EOD tomorrow");

        assertEquals("feedback", prefill.what());
        assertEquals(Optional.of("EOD tomorrow"), prefill.datePhrase());
    }

    @Test
    void prefillsAnEmptyMessageWithNothing() {
        assertEquals(new Prefill("", Optional.empty(), Optional.empty()), prefill("   "));
    }

    @Test
    void prefillKeepsALongMessageWithinATitle() {
        Prefill prefill = prefill("word ".repeat(200));

        assertTrue(prefill.what().length() <= Commitment.MAX_TITLE, "at most a title's length");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Cost

    @Test
    void readsAHugeOrHostileMessageQuickly() {
        String hostile = "I'll send it by friday ".repeat(5_000) + "<".repeat(50_000) + ":".repeat(50_000)
                + "in 2 ".repeat(20_000);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            read(hostile);
            prefill(hostile);
        });
    }
}
