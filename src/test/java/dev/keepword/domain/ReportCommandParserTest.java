package dev.keepword.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** {@code /commit report} and {@code /commit export}: what they accept, and refusals that show an example. */
class ReportCommandParserTest {

    @Test
    void readsTheReportPeriods() {
        assertEquals(new Command.Report(Command.ReportPeriod.THIS_WEEK, null, null), ok("report"));
        assertEquals(new Command.Report(Command.ReportPeriod.THIS_WEEK, null, null), ok("report this week"));
        assertEquals(new Command.Report(Command.ReportPeriod.LAST_WEEK, null, null), ok("report  Last Week"));
        assertEquals(new Command.Report(Command.ReportPeriod.RANGE, LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 29)),
                ok("report 2026-11-02 to 2026-11-29"));
    }

    @Test
    void refusesOtherPeriodsWithAnExample() {
        assertEquals("I can report on this week, last week or a range of dates, for example: /commit report last week"
                + " or /commit report 2026-11-02 to 2026-11-29", rejected("report last month"));
        assertEquals("The range ends before it starts. Put the earlier date first, for example: /commit report"
                + " 2026-11-02 to 2026-11-29", rejected("report 2026-11-29 to 2026-11-02"));
        assertEquals("A report covers at most a year, for example: /commit report 2025-01-01 to 2025-04-01",
                rejected("report 2025-01-01 to 2026-11-02"));
        assertEquals("\"2026-02-30 to 2026-03-01\" is not a pair of real dates. Use YYYY-MM-DD, for example: /commit report"
                + " 2026-11-02 to 2026-11-29", rejected("report 2026-02-30 to 2026-03-01"));
    }

    @Test
    void readsTheExportFormats() {
        assertEquals(new Command.Export("csv"), ok("export"));
        assertEquals(new Command.Export("csv"), ok("export CSV"));
        assertEquals(new Command.Export("json"), ok("export json"));
        assertEquals("I can export as csv (for a spreadsheet) or json, for example: /commit export csv",
                rejected("export xlsx"));
    }

    @Test
    void aCommitmentThatStartsWithReportOrExportIsStillACommitment() {
        assertEquals(Command.Create.class, ok("report the bug to the vendor by friday").getClass());
        assertEquals(Command.Create.class, ok("export the assets by friday").getClass());
    }

    private static Command ok(String text) {
        return ((Outcome.Ok<Command>) CommandParser.parse(text)).value();
    }

    private static String rejected(String text) {
        return ((Outcome.Rejected<Command>) CommandParser.parse(text)).message();
    }
}
