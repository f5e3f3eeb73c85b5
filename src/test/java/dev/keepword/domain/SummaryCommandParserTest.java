package dev.keepword.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.DayOfWeek;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** {@code /commit summary [<day> <time> [#channel]]}: what it accepts, and refusals that show an example. */
class SummaryCommandParserTest {

    @Test
    void readsADayATimeAndAnOptionalChannel() {
        assertEquals(new Command.Summary(DayOfWeek.FRIDAY, LocalTime.of(16, 0), "acme-updates"),
                ok("summary friday 16:00 #acme-updates"));
        assertEquals(new Command.Summary(DayOfWeek.MONDAY, LocalTime.of(9, 0), null), ok("summary Monday 09:00"));
        assertEquals(new Command.Summary(DayOfWeek.TUESDAY, LocalTime.of(8, 30), "C0UPDATES"),
                ok("summary tue 8:30 <#C0UPDATES|acme-updates>"));
        assertEquals(new Command.Summary(DayOfWeek.WEDNESDAY, LocalTime.of(16, 30), null), ok("summary wednesdays 4:30pm"));
        assertEquals(new Command.Summary(DayOfWeek.SUNDAY, LocalTime.of(0, 0), null), ok("summary SUN 12am"));
        assertEquals(new Command.Summary(DayOfWeek.THURSDAY, LocalTime.of(12, 0), null), ok("summary thu 12pm"));
    }

    @Test
    void onItsOwnItAsksWhenTheSummaryGoesOut() {
        Command.Summary query = assertInstanceOf(Command.Summary.class, ok("summary"));

        assertEquals(true, query.isQuery());
    }

    @Test
    void refusesWhatIsNotADayATimeOrAChannelWithAnExample() {
        assertEquals("\"someday\" is not a day of the week. Say the day and the time, for example: "
                + "/commit summary monday 09:00", rejected("summary someday 09:00"));
        assertEquals("Say the time as well, in the engagement's time zone, for example: /commit summary friday 09:00",
                rejected("summary friday"));
        assertEquals("\"25:00\" is not a time of day. Use HH:MM on the 24-hour clock, for example: "
                + "/commit summary friday 16:00", rejected("summary friday 25:00"));
        assertEquals("\"9\" is not a time of day. Use HH:MM on the 24-hour clock, for example: "
                + "/commit summary mon 16:00", rejected("summary mon 9"));
        assertEquals("\"13pm\" is not a time of day. Use HH:MM on the 24-hour clock, for example: "
                + "/commit summary mon 16:00", rejected("summary mon 13pm"));
        assertEquals("\"acme-updates\" is not a channel. Name it as #channel, for example: "
                + "/commit summary friday 16:00 #acme-updates", rejected("summary friday 16:00 acme-updates"));
        assertEquals("I didn't expect \"please\" there. Say a day, a time and optionally one channel, for example: "
                + "/commit summary friday 16:00 #acme-updates", rejected("summary friday 16:00 #acme please"));
    }

    @Test
    void aCommitmentThatStartsWithSummaryIsStillACommitment() {
        assertEquals(new Command.Create(null, "summary of the workshop", "friday", null, Kind.DELIVERABLE),
                ok("summary of the workshop by friday"));
        assertEquals(new Command.Summary(DayOfWeek.FRIDAY, LocalTime.of(16, 0), null), ok("summary friday 16:00"));
    }

    private static Command ok(String text) {
        Outcome<Command> parsed = CommandParser.parse(text);
        return ((Outcome.Ok<Command>) assertInstanceOf(Outcome.Ok.class, parsed, parsed::toString)).value();
    }

    private static String rejected(String text) {
        Outcome<Command> parsed = CommandParser.parse(text);
        return ((Outcome.Rejected<Command>) assertInstanceOf(Outcome.Rejected.class, parsed, parsed::toString)).message();
    }
}
