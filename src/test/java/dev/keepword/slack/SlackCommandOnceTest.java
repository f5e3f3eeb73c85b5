package dev.keepword.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.app.SeenEvents;
import dev.keepword.chat.KeyedEffects;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stored {@code /commit} handled a second time (its process died before marking it handled, and the next start or
 * another process took it over) changes nothing and sends only an answer that was not sent: its effects and answer
 * are keyed by the inbox item's id, in the transaction that applied them.
 */
class SlackCommandOnceTest {
    private static final String CREATE = "<@USAM|sam> send the brand guidelines by friday";

    private SlackHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new SlackHarness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private List<SeenEvents.Pending> stored() {
        Instant now = h.clock.now();
        return h.wiring.seenEvents().unhandled(SlackBot.PLATFORM, now.minus(Duration.ofDays(1)), now.plusSeconds(1));
    }

    private String onlyItem() {
        return h.wiring.database().jdbc().query("select event_id from inbound_event where platform = 'slack'",
                rs -> rs.getString(1)).get(0);
    }

    /** What a crash leaves of an item it interrupted: stored, not marked handled, its claimer gone. */
    private void crashBeforeTheHandledMark(String itemId) {
        h.wiring.database().jdbc().update("update inbound_event set handled_at = null, claimed_by = null, lease_until = null "
                + "where platform = 'slack' and event_id = ?", itemId);
    }

    @Test
    void aCommandHandledAgainAfterACrashBeforeItsHandledMarkRecordsNothingAndSendsNoSecondAnswer() throws Exception {
        SlackHarness.Answered first = h.command("UMAYA", SlackHarness.CHANNEL, CREATE);
        h.bot.drain();
        assertEquals(1, first.answers().size());
        String item = onlyItem();
        assertEquals(List.of(), stored(), "marked handled once its answer was sent");
        crashBeforeTheHandledMark(item);
        assertEquals(1, stored().size());

        assertEquals(1, h.bot.recover(h.clock.now().plusSeconds(1)));
        h.bot.drain();

        assertEquals("send the brand guidelines", h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow().title());
        assertEquals(Optional.empty(), h.wiring.commitments().find(SlackHarness.WS, 2), "no second commitment");
        assertEquals(1, h.slack.calls("response_url").size(), "no second answer");
        assertEquals(List.of(), h.slack.calls("chat.postEphemeral"));
        assertEquals(List.of(), stored(), "marked handled this time");
    }

    @Test
    void aCommandWhoseProcessDiedBetweenItsCommitAndItsAnswerGetsThatAnswerOnceAndNoSecondCommitment() throws Exception {
        // The first process stored the command, committed its effects with its answer, and died before sending it.
        String responseUrl = h.slack.hooksUrl() + "commands/T0001/crashed";
        String body = SlackHarness.commandBody(SlackHarness.WS, "UMAYA", SlackHarness.CHANNEL, CREATE, responseUrl,
                "crashed.trigger");
        String item = "command:crashed.trigger";
        h.wiring.seenEvents().accepted(SlackBot.PLATFORM, SlackHarness.WS, item, body, h.clock.now());
        KeyedEffects effects = new KeyedEffects(h.wiring.database().jdbc(), h.wiring.seenEvents(), h.clock);
        KeyedEffects.Handled died = effects.once(SlackBot.PLATFORM, SlackHarness.WS, item, () -> h.wiring.commands()
                .handle(new dev.keepword.app.Inbound(SlackHarness.WS, SlackHarness.CHANNEL, "UMAYA", CREATE)));
        assertEquals(false, died.again());
        assertEquals(List.of(), h.slack.calls("response_url"), "never sent");

        assertEquals(1, h.bot.recover(h.clock.now().plusSeconds(1)));
        h.bot.drain();
        crashBeforeTheHandledMark(item); // and once more, after the answer went out
        assertEquals(1, h.bot.recover(h.clock.now().plusSeconds(1)));
        h.bot.drain();

        assertTrue(h.wiring.commitments().find(SlackHarness.WS, 1).isPresent());
        assertEquals(Optional.empty(), h.wiring.commitments().find(SlackHarness.WS, 2), "no second commitment");
        List<FakeSlackApi.Call> answers = h.slack.calls("response_url");
        assertEquals(1, answers.size(), "the answer the dead process stored, sent once: " + answers);
        assertTrue(answers.get(0).param("text").startsWith("Recorded *#1*: <@USAM> — *send the brand guidelines*"),
                answers.get(0).toString());
        assertEquals(List.of(), stored());
    }

    @Test
    void otherChangesAreKeyedToo() throws Exception {
        h.command("UMAYA", SlackHarness.CHANNEL, CREATE);
        h.bot.drain();
        h.command("USAM", SlackHarness.CHANNEL, "move 1 to next wednesday because the printer broke");
        h.bot.drain();
        int renegotiations = h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow().renegotiations();
        Instant due = h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow().due();
        List<String> items = h.wiring.database().jdbc().query(
                "select event_id from inbound_event where platform = 'slack' order by received_at, event_id", rs -> rs.getString(1));
        int answersBefore = h.slack.calls("response_url").size();

        items.forEach(this::crashBeforeTheHandledMark);
        assertEquals(2, h.bot.recover(h.clock.now().plusSeconds(1)));
        h.bot.drain();

        assertEquals(renegotiations, h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow().renegotiations(),
                "the move counted once");
        assertEquals(due, h.wiring.commitments().find(SlackHarness.WS, 1).orElseThrow().due());
        assertEquals(Optional.empty(), h.wiring.commitments().find(SlackHarness.WS, 2));
        assertEquals(answersBefore, h.slack.calls("response_url").size());
    }
}
