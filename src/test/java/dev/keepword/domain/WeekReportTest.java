package dev.keepword.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A week's record per side, with Standing's verdicts: a move before the due date is a renegotiation, not a miss. */
class WeekReportTest {
    private static final Engagement ACME = new Engagement("ws", "acme", "acme", List.of("sam"), List.of("maya"),
            "acme-internal", ZoneId.of("Europe/London"), 2, Agreement.DEFAULT);
    private static final Instant FROM = Instant.parse("2026-11-23T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-30T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

    @Test
    void sortsTheWeekIntoKeptOnTimeKeptLateMissedAndRenegotiatedPerSide() {
        Commitment onTime = done(commitment(1, "sam", "2026-11-25T17:00:00Z"), "2026-11-25T12:00:00Z");
        Commitment late = done(commitment(2, "maya", "2026-11-24T17:00:00Z"), "2026-11-26T09:00:00Z");
        Commitment missed = commitment(3, "sam", "2026-11-27T17:00:00Z");
        Commitment movedEarly = move(commitment(4, "sam", "2026-11-26T17:00:00Z"), "2026-11-25T10:00:00Z",
                "2026-12-01T17:00:00Z");
        Commitment movedLate = move(commitment(5, "maya", "2026-11-24T17:00:00Z"), "2026-11-25T10:00:00Z",
                "2026-12-03T17:00:00Z");
        Commitment doneAfterTheWeek = done(commitment(6, "sam", "2026-11-26T17:00:00Z"), "2026-11-30T08:00:00Z");
        Commitment cancelled = value(commitment(7, "sam", "2026-11-25T17:00:00Z").cancel(ACME, "maya", "", Instant.parse(
                "2026-11-24T10:00:00Z")));

        WeekReport r = WeekReport.of(ACME, List.of(onTime, late, missed, movedEarly, movedLate, doneAfterTheWeek,
                cancelled), FROM, TO, NOW, 8);

        assertEquals(List.of(1L), ids(r.side(Side.CLIENT).keptOnTime()));
        assertEquals(List.of(6L, 3L), ids(r.side(Side.CLIENT).missed())); // in due order
        assertEquals(List.of(4L), ids(r.side(Side.CLIENT).renegotiated()));
        assertEquals(List.of(2L), ids(r.side(Side.CONSULTANT).keptLate()));
        assertEquals(List.of(5L), ids(r.side(Side.CONSULTANT).missed()));
        assertEquals(List.of(3L), ids(r.overdue()));
        assertEquals(List.of(4L, 5L), ids(r.dueNext()));
    }

    @Test
    void theTrendCountsEachWeeksVerdictsPerSide() {
        Commitment thisWeek = done(commitment(1, "sam", "2026-11-25T17:00:00Z"), "2026-11-25T12:00:00Z");
        Commitment lastWeek = commitment(2, "sam", "2026-11-18T17:00:00Z");

        WeekReport r = WeekReport.of(ACME, List.of(thisWeek, lastWeek), FROM, TO, NOW, 8);

        List<WeekReport.WeekPoint> client = r.trend().get(Side.CLIENT);
        assertEquals(8, client.size());
        assertEquals(new WeekReport.WeekPoint(java.time.LocalDate.of(2026, 11, 23), 1, 1), client.get(7));
        assertEquals(new WeekReport.WeekPoint(java.time.LocalDate.of(2026, 11, 16), 1, 0), client.get(6));
        assertEquals(java.util.Optional.empty(), r.trend().get(Side.CONSULTANT).get(7).ratio());
    }

    private static Commitment commitment(long id, String owner, String due) {
        return Commitment.create("ws", id, "acme", "item " + id, Kind.DELIVERABLE, owner,
                owner.equals("sam") ? "maya" : "sam", Instant.parse(due), "maya", Instant.parse("2026-11-20T09:00:00Z"));
    }

    private static Commitment done(Commitment c, String at) {
        return value(c.done(ACME, c.owner(), "", Instant.parse(at)));
    }

    private static Commitment move(Commitment c, String at, String to) {
        return value(c.move(ACME, c.owner(), Instant.parse(to), "", Instant.parse(at)));
    }

    private static Commitment value(Outcome<Commitment> o) {
        return ((Outcome.Ok<Commitment>) o).value();
    }

    private static List<Long> ids(List<Commitment> list) {
        return list.stream().map(Commitment::id).toList();
    }
}
