package dev.keepword.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wording of reminders, escalations and notices ({@code config/templates.yml}), rendered into messages.
 * A placeholder's value is plain text, a {@link Message.Span} (a mention, a bold title), or, for block
 * placeholders such as {@code {history}}, a list of lines. Values are never re-read as templates, so nothing a
 * person typed can inject a placeholder or markup.
 */
public final class Templates {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    /** A block value: several lines, each a list of parts (Strings or Spans). */
    public record Lines(List<List<Object>> lines) {
    }

    private final Map<String, String> texts;

    public Templates(Map<String, String> texts) {
        this.texts = Map.copyOf(texts);
    }

    public boolean has(String key) {
        return texts.containsKey(key);
    }

    /** Renders template {@code key}; an unknown key falls back to {@code fallback}'s text. */
    public Message render(String key, Map<String, Object> values, Message.Builder into) {
        String text = texts.getOrDefault(key, "{title}: " + key.replace('-', ' '));
        for (String line : text.split("\n", -1)) {
            Matcher alone = PLACEHOLDER.matcher(line.strip());
            if (alone.matches() && values.get(alone.group(1)) instanceof Lines block) {
                block.lines().forEach(l -> into.line(l.toArray()));
                continue;
            }
            into.line(parts(line, values).toArray());
        }
        return into.build();
    }

    public Message render(String key, Map<String, Object> values) {
        return render(key, values, Message.builder());
    }

    private static List<Object> parts(String line, Map<String, Object> values) {
        List<Object> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(line);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(line.substring(at, m.start()));
            }
            Object value = values.get(m.group(1));
            if (value == null) {
                parts.add(m.group());
            } else if (value instanceof Lines block) {
                block.lines().forEach(l -> {
                    parts.add(" ");
                    parts.addAll(l);
                });
            } else {
                parts.add(value instanceof Message.Span ? value : String.valueOf(value));
            }
            at = m.end();
        }
        if (at < line.length()) {
            parts.add(line.substring(at));
        }
        return parts;
    }
}
