package dev.keepword.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import dev.keepword.app.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders a platform-neutral {@link Message} as Block Kit: one section per line (split when a line passes Slack's
 * 3,000-character limit), an actions block after each line that has buttons, at most 50 blocks, and a fallback
 * text for notifications. Pure. Everything a person typed arrives as a plain or bold span and is escaped
 * ({@code & < >}), so {@code <!channel>} in a title pings nobody; only mentions and channel references Keepword
 * resolved itself become live {@code <@U…>} / {@code <#C…>} links.
 */
public final class SlackMessages {
    static final int MAX_BLOCKS = 50;
    static final int MAX_SECTION = 3000;
    static final int MAX_BUTTONS = 25;
    /** Raw characters per piece when one span is longer than a section: escaped, a piece is at most 5x this. */
    private static final int PIECE = 500;
    private static final Pattern SLACK_ID = Pattern.compile("[A-Z0-9]{2,40}");

    private SlackMessages() {
    }

    /** A message as Slack wants it: blocks, and the text shown in notifications and where blocks are not. */
    public record Rendered(String text, List<LayoutBlock> blocks) {
        public Rendered {
            blocks = List.copyOf(blocks);
        }
    }

    public static Rendered render(Message message) {
        List<LayoutBlock> blocks = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        int lineNo = 0;
        for (Message.Line line : message.lines()) {
            lineNo++;
            List<String> sections = sections(line);
            texts.add(String.join("", sections));
            for (String s : sections) {
                blocks.add(SectionBlock.builder().text(MarkdownTextObject.builder().text(s).build()).build());
            }
            if (!line.buttons().isEmpty()) {
                blocks.add(actions(line.buttons(), "line-" + lineNo));
            }
        }
        if (blocks.size() > MAX_BLOCKS) {
            int hidden = blocks.size() - (MAX_BLOCKS - 1);
            blocks = new ArrayList<>(blocks.subList(0, MAX_BLOCKS - 1));
            blocks.add(SectionBlock.builder().text(MarkdownTextObject.builder()
                    .text("… " + hidden + " more block" + (hidden == 1 ? "" : "s") + " not shown. /commit list shows everything.")
                    .build()).build());
        }
        return new Rendered(fallback(texts), blocks);
    }

    /** The actions block for a line; its block id lets a click find (and retire) exactly these buttons. */
    static ActionsBlock actions(List<Message.Button> buttons, String blockId) {
        List<BlockElement> elements = new ArrayList<>();
        for (Message.Button b : buttons.stream().limit(MAX_BUTTONS).toList()) {
            elements.add(ButtonElement.builder()
                    .text(PlainTextObject.builder().text(limit(b.label(), 75)).emoji(true).build())
                    .actionId(b.action())
                    .value(limit(b.value(), 2000))
                    .style("done".equals(b.action()) ? "primary" : null)
                    .build());
        }
        return ActionsBlock.builder().blockId(blockId).elements(elements).build();
    }

    /** The line as mrkdwn, in pieces of at most {@link #MAX_SECTION} characters, never cutting an escape or a link. */
    static List<String> sections(Message.Line line) {
        List<String> tokens = new ArrayList<>();
        for (Message.Span span : line.spans()) {
            if (span instanceof Message.Span.Plain p) {
                pieces(p.text()).forEach(piece -> tokens.add(escape(piece)));
            } else if (span instanceof Message.Span.Bold b) {
                pieces(b.text()).forEach(piece -> tokens.add(piece.isBlank() ? escape(piece) : "*" + escape(piece) + "*"));
            } else if (span instanceof Message.Span.Mention m) {
                tokens.add(SLACK_ID.matcher(m.userId()).matches() ? "<@" + m.userId() + ">" : "@" + escape(m.userId()));
            } else {
                String c = ((Message.Span.ChannelRef) span).channelId();
                tokens.add(SLACK_ID.matcher(c).matches() ? "<#" + c + ">" : "#" + escape(c));
            }
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String token : tokens) {
            if (current.length() + token.length() > MAX_SECTION && !current.isEmpty()) {
                out.add(current.toString());
                current.setLength(0);
            }
            current.append(token);
        }
        if (!current.isEmpty() || out.isEmpty()) {
            out.add(current.isEmpty() ? " " : current.toString());
        }
        return out;
    }

    private static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int cps = text.codePointCount(i, text.length());
            int end = cps <= PIECE ? text.length() : text.offsetByCodePoints(i, PIECE);
            out.add(text.substring(i, end));
            i = end;
        }
        return out;
    }

    /** Escapes what Slack's mrkdwn would otherwise read as a link, mention or broadcast. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String fallback(List<String> lines) {
        String text = String.join("\n", lines);
        if (text.length() <= MAX_SECTION) {
            return text;
        }
        int cut = MAX_SECTION - 1;
        int amp = text.lastIndexOf('&', cut);
        int lt = text.lastIndexOf('<', cut);
        int guard = Math.max(amp >= 0 && text.indexOf(';', amp) >= cut ? amp : -1,
                lt >= 0 && text.indexOf('>', lt) >= cut ? lt : -1);
        if (guard >= 0) {
            cut = guard;
        }
        if (Character.isLowSurrogate(text.charAt(cut))) {
            cut--;
        }
        return text.substring(0, cut) + "…";
    }

    private static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** A command's private answer, as an ack body or a {@code response_url} post: ephemeral, text and blocks. */
    static com.slack.api.app_backend.slash_commands.response.SlashCommandResponse ephemeral(Message message) {
        Rendered r = render(message);
        return com.slack.api.app_backend.slash_commands.response.SlashCommandResponse.builder()
                .responseType("ephemeral").text(r.text()).blocks(r.blocks()).build();
    }
}
