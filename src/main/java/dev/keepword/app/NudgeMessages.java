package dev.keepword.app;

import dev.keepword.domain.Cadence;
import dev.keepword.domain.Commitment;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The words of each nudge. Courteous, specific (id, title, who is waiting, when it is due in the reader's
 * zone, how late it is) and always with the ways out: done, new date, blocked, not mine.
 */
final class NudgeMessages {
    private NudgeMessages() {
    }

    /** One item of a nudge message. */
    record Item(Commitment commitment, Cadence.Step step) {
    }

    static Message nudge(List<Item> items, ZoneId zone, Instant now) {
        Message.Builder m = Message.builder();
        if (items.size() > 1) {
            m.line(Message.bold(items.size() + " commitments need a look:"));
        }
        for (Item item : items) {
            Commitment c = item.commitment();
            List<Object> parts = new ArrayList<>(List.of(lead(item.step(), c, now),
                    Message.bold("#" + c.id() + " " + c.title())));
            if (c.owedTo() != null) {
                parts.add(", owed to ");
                parts.add(Message.mention(c.owedTo()));
            }
            parts.add(dueLine(c, zone, now));
            m.line(parts.toArray());
            String id = String.valueOf(c.id());
            m.button("Done", "done", id).button("New date", "move", id).button("Blocked", "blocked", id)
                    .button("Not mine", "notmine", id);
        }
        return m.build();
    }

    private static String lead(Cadence.Step step, Commitment c, Instant now) {
        return switch (step) {
            case HEADS_UP -> "Friendly heads-up: ";
            case DUE_TODAY -> "Due today: ";
            case OVERDUE -> "A gentle reminder: ";
            case SNOOZE_END -> c.isOverdue(now) ? "Snooze over, still open: " : "Snooze over: ";
        };
    }

    private static String dueLine(Commitment c, ZoneId zone, Instant now) {
        if (c.due().isBefore(now)) {
            return " — was due " + Formats.when(c.due(), zone, now) + ", " + Formats.span(c.due(), now) + " ago.";
        }
        return " — due " + Formats.when(c.due(), zone, now) + ".";
    }

    /** To the consultant, once per person: their DMs are refused, so their reminders go to the channel. */
    static Message rerouted(String owner, String channelId, String reason) {
        return Message.builder()
                .line("I can't send direct messages to ", Message.mention(owner), " (" + reason + "), so their reminders "
                        + "go to ", Message.channel(channelId), " as a mention instead. You may want to check their settings.")
                .build();
    }

    /** To the consultant: a nudge could not reach its owner, so a human should. */
    static Message undeliverable(Commitment c, String recipient, String reason, ZoneId zone, Instant now) {
        return Message.builder()
                .line("I couldn't deliver a reminder to ", Message.mention(recipient), " about ",
                        Message.bold("#" + c.id() + " " + c.title()), " (due " + Formats.when(c.due(), zone, now) + "): "
                                + reason + ". I won't keep trying; could you reach them another way?")
                .build();
    }
}
