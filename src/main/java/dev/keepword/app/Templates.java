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

    /**
     * A value worked out only if the template being rendered uses it (a commitment's history, what a late item has cost
     * so far): most reminders' wordings use neither, and a burst renders thousands of them.
     */
    public static final class Lazy {
        private final java.util.function.Supplier<?> supplier;
        private Object value;

        private Lazy(java.util.function.Supplier<?> supplier) {
            this.supplier = supplier;
        }

        Object get() {
            if (value == null) {
                value = supplier.get();
            }
            return value;
        }
    }

    public static Lazy lazy(java.util.function.Supplier<?> supplier) {
        return new Lazy(supplier);
    }

    /** One line of a template, split once into literal text and placeholders. */
    private record Line(String alone, List<String> literals, List<String> names) {
    }

    private final Map<String, String> texts;
    /** Each template's lines as split, by key: the wording does not change from one message to the next. */
    private final Map<String, List<Line>> compiled = new java.util.concurrent.ConcurrentHashMap<>();

    public Templates(Map<String, String> texts) {
        this.texts = Map.copyOf(texts);
    }

    public boolean has(String key) {
        return texts.containsKey(key);
    }

    /** Renders template {@code key}; an unknown key falls back to {@code fallback}'s text. */
    public Message render(String key, Map<String, Object> values, Message.Builder into) {
        for (Line line : compiled.computeIfAbsent(key, this::compile)) {
            if (line.alone() != null && value(values, line.alone()) instanceof Lines block) {
                block.lines().forEach(l -> into.line(l.toArray()));
                continue;
            }
            into.line(parts(line, values).toArray());
        }
        return into.build();
    }

    private List<Line> compile(String key) {
        String text = texts.getOrDefault(key, "{title}: " + key.replace('-', ' '));
        List<Line> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            Matcher alone = PLACEHOLDER.matcher(line.strip());
            List<String> literals = new ArrayList<>();
            List<String> names = new ArrayList<>();
            Matcher m = PLACEHOLDER.matcher(line);
            int at = 0;
            while (m.find()) {
                literals.add(line.substring(at, m.start()));
                names.add(m.group(1));
                at = m.end();
            }
            literals.add(line.substring(at));
            lines.add(new Line(alone.matches() ? alone.group(1) : null, List.copyOf(literals), List.copyOf(names)));
        }
        return List.copyOf(lines);
    }

    private static Object value(Map<String, Object> values, String name) {
        Object value = values.get(name);
        return value instanceof Lazy lazy ? lazy.get() : value;
    }

    public Message render(String key, Map<String, Object> values) {
        return render(key, values, Message.builder());
    }

    private static List<Object> parts(Line line, Map<String, Object> values) {
        List<Object> parts = new ArrayList<>();
        for (int i = 0; i < line.names().size(); i++) {
            if (!line.literals().get(i).isEmpty()) {
                parts.add(line.literals().get(i));
            }
            String name = line.names().get(i);
            Object value = value(values, name);
            if (value == null) {
                parts.add("{" + name + "}");
            } else if (value instanceof Lines block) {
                block.lines().forEach(l -> {
                    parts.add(" ");
                    parts.addAll(l);
                });
            } else {
                parts.add(value instanceof Message.Span ? value : String.valueOf(value));
            }
        }
        String last = line.literals().get(line.literals().size() - 1);
        if (!last.isEmpty()) {
            parts.add(last);
        }
        return parts;
    }
}
