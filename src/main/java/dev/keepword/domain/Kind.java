package dev.keepword.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What sort of promise a commitment is. */
public enum Kind {
    DELIVERABLE, INPUT, APPROVAL, PAYMENT, MEETING, CHANGE_REQUEST;

    /** The word used in the /commit language ({@code kind:input}). */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Kind> fromWord(String word) {
        return Arrays.stream(values()).filter(k -> k.word().equalsIgnoreCase(word.trim())).findFirst();
    }

    /** The kinds a person may type; change requests are created by their own command. */
    public static String typedWords() {
        return Arrays.stream(values()).filter(k -> k != CHANGE_REQUEST).map(Kind::word)
                .collect(Collectors.joining("|"));
    }
}
