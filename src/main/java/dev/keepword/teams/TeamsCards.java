package dev.keepword.teams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keepword.app.Message;

import java.util.Optional;

/**
 * Renders a {@link Message} as an Adaptive Card, purely. Each line is a wrapped TextBlock; a line's buttons follow it
 * as {@code Action.Execute} (verb = the action, data = {@code {kw: action, value}}) with an {@code Action.Submit}
 * fallback carrying the same data. Everything a person typed is escaped for Adaptive Card markdown and for
 * {@code <at>} tags, so a commitment title can neither format the card nor mention anyone; only a
 * {@link Message.Span.Mention} (an id Keepword resolved itself) becomes a live mention.
 */
public final class TeamsCards {
    public static final String CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
    static final String VERSION = "1.4";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Who a Keepword id is in Teams, for live mentions and channel names. */
    public interface Names {
        /** The person's Teams id and display name, when known. */
        Optional<Person> person(String userId);

        Optional<String> channelName(String channelId);

        Names NONE = new Names() {
            @Override
            public Optional<Person> person(String userId) {
                return Optional.empty();
            }

            @Override
            public Optional<String> channelName(String channelId) {
                return Optional.empty();
            }
        };
    }

    public record Person(String teamsId, String name) {
    }

    private TeamsCards() {
    }

    public static ObjectNode render(Message message) {
        return render(message, Names.NONE);
    }

    public static ObjectNode render(Message message, Names names) {
        ObjectNode card = card();
        ArrayNode body = card.withArray("body");
        ArrayNode entities = F.arrayNode();
        for (Message.Line line : message.lines()) {
            StringBuilder text = new StringBuilder();
            for (Message.Span span : line.spans()) {
                text.append(span(span, names, entities, text.isEmpty()));
            }
            body.add(textBlock(text.toString()));
            if (!line.buttons().isEmpty()) {
                ObjectNode set = body.addObject();
                set.put("type", "ActionSet");
                ArrayNode actions = set.putArray("actions");
                for (Message.Button b : line.buttons()) {
                    actions.add(button(b.label(), b.action(), b.value(), null));
                }
            }
        }
        if (!entities.isEmpty()) {
            card.putObject("msteams").set("entities", entities);
        }
        return card;
    }

    /** The form behind "New date": a date, a reason, and a button that submits them as {@code move}. */
    public static ObjectNode moveForm(String commitmentId, String note) {
        ObjectNode card = card();
        ArrayNode body = card.withArray("body");
        body.add(textBlock("**New date for #" + escape(commitmentId) + "**"));
        if (note != null) {
            body.add(textBlock(escape(note)));
        }
        ObjectNode date = body.addObject();
        date.put("type", "Input.Date").put("id", "date").put("label", "New due date").put("isRequired", true)
                .put("errorMessage", "Pick the new date");
        ObjectNode reason = body.addObject();
        reason.put("type", "Input.Text").put("id", "reason").put("label", "Why (the owed-to person sees it)")
                .put("isMultiline", true).put("maxLength", 1000);
        card.putArray("actions").add(button("Move it", "move", commitmentId, true));
        return card;
    }

    /** The form behind "Blocked": a reason (it goes to the consultant) and a button that submits it as {@code blocked}. */
    public static ObjectNode blockedForm(String commitmentId, String note) {
        ObjectNode card = card();
        ArrayNode body = card.withArray("body");
        body.add(textBlock("**What is #" + escape(commitmentId) + " blocked on?**"));
        if (note != null) {
            body.add(textBlock(escape(note)));
        }
        ObjectNode reason = body.addObject();
        reason.put("type", "Input.Text").put("id", "reason").put("label", "Reason (the consultant sees it)")
                .put("isMultiline", true).put("isRequired", true).put("maxLength", 1000)
                .put("errorMessage", "Say what it is waiting for");
        card.putArray("actions").add(button("Send", "blocked", commitmentId, true));
        return card;
    }

    /**
     * The "Track as commitment" form, for a message extension's task module: owner and owed to chosen among the
     * engagement's members ({@code members}: id to name), what, due date and time, kind; prefilled from the message.
     * {@code Action.Submit} sends its inputs back in a {@code composeExtension/submitAction}.
     */
    public static ObjectNode trackForm(dev.keepword.app.PromiseCapture.Form form, java.util.Map<String, String> members,
                                       String note) {
        ObjectNode card = card();
        ArrayNode body = card.withArray("body");
        if (note != null) {
            body.add(textBlock(escape(note)));
        }
        choices(body.addObject(), "owner", "Who owes it", members, form.owner(), true);
        ObjectNode what = body.addObject();
        what.put("type", "Input.Text").put("id", "what").put("label", "What").put("isRequired", true).put("maxLength", 300)
                .put("errorMessage", "Say what is owed").put("value", form.what().length() <= 300 ? form.what()
                        : form.what().substring(0, 300));
        ObjectNode date = body.addObject();
        date.put("type", "Input.Date").put("id", "due_date").put("label", "Due").put("isRequired", true)
                .put("errorMessage", "Pick the due date");
        form.dueDate().ifPresent(d -> date.put("value", d.toString()));
        ObjectNode time = body.addObject();
        time.put("type", "Input.Time").put("id", "due_time").put("label", "At (their time; 17:00 if empty)");
        form.dueTime().ifPresent(t -> time.put("value", String.format(java.util.Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute())));
        choices(body.addObject(), "owed_to", "Owed to (empty: the other side's first member)", members, form.owedTo(), false);
        java.util.Map<String, String> kinds = new java.util.LinkedHashMap<>();
        for (String k : java.util.List.of("deliverable", "input", "approval", "payment", "meeting")) {
            kinds.put(k, k);
        }
        choices(body.addObject(), "kind", "Kind", kinds, null, false);
        ObjectNode submit = card.putArray("actions").addObject();
        submit.put("type", "Action.Submit").put("title", "Track");
        submit.putObject("data").put("kw", "track");
        return card;
    }

    private static void choices(ObjectNode input, String id, String label, java.util.Map<String, String> options,
                                String value, boolean required) {
        input.put("type", "Input.ChoiceSet").put("id", id).put("label", label).put("style", "compact")
                .put("isRequired", required);
        if (value != null) {
            input.put("value", value);
        }
        ArrayNode choices = input.putArray("choices");
        options.forEach((v, title) -> choices.addObject().put("title", title).put("value", v));
    }

    /** The answer to {@code composeExtension/fetchTask}: the card as a task module (a dialog). */
    public static ObjectNode taskContinue(String title, ObjectNode card) {
        ObjectNode r = F.objectNode();
        ObjectNode value = r.putObject("task").put("type", "continue").putObject("value");
        value.put("title", title).put("height", "medium").put("width", "medium");
        value.putObject("card").put("contentType", CONTENT_TYPE).set("content", card);
        return r;
    }

    /** A task module answer that shows {@code text} to the person alone and closes. */
    public static ObjectNode taskMessage(String text) {
        ObjectNode r = F.objectNode();
        r.putObject("task").put("type", "message").put("value", text);
        return r;
    }

    /** Wraps a card as the attachment of a message activity. */
    public static ObjectNode activity(ObjectNode card) {
        ObjectNode activity = F.objectNode();
        activity.put("type", "message");
        ObjectNode attachment = activity.putArray("attachments").addObject();
        attachment.put("contentType", CONTENT_TYPE);
        attachment.set("content", card);
        return activity;
    }

    /** The HTTP answer to an {@code adaptiveCard/action} invoke: the card that replaces the clicked one. */
    public static ObjectNode invokeResponse(ObjectNode card) {
        ObjectNode r = F.objectNode();
        r.put("statusCode", 200);
        r.put("type", CONTENT_TYPE);
        r.set("value", card);
        return r;
    }

    private static ObjectNode card() {
        ObjectNode card = F.objectNode();
        card.put("type", "AdaptiveCard");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("version", VERSION);
        card.putArray("body");
        return card;
    }

    private static ObjectNode textBlock(String markdown) {
        ObjectNode t = F.objectNode();
        t.put("type", "TextBlock");
        t.put("text", markdown);
        t.put("wrap", true);
        return t;
    }

    private static ObjectNode button(String label, String action, String value, Boolean form) {
        ObjectNode data = F.objectNode();
        data.put("kw", action);
        data.put("value", value);
        if (form != null) {
            data.put("form", true);
        }
        ObjectNode submit = F.objectNode();
        submit.put("type", "Action.Submit");
        submit.put("title", label);
        submit.set("data", data.deepCopy());
        ObjectNode execute = F.objectNode();
        execute.put("type", "Action.Execute");
        execute.put("title", label);
        execute.put("verb", action);
        execute.set("data", data);
        execute.set("fallback", submit);
        return execute;
    }

    private static String span(Message.Span span, Names names, ArrayNode entities, boolean lineStart) {
        if (span instanceof Message.Span.Plain p) {
            return escape(p.text(), lineStart);
        }
        if (span instanceof Message.Span.Bold b) {
            return b.text().isBlank() ? escape(b.text(), lineStart) : "**" + escape(b.text(), false) + "**";
        }
        if (span instanceof Message.Span.Mention m) {
            Optional<Person> person = names.person(m.userId());
            if (person.isEmpty()) {
                return "@" + escape(m.userId());
            }
            String name = person.get().name() == null ? "someone" : person.get().name();
            String at = "<at>" + escape(name) + "</at>";
            ObjectNode entity = entities.addObject();
            entity.put("type", "mention");
            entity.put("text", at);
            entity.putObject("mentioned").put("id", person.get().teamsId()).put("name", name);
            return at;
        }
        String channelId = ((Message.Span.ChannelRef) span).channelId();
        return "**#" + escape(names.channelName(channelId).orElse(channelId)) + "**";
    }

    /**
     * Escapes what a person typed: {@code &}, {@code <}, {@code >} as entities (no {@code <at>} tag can be formed),
     * markdown emphasis, code and link characters with a backslash, and a list or heading marker at the start.
     */
    static String escape(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean lineStart) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\\', '*', '_', '~', '`', '[', ']', '(', ')' -> out.append('\\').append(c);
                case '#', '-', '+' -> {
                    if (i == 0 && lineStart) {
                        out.append('\\');
                    }
                    out.append(c);
                }
                case '\r' -> {
                }
                case '\n' -> out.append(' '); // one TextBlock per line: a typed newline cannot start a list
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
