package dev.keepword.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keepword.app.SeenEvents;

import java.time.Instant;
import java.util.List;

/** The group commit of inbound items ({@code acceptedAll}), run the same way on H2 and on a real PostgreSQL. */
final class InboundBatches {
    private InboundBatches() {
    }

    /**
     * A batch of new items is stored in one go; a batch with a repeat in it (of a stored item, and twice within itself)
     * still stores each new one once and says which were repeats, in order.
     */
    static void batchesStoreEachItemOnceAndNameTheRepeats(Database database, String ws) {
        JdbcSeenEvents seen = new JdbcSeenEvents(database.jdbc());
        Instant at = Instant.parse("2026-11-23T10:00:00Z");

        List<Boolean> first = seen.acceptedAll("test", List.of(new SeenEvents.Arrival(ws, "a", "{\"n\":1}"),
                new SeenEvents.Arrival(ws, "b", "{\"n\":2}")), at);
        List<Boolean> second = seen.acceptedAll("test", List.of(new SeenEvents.Arrival(ws, "c", "{\"n\":3}"),
                new SeenEvents.Arrival(ws, "a", "{\"n\":1}"), new SeenEvents.Arrival(ws, "d", "{\"n\":4}"),
                new SeenEvents.Arrival(ws, "d", "{\"n\":4}")), at);

        assertEquals(List.of(true, true), first);
        assertEquals(List.of(true, false, true, false), second);
        List<String> stored = seen.unhandled("test", at.minusSeconds(1), at.plusSeconds(1)).stream()
                .filter(p -> p.workspaceId().equals(ws)).map(p -> p.eventId() + "=" + p.payload()).toList();
        assertEquals(List.of("a={\"n\":1}", "b={\"n\":2}", "c={\"n\":3}", "d={\"n\":4}"), stored);
    }
}
