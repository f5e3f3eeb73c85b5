package dev.keepword.console;

import dev.keepword.app.Message;
import dev.keepword.app.Outgoing;
import dev.keepword.app.Target;

import java.util.stream.Collectors;

/** Renders messages as console lines: a bracketed surface tag, then the text on one line. Pure. */
public final class ConsoleText {
    private ConsoleText() {
    }

    public static String render(Outgoing outgoing) {
        return tag(outgoing.target()) + " " + text(outgoing.message());
    }

    public static String tag(Target target) {
        if (target instanceof Target.Private p) {
            return "[private @" + p.userId() + "]";
        }
        if (target instanceof Target.Direct d) {
            return "[DM @" + d.userId() + "]";
        }
        return "[#" + ((Target.Channel) target).channelId() + "]";
    }

    /** The lines of a message joined with " | "; a line's buttons follow it as the commands they stand for. */
    public static String text(Message message) {
        return message.lines().stream().map(ConsoleText::line).collect(Collectors.joining(" | "));
    }

    private static String line(Message.Line line) {
        String text = line.spans().stream().map(ConsoleText::span).collect(Collectors.joining());
        if (line.buttons().isEmpty()) {
            return text;
        }
        return text + " " + line.buttons().stream().map(b -> "[" + escape(b.label()) + ": " + escape(command(b)) + "]")
                .collect(Collectors.joining(" "));
    }

    /** What to type in the console for a button, since a terminal has nothing to click. */
    static String command(Message.Button b) {
        return switch (b.action()) {
            case "done" -> "/commit done " + b.value();
            case "move" -> "/commit move " + b.value() + " WHEN because REASON";
            case "blocked" -> "/commit blocked " + b.value() + " REASON";
            case "notmine" -> "/commit notmine " + b.value();
            case "snooze" -> "/commit snooze " + b.value() + " tomorrow";
            case "agree" -> "/commit agree";
            case "notice-send" -> "/commit notice " + b.value() + " send";
            case "notice-edit" -> "/commit notice " + b.value() + " edit YOUR WORDING";
            case "notice-hold" -> "/commit notice " + b.value() + " hold";
            case "reassign" -> "/commit reassign " + b.value() + " @PERSON";
            case "offer-track" -> "/track " + b.value();
            case "offer-notnow" -> "/notnow " + b.value();
            default -> "/commit " + b.action() + " " + b.value();
        };
    }

    private static String span(Message.Span span) {
        if (span instanceof Message.Span.Plain p) {
            return escape(p.text());
        }
        if (span instanceof Message.Span.Bold b) {
            return escape(b.text());
        }
        if (span instanceof Message.Span.Mention m) {
            return "@" + escape(m.userId());
        }
        return "#" + escape(((Message.Span.ChannelRef) span).channelId());
    }

    /**
     * Escapes text the way Slack needs it ({@code & < >}), and turns control characters into spaces, so the
     * console shows exactly what a chat platform would receive and one message stays one line.
     */
    /** Bidi overrides and isolates could reorder a printed line visually; they are shown as spaces. */
    private static boolean isBidiControl(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> {
                    if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || isBidiControl(c)) {
                        out.append(' ');
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
