package dev.keepword;

import dev.keepword.app.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads which commitments a delivered message reminds its reader of, the way a person would: every reminder to an
 * owner ends with its buttons (Done, New date, Blocked, Not mine), whose value is the commitment's id. Independent
 * of the wording, which comes from templates. Used by sinks that count items rather than messages (the crash test
 * and the dispatch benchmark); notices to consultants carry no buttons and list no items.
 */
public final class NudgeItems {
    private NudgeItems() {
    }

    /** The commitment ids of the reminders in {@code message}, in order, once per reminder. */
    public static List<Long> of(Message message) {
        List<Long> ids = new ArrayList<>();
        for (Message.Line line : message.lines()) {
            for (Message.Button button : line.buttons()) {
                if ("done".equals(button.action())) {
                    ids.add(Long.parseLong(button.value()));
                }
            }
        }
        return ids;
    }
}
