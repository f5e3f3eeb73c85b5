package dev.keepword.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keepword.domain.Agreement;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Kind;
import dev.keepword.domain.Ladder;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Who hears the ladder's channel rung: the escalation channel, except for a client's payment when that channel is one
 * the client reads (an engagement stored before /commit setup refused such a channel): then the consultant does.
 */
class PaymentRoutingTest {
    private static final Instant MONDAY = Instant.parse("2026-11-23T10:00:00Z");
    private static final Ladder.Rung CHANNEL = Ladder.DEFAULT.rungs().get(1);

    private static Engagement escalatingTo(String channel) {
        return new Engagement("ws", "acme", "acme", List.of("sam", "lee"), List.of("maya"), channel,
                ZoneId.of("Europe/London"), 2, Agreement.DEFAULT, "lee");
    }

    private static Commitment owed(String owner, Kind kind) {
        return Commitment.create("ws", 1, "acme", "pay invoice 1043", kind, owner, "maya", MONDAY.plusSeconds(86_400),
                "maya", MONDAY);
    }

    @Test
    void aClientsPaymentIsNeverPostedInAnEscalationChannelTheClientReads() {
        assertEquals(Ladder.Audience.CHANNEL, CHANNEL.audience());

        assertEquals(Optional.of("maya"), NudgePlanner.recipient(Ladder.DEFAULT, CHANNEL, owed("sam", Kind.PAYMENT), escalatingTo("acme")));
        assertEquals(Optional.of("#acme-internal"),
                NudgePlanner.recipient(Ladder.DEFAULT, CHANNEL, owed("sam", Kind.PAYMENT), escalatingTo("acme-internal")));
        assertEquals(Optional.of("#acme"), NudgePlanner.recipient(Ladder.DEFAULT, CHANNEL, owed("sam", Kind.INPUT), escalatingTo("acme")));
        assertEquals(Optional.of("#acme"), NudgePlanner.recipient(Ladder.DEFAULT, CHANNEL, owed("maya", Kind.PAYMENT), escalatingTo("acme")));
    }
}
