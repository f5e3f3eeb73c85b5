package dev.keepword.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A platform-neutral message: lines of spans, each line with optional buttons. What a person typed is always a
 * {@link Span.Plain} or {@link Span.Bold}, which every renderer escapes; only {@link Span.Mention} and
 * {@link Span.ChannelRef}, built from ids Keepword resolved itself, render as live references.
 */
public record Message(List<Line> lines) {

    public Message {
        lines = List.copyOf(lines);
    }

    /** Every button of every line, in order. */
    public List<Button> buttons() {
        return lines.stream().flatMap(l -> l.buttons().stream()).toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A one-line message of plain text. */
    public static Message text(String text) {
        return builder().line(text).build();
    }

    /** The message as plain text, mentions as {@code @id}: for logs, tests and fallbacks. */
    public String plain() {
        StringBuilder out = new StringBuilder();
        for (Line line : lines) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            for (Span span : line.spans()) {
                out.append(plain(span));
            }
        }
        return out.toString();
    }

    private static String plain(Span span) {
        if (span instanceof Span.Plain p) {
            return p.text();
        }
        if (span instanceof Span.Bold b) {
            return b.text();
        }
        if (span instanceof Span.Mention m) {
            return "@" + m.userId();
        }
        return "#" + ((Span.ChannelRef) span).channelId();
    }

    /** One line of a message, with the buttons that act on what it says (in Slack, a section and its actions). */
    public record Line(List<Span> spans, List<Button> buttons) {
        public Line {
            spans = List.copyOf(spans);
            buttons = List.copyOf(buttons);
        }
    }

    /** A piece of a line. */
    public sealed interface Span {
        record Plain(String text) implements Span {
        }

        record Bold(String text) implements Span {
        }

        record Mention(String userId) implements Span {
        }

        record ChannelRef(String channelId) implements Span {
        }
    }

    /** A button offering one of the ways out; {@code value} carries what the click is about (a commitment id). */
    public record Button(String label, String action, String value) {
    }

    public static Span bold(String text) {
        return new Span.Bold(text);
    }

    public static Span mention(String userId) {
        return new Span.Mention(userId);
    }

    public static Span channel(String channelId) {
        return new Span.ChannelRef(channelId);
    }

    /** Builds a message line by line; {@code String} parts become plain text. */
    public static final class Builder {
        private final List<Line> lines = new ArrayList<>();

        public Builder line(Object... parts) {
            lines.add(new Line(Arrays.stream(parts).map(Builder::span).toList(), List.of()));
            return this;
        }

        /** Adds a button to the last line. */
        public Builder button(String label, String action, String value) {
            if (lines.isEmpty()) {
                throw new IllegalStateException("a button belongs to a line; add the line first");
            }
            Line last = lines.remove(lines.size() - 1);
            List<Button> more = new ArrayList<>(last.buttons());
            more.add(new Button(label, action, value));
            lines.add(new Line(last.spans(), more));
            return this;
        }

        public Message build() {
            return new Message(lines);
        }

        private static Span span(Object part) {
            if (part instanceof Span s) {
                return s;
            }
            return new Span.Plain(String.valueOf(part));
        }
    }
}
