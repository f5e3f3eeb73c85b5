package dev.keepword.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.InputBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.DatePickerElement;
import com.slack.api.model.block.element.PlainTextInputElement;
import com.slack.api.model.block.element.StaticSelectElement;
import com.slack.api.model.block.element.TimePickerElement;
import com.slack.api.model.block.element.UsersSelectElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewClose;
import com.slack.api.model.view.ViewState;
import com.slack.api.model.view.ViewSubmit;
import com.slack.api.model.view.ViewTitle;
import dev.keepword.app.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keepword's modals and App Home as Block Kit views, and the reading of what people submitted back into
 * {@code /commit} lines, so a modal goes through exactly the same use case (and the same checks) as typing. Pure.
 */
final class SlackViews {
    static final String NEW = "keepword.new";
    static final String MOVE = "keepword.move";
    static final String BLOCKED = "keepword.blocked";
    /** "Track as commitment" on a message: the new-commitment form, prefilled. */
    static final String TRACK = "keepword.track";
    /** The message shortcut's callback id, as in the app manifest. */
    static final String SHORTCUT = "track_commitment";
    static final String VALUE = "value";
    static final List<String> KINDS = List.of("deliverable", "input", "approval", "payment", "meeting");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9]{1,40}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}");

    private SlackViews() {
    }

    /** The "new commitment" modal, opened by {@code /commit} with no text; the channel rides in the metadata. */
    static View newCommitment(String channelId, String userId) {
        return modal(NEW, "New commitment", "Record", channelId, commitmentBlocks(userId, null, null, null, null));
    }

    /**
     * The same form opened by "Track as commitment" on a message, prefilled from it; the metadata carries the channel,
     * the message's ts and its permalink ({@link Tracking}).
     */
    static View track(Tracking tracking, dev.keepword.app.PromiseCapture.Form form) {
        return modal(TRACK, "Track as commitment", "Track", tracking.metadata(), commitmentBlocks(form.owner(), form.what(),
                form.dueDate().map(java.time.LocalDate::toString).orElse(null),
                form.dueTime().map(t -> String.format(java.util.Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute())).orElse(null),
                form.owedTo()));
    }

    private static List<LayoutBlock> commitmentBlocks(String owner, String what, String date, String time, String owedTo) {
        return List.of(
                input("owner", "Who owes it", UsersSelectElement.builder().actionId(VALUE).initialUser(owner).build(), false),
                input("what", "What", PlainTextInputElement.builder().actionId(VALUE).maxLength(300)
                        .initialValue(what == null || what.isBlank() ? null : limit(oneLine(what), 300))
                        .placeholder(plain("send the brand guidelines")).build(), false),
                input("due_date", "Due", DatePickerElement.builder().actionId(VALUE).initialDate(date).build(), false),
                input("due_time", "At (their time; 17:00 if empty)", TimePickerElement.builder().actionId(VALUE)
                        .initialTime(time).build(), true),
                input("owed_to", "Owed to", UsersSelectElement.builder().actionId(VALUE).initialUser(owedTo).build(), true),
                input("kind", "Kind", StaticSelectElement.builder().actionId(VALUE)
                        .options(KINDS.stream().map(k -> OptionObject.builder().text(plain(k)).value(k).build()).toList())
                        .build(), true));
    }

    /**
     * The message a "Track as commitment" form is about: its channel, ts and permalink, and the ts of the thread it is
     * in (its own when it starts none), where the reply saying it is tracked goes.
     */
    record Tracking(String channelId, String ts, String link, String threadTs) {
        String metadata() {
            return nz(channelId) + "|" + nz(ts) + "|" + nz(link) + "|" + nz(threadTs);
        }

        static Optional<Tracking> parse(String metadata) {
            String[] parts = metadata == null ? new String[0] : metadata.split("\\|", -1);
            return parts.length == 4 && !parts[0].isEmpty() && !parts[1].isEmpty()
                    ? Optional.of(new Tracking(parts[0], parts[1], parts[2].isEmpty() ? null : parts[2],
                    parts[3].isEmpty() ? parts[1] : parts[3])) : Optional.empty();
        }

        /** The message's permalink as Slack writes it: the workspace's domain, the channel and the ts without its dot. */
        static String permalink(String domain, String channelId, String ts) {
            return domain == null || domain.isBlank() || ts == null ? null
                    : "https://" + domain + ".slack.com/archives/" + channelId + "/p" + ts.replace(".", "");
        }

        private static String nz(String s) {
            return s == null ? "" : s.replace("|", "");
        }
    }

    /** "New date": a date (and optional time) and why. */
    static View move(String metadata, long id) {
        return modal(MOVE, "New date for #" + id, "Move", metadata, List.of(
                input("due_date", "New date", DatePickerElement.builder().actionId(VALUE).build(), false),
                input("due_time", "At (optional)", TimePickerElement.builder().actionId(VALUE).build(), true),
                input("reason", "Because", PlainTextInputElement.builder().actionId(VALUE).maxLength(500).build(), true)));
    }

    /** "Blocked": the reason, which goes to the consultant. */
    static View blocked(String metadata, long id) {
        return modal(BLOCKED, "Blocked on #" + id, "Send", metadata, List.of(
                input("reason", "What is in the way?", PlainTextInputElement.builder().actionId(VALUE).multiline(true)
                        .maxLength(1000).build(), false)));
    }

    /** The App Home tab showing {@code message}. */
    static View home(Message message) {
        return View.builder().type("home").blocks(SlackMessages.render(message).blocks()).build();
    }

    /** The {@code /commit} line a "new commitment" submission stands for. */
    static String commitLine(ViewState state) {
        StringBuilder line = new StringBuilder();
        value(state, "owner").map(ViewState.Value::getSelectedUser).filter(u -> SAFE_ID.matcher(u).matches())
                .ifPresent(u -> line.append("<@").append(u).append("> "));
        line.append(oneLine(value(state, "what").map(ViewState.Value::getValue).orElse("")));
        line.append(" by ").append(when(state));
        value(state, "owed_to").map(ViewState.Value::getSelectedUser).filter(u -> SAFE_ID.matcher(u).matches())
                .ifPresent(u -> line.append(" to <@").append(u).append('>'));
        value(state, "kind").map(ViewState.Value::getSelectedOption).map(ViewState.SelectedOption::getValue)
                .filter(KINDS::contains).ifPresent(k -> line.append(" kind:").append(k));
        return line.toString();
    }

    /** {@code move ID WHEN [because REASON]}. */
    static String moveLine(long id, ViewState state) {
        String reason = oneLine(value(state, "reason").map(ViewState.Value::getValue).orElse(""));
        return "move " + id + " " + when(state) + (reason.isBlank() ? "" : " because " + reason);
    }

    /** {@code blocked ID REASON}. */
    static String blockedLine(long id, ViewState state) {
        return "blocked " + id + " " + oneLine(value(state, "reason").map(ViewState.Value::getValue).orElse(""));
    }

    /** The date picker's date and, when given, the time: a form the /commit language reads ("2026-12-03 15:30"). */
    private static String when(ViewState state) {
        String date = value(state, "due_date").map(ViewState.Value::getSelectedDate).filter(d -> DATE.matcher(d).matches())
                .orElse("");
        String time = value(state, "due_time").map(ViewState.Value::getSelectedTime).filter(t -> TIME.matcher(t).matches())
                .orElse("");
        return time.isEmpty() ? date : date + " " + time;
    }

    /**
     * The clicked nudge after the click: the actions block that was clicked becomes a context line saying what
     * happened, every other block stays as it was (a batched nudge keeps its other items' buttons).
     */
    static List<LayoutBlock> retire(List<LayoutBlock> blocks, String clickedBlockId, String statusMrkdwn) {
        List<LayoutBlock> out = new ArrayList<>();
        boolean replaced = false;
        for (LayoutBlock b : blocks) {
            if (b instanceof ActionsBlock a && clickedBlockId != null && clickedBlockId.equals(a.getBlockId())) {
                out.add(status(statusMrkdwn));
                replaced = true;
            } else {
                out.add(b);
            }
        }
        if (!replaced) {
            out.add(status(statusMrkdwn));
        }
        return out;
    }

    static ContextBlock status(String mrkdwn) {
        String text = mrkdwn.length() <= SlackMessages.MAX_SECTION ? mrkdwn : mrkdwn.substring(0, SlackMessages.MAX_SECTION - 1) + "…";
        return ContextBlock.builder().elements(List.of(MarkdownTextObject.builder().text(text).build())).build();
    }

    /** What a nudge button click is about: the commitment, and where the clicked message is. */
    record Clicked(long id, String channelId, String ts, String blockId) {
        String metadata() {
            return id + "|" + nz(channelId) + "|" + nz(ts) + "|" + nz(blockId);
        }

        static Optional<Clicked> parse(String metadata) {
            if (metadata == null) {
                return Optional.empty();
            }
            String[] parts = metadata.split("\\|", -1);
            if (parts.length != 4) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Clicked(Long.parseLong(parts[0]), parts[1], parts[2], parts[3]));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        private static String nz(String s) {
            return s == null ? "" : s.replace("|", "");
        }
    }

    private static Optional<ViewState.Value> value(ViewState state, String blockId) {
        if (state == null || state.getValues() == null) {
            return Optional.empty();
        }
        Map<String, ViewState.Value> block = state.getValues().get(blockId);
        return block == null ? Optional.empty() : Optional.ofNullable(block.get(VALUE));
    }

    /** Newlines would end a /commit line; a modal's multi-line reason is read as one line. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    private static InputBlock input(String blockId, String label, BlockElement element, boolean optional) {
        return InputBlock.builder().blockId(blockId).label(plain(label)).element(element).optional(optional).build();
    }

    private static View modal(String callbackId, String title, String submit, String metadata, List<LayoutBlock> blocks) {
        return View.builder().type("modal").callbackId(callbackId).privateMetadata(metadata)
                .title(ViewTitle.builder().type("plain_text").text(limit(title, 24)).build())
                .submit(ViewSubmit.builder().type("plain_text").text(submit).build())
                .close(ViewClose.builder().type("plain_text").text("Cancel").build())
                .blocks(blocks).build();
    }

    private static PlainTextObject plain(String text) {
        return PlainTextObject.builder().text(text).build();
    }

    private static String limit(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
