package dev.keepword.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.util.json.GsonFactory;
import dev.keepword.app.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlackMessagesTest {

    @Test
    void rendersANudgeAsThisExactBlockKit() {
        Message nudge = Message.builder()
                .line("Friendly heads-up: ", Message.bold("#7 send the <!channel> logo & fonts"), ", owed to ",
                        Message.mention("U0MAYA"), " in ", Message.channel("C0ACME"), " — due Fri 27 Nov 17:00 (America/New_York).")
                .button("Done", "done", "7").button("New date", "move", "7").button("Blocked", "blocked", "7")
                .button("Not mine", "notmine", "7")
                .build();

        SlackMessages.Rendered r = SlackMessages.render(nudge);

        assertEquals("Friendly heads-up: *#7 send the &lt;!channel&gt; logo &amp; fonts*, owed to <@U0MAYA> in <#C0ACME>"
                + " — due Fri 27 Nov 17:00 (America/New_York).", r.text());
        assertEquals("""
                [{"type":"section","text":{"type":"mrkdwn","text":"Friendly heads-up: *#7 send the \\u0026lt;!channel\\u0026gt; \
                logo \\u0026amp; fonts*, owed to \\u003c@U0MAYA\\u003e in \\u003c#C0ACME\\u003e — due Fri 27 Nov 17:00 \
                (America/New_York)."}},\
                {"type":"actions","elements":[\
                {"type":"button","text":{"type":"plain_text","text":"Done","emoji":true},"action_id":"done","value":"7","style":"primary"},\
                {"type":"button","text":{"type":"plain_text","text":"New date","emoji":true},"action_id":"move","value":"7"},\
                {"type":"button","text":{"type":"plain_text","text":"Blocked","emoji":true},"action_id":"blocked","value":"7"},\
                {"type":"button","text":{"type":"plain_text","text":"Not mine","emoji":true},"action_id":"notmine","value":"7"}],\
                "block_id":"line-1"}]""", GsonFactory.createSnakeCase().toJson(r.blocks()));
    }

    @Test
    void userTextCannotPingMentionOrLink() {
        Message m = Message.builder().line("<!channel> <!here> <@U123> <https://evil.example|click> & more", Message.bold("<!everyone>"))
                .build();

        String text = SlackMessages.render(m).text();

        assertEquals("&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp; more*&lt;!everyone&gt;*",
                text);
        assertFalse(text.contains("<"));
    }

    @Test
    void idsThatAreNotSlackIdsRenderAsEscapedText() {
        Message m = Message.builder().line(Message.mention("sam>|<!channel"), " ", Message.channel("acme")).build();

        assertEquals("@sam&gt;|&lt;!channel #acme", SlackMessages.render(m).text());
    }

    @Test
    void aLongLineIsSplitIntoSectionsOfAtMost3000CharactersWithoutCuttingAnEscape() {
        Message m = Message.builder().line("&".repeat(2000)).build();

        List<String> texts = SlackMessages.render(m).blocks().stream()
                .map(b -> ((MarkdownTextObject) ((SectionBlock) b).getText()).getText()).toList();

        assertEquals(4, texts.size()); // 2000 × "&amp;" = 10,000 characters
        assertTrue(texts.stream().allMatch(t -> t.length() <= 3000 && t.matches("(&amp;)+")), texts.toString());
        assertEquals(10_000, texts.stream().mapToInt(String::length).sum());
        assertTrue(SlackMessages.render(m).text().length() <= 3000);
    }

    @Test
    void neverMoreThanFiftyBlocks() {
        Message.Builder b = Message.builder();
        for (int i = 0; i < 40; i++) {
            b.line("item " + i).button("Done", "done", String.valueOf(i));
        }

        var blocks = SlackMessages.render(b.build()).blocks();

        assertEquals(50, blocks.size());
        assertEquals("… 31 more blocks not shown. /commit list shows everything.",
                ((MarkdownTextObject) ((SectionBlock) blocks.get(49)).getText()).getText());
    }
}
