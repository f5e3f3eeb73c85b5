package dev.keepword.app;

import dev.keepword.domain.Cadence;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Kind;

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

    /**
     * The words of the reminders added since the first templates file, used when a configured file lacks them: a
     * change request asks for a decision, a first lapse is met with understanding, a blocker goes back to the consultant.
     */
    static final Map<String, String> DEFAULTS = Map.of(
            "change-request", "Your decision, please, by {due}: {title}. It is extra work for {owed_to}, outside "
                    + "the agreed scope. Approve it and the work is scheduled; decline it and the scope stays as agreed.",
            "change-request-follow-up", "Still waiting for your decision on {title}, asked for by {due}. Either answer is "
                    + "fine: {owed_to} only needs to know whether to go ahead. This is the last reminder about it.",
            "first-lapse", "{title} was due {due} and is now {late} late. These things happen. Could you send it when you "
                    + "can, or pick a new date that works for you? {owed_to} will plan around it.",
            "still-blocked", "{title} ({owner}, due {due}) has been blocked for {waited}: {reason}. Could you help "
                    + "unblock it, or agree a new date?");

    private static final Templates FALLBACK = new Templates(DEFAULTS);

    NudgeMessages(Templates templates) {
        this.templates = templates;
    }

    /**
     * One item of an owner's reminder message; {@code firstLapse}: the owner, a client, is late for the first time in
     * the agreement's window, so an overdue reminder is worded with understanding.
     */
    record Item(Commitment commitment, Engagement engagement, Cadence.Step step, int occurrence, boolean firstLapse) {
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

    /** The template key for one item: a change request asks for a decision; a first lapse meets understanding. */
    String key(Item item) {
        if (item.commitment().kind() == Kind.CHANGE_REQUEST) {
            return switch (item.step()) {
                case HEADS_UP, DUE_TODAY -> "change-request";
                case OVERDUE -> "change-request-follow-up";
                case SNOOZE_END -> "snooze-end";
            };
        }
        if (item.firstLapse() && item.step() == Cadence.Step.OVERDUE && item.occurrence() <= 1) {
            return "first-lapse";
        }
        return variant(item.step(), item.occurrence());
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

    /** Adds one reminder to {@code m}, with the ways out as buttons on its last line. */
    void reminder(Message.Builder m, Item item, ZoneId zone, Instant now) {
        Commitment c = item.commitment();
        Engagement e = item.engagement();
        Map<String, Object> extra = new java.util.HashMap<>();
        // What changed since yesterday: how late it is now, and (for a client item) what it has cost so far.
        dev.keepword.domain.Consequences one = dev.keepword.domain.Consequences.of(e, java.util.List.of(c),
                Narration.calendar(e), now);
        extra.put("moved", !e.isClient(c.owner()) || one.slipWorkingDays() == 0 ? ""
                : "That has moved the timeline by " + Formats.plural(one.slipWorkingDays(), "working day") + " so far. ");
        ownerMessage(m, key(item), c, e, zone, now, extra);
    }

    /** A message to the owner in template {@code key}, with the ways out. */
    void ownerMessage(Message.Builder m, String key, Commitment c, Engagement e, ZoneId zone, Instant now,
                      Map<String, Object> extra) {
        Map<String, Object> values = Narration.of(c, e, zone, now);
        values.putAll(extra);
        render(key, values, m);
        String id = String.valueOf(c.id());
        if (c.kind() == Kind.CHANGE_REQUEST) {
            m.button("Approve", "approve", id).button("Decline", "decline", id);
            return;
        }
        m.button("Done", "done", id).button("New date", "move", id).button("Blocked", "blocked", id)
                .button("Not mine", "notmine", id);
    }

    /** Renders {@code key} from the configured templates, or from {@link #DEFAULTS} when they lack it. */
    void render(String key, Map<String, Object> values, Message.Builder m) {
        (templates.has(key) || !DEFAULTS.containsKey(key) ? templates : FALLBACK).render(key, values, m);
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
