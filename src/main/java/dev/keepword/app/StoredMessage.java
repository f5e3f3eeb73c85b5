package dev.keepword.app;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Message} as text for a database column and back, with its mentions, channels, bold parts and buttons.
 * Every field is written with its length in front ({@code P5:hello}), so no character a user typed can break it.
 */
public final class StoredMessage {
    private StoredMessage() {
    }

    public static String write(Message message) {
        StringBuilder out = new StringBuilder();
        for (Message.Line line : message.lines()) {
            out.append('L');
            for (Message.Span span : line.spans()) {
                if (span instanceof Message.Span.Plain p) {
                    field(out, 'P', p.text());
                } else if (span instanceof Message.Span.Bold b) {
                    field(out, 'B', b.text());
                } else if (span instanceof Message.Span.Mention m) {
                    field(out, 'M', m.userId());
                } else if (span instanceof Message.Span.ChannelRef c) {
                    field(out, 'C', c.channelId());
                }
            }
            for (Message.Button b : line.buttons()) {
                field(out, 'K', b.label());
                field(out, 'A', b.action());
                field(out, 'V', b.value());
            }
        }
        return out.toString();
    }

    /** The message {@link #write} wrote; throws {@link IllegalArgumentException} on anything else. */
    public static Message read(String text) {
        Message.Builder m = Message.builder();
        List<Object> spans = null;
        List<String[]> buttons = new ArrayList<>();
        String[] button = null;
        int i = 0;
        while (i < text.length()) {
            char kind = text.charAt(i);
            if (kind == 'L') {
                flush(m, spans, buttons);
                spans = new ArrayList<>();
                buttons = new ArrayList<>();
                i++;
                continue;
            }
            int colon = text.indexOf(':', i + 1);
            if (spans == null || colon < 0) {
                throw new IllegalArgumentException("not a stored message at " + i);
            }
            int length = Integer.parseInt(text.substring(i + 1, colon));
            String value = text.substring(colon + 1, colon + 1 + length);
            i = colon + 1 + length;
            switch (kind) {
                case 'P' -> spans.add(value);
                case 'B' -> spans.add(Message.bold(value));
                case 'M' -> spans.add(Message.mention(value));
                case 'C' -> spans.add(Message.channel(value));
                case 'K' -> button = new String[] {value, null, null};
                case 'A' -> button[1] = value;
                case 'V' -> {
                    button[2] = value;
                    buttons.add(button);
                }
                default -> throw new IllegalArgumentException("not a stored message: field " + kind);
            }
        }
        flush(m, spans, buttons);
        return m.build();
    }

    private static void flush(Message.Builder m, List<Object> spans, List<String[]> buttons) {
        if (spans == null) {
            return;
        }
        m.line(spans.toArray());
        buttons.forEach(b -> m.button(b[0], b[1], b[2]));
    }

    private static void field(StringBuilder out, char kind, String value) {
        out.append(kind).append(value.length()).append(':').append(value);
    }
}
