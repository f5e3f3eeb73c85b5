package dev.keepword.chat;

import dev.keepword.app.Outgoing;
import dev.keepword.app.Target;
import dev.keepword.domain.Commitment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A command's messages split the way every adapter answers them: the answer to the person who typed or clicked (shown
 * to them where they are: an ephemeral reply, a response, a card update) and the rest (DMs, channel posts), which go
 * out after it.
 */
public record Replies(Optional<Outgoing> answer, List<Outgoing> rest) {

    /** The first private message to {@code asker} is the answer; everything else is the rest, in order. */
    public static Replies of(String asker, List<Outgoing> out) {
        Optional<Outgoing> answer = out.stream()
                .filter(o -> o.target() instanceof Target.Private p && p.userId().equals(asker)).findFirst();
        if (answer.isEmpty()) {
            return new Replies(answer, List.copyOf(out));
        }
        List<Outgoing> rest = new ArrayList<>(out);
        rest.remove(answer.get());
        return new Replies(answer, List.copyOf(rest));
    }

    /** The answer first, then the rest: every message the command caused. */
    public List<Outgoing> all() {
        List<Outgoing> all = new ArrayList<>(rest.size() + 1);
        answer.ifPresent(all::add);
        all.addAll(rest);
        return all;
    }

    /**
     * Whether a command changed the commitment: it exists now and its history grew (a refusal, a repeat or a command
     * on a closed commitment adds nothing). Adapters update the clicked message in place only then.
     */
    public static boolean changed(Optional<Commitment> before, Optional<Commitment> after) {
        return after.isPresent() && (before.isEmpty() || after.get().actions().size() > before.get().actions().size());
    }
}
