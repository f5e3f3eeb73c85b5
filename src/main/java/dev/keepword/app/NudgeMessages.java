package dev.keepword.app;

import dev.keepword.domain.Cadence;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/**
 * The words of each reminder, from the templates: courteous, specific (id, title, who is waiting, when it is due
 * in the reader's zone, how late it is) and, for the owner, always with the ways out: done, new date, blocked,
 * not mine.
 */
final class NudgeMessages {
    private final Templates templates;

    NudgeMessages(Templates templates) {
        this.templates = templates;
    }

    /** One item of an owner's reminder message. */
    record Item(Commitment commitment, Engagement engagement, Cadence.Step step, int occurrence) {
    }

    /** The template key of an owner reminder: the first overdue one is the firm reminder. */
    static String key(Cadence.Step step, int occurrence) {
        return switch (step) {
            case HEADS_UP -> "heads-up";
            case DUE_TODAY -> "due-today";
            case OVERDUE -> occurrence <= 1 ? "firm-reminder" : "reminder";
            case SNOOZE_END -> "snooze-end";
        };
    }

    /**
     * The daily reminders after the firm one take turns among {@code reminder}, {@code reminder-2} and
     * {@code reminder-3} (when the templates have them), so day after day the owner does not read the same sentence.
     */
    String variant(Cadence.Step step, int occurrence) {
        String key = key(step, occurrence);
        if (!key.equals("reminder") || occurrence < 3) {
            return key;
        }
        String turn = (occurrence - 2) % 3 == 0 ? "reminder" : "reminder-" + ((occurrence - 2) % 3 + 1);
        return templates.has(turn) ? turn : key;
    }

    /** Adds one reminder to {@code m}, with the four ways out as buttons on its last line. */
    void reminder(Message.Builder m, Item item, ZoneId zone, Instant now) {
        Commitment c = item.commitment();
        Engagement e = item.engagement();
        Map<String, Object> extra = new java.util.HashMap<>();
        // What changed since yesterday: how late it is now, and (for a client item) what it has cost so far.
        dev.keepword.domain.Consequences one = dev.keepword.domain.Consequences.of(e, java.util.List.of(c),
                Narration.calendar(e), now);
        extra.put("moved", !e.isClient(c.owner()) || one.slipWorkingDays() == 0 ? ""
                : "That has moved the timeline by " + Formats.plural(one.slipWorkingDays(), "working day") + " so far. ");
        ownerMessage(m, variant(item.step(), item.occurrence()), c, e, zone, now, extra);
    }

    /** A message to the owner in template {@code key}, with the ways out. */
    void ownerMessage(Message.Builder m, String key, Commitment c, Engagement e, ZoneId zone, Instant now,
                      Map<String, Object> extra) {
        Map<String, Object> values = Narration.of(c, e, zone, now);
        values.putAll(extra);
        templates.render(key, values, m);
        String id = String.valueOf(c.id());
        m.button("Done", "done", id).button("New date", "move", id).button("Blocked", "blocked", id)
                .button("Not mine", "notmine", id);
    }

    /** To the consultant, once per person: their DMs are refused, so their reminders go to the channel. */
    static void rerouted(Message.Builder m, String owner, String channelId, String reason) {
        m.line("I can't send direct messages to ", Message.mention(owner), " (" + reason + "), so their reminders "
                + "go to ", Message.channel(channelId), " as a mention instead. You may want to check their settings.");
    }

    /** To the consultant: a reminder could not reach its owner, so a human should. */
    static void undeliverable(Message.Builder m, Commitment c, String reason, ZoneId zone, Instant now) {
        m.line("I couldn't deliver a reminder to ", Message.mention(c.owner()), " about ",
                Message.bold("#" + c.id() + " " + c.title()), " (due " + Formats.when(c.due(), zone, now) + "): "
                        + reason + ". I won't keep trying; could you reach them another way?");
    }
}
