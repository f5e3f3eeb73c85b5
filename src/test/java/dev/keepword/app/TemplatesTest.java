package dev.keepword.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.console.ConsoleText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wording of reminders and escalations: placeholders become spans, a block placeholder alone on its line becomes
 * lines, an unknown placeholder stays as written, and nothing a person typed is ever read as a template or markup.
 */
class TemplatesTest {

    private static final Templates TEMPLATES = new Templates(Map.of(
            "firm-reminder", "{title} was due {due}. {owed_to} is waiting on it.",
            "consultant-looped-in", "{owner} hasn't answered about {title}.\nHistory:\n{history}\nThat is all.",
            "inline", "Seen: {history} (end)",
            "odd", "Dear {owner}, {mystery} and {Title} stay as written; {} too."));

    @Test
    void placeholdersBecomeSpansAndPlainText() {
        Map<String, Object> values = Map.of("title", Message.bold("#1 send the logo"), "due", "Fri 27 Nov 17:00 (Europe/London)",
                "owed_to", Message.mention("maya"));

        Message m = TEMPLATES.render("firm-reminder", values);

        assertEquals(List.of(new Message.Line(List.of(
                new Message.Span.Bold("#1 send the logo"),
                new Message.Span.Plain(" was due "),
                new Message.Span.Plain("Fri 27 Nov 17:00 (Europe/London)"),
                new Message.Span.Plain(". "),
                new Message.Span.Mention("maya"),
                new Message.Span.Plain(" is waiting on it.")), List.of())), m.lines());
    }

    @Test
    void aBlockPlaceholderAloneOnItsLineExpandsToOneLinePerEntry() {
        Map<String, Object> values = Map.of("owner", Message.mention("sam"), "title", Message.bold("#1 send the logo"),
                "history", history());

        Message m = TEMPLATES.render("consultant-looped-in", values);

        assertEquals("""
                @sam hasn't answered about #1 send the logo.
                History:
                • Mon 23 Nov @maya recorded it
                • Tue 24 Nov @sam said it is blocked: legal
                That is all.""", m.plain());
        assertEquals(new Message.Span.Mention("maya"), m.lines().get(2).spans().get(1));
    }

    @Test
    void aBlockPlaceholderInsideALineIsJoinedOntoThatLine() {
        Message m = TEMPLATES.render("inline", Map.of("history", history()));

        assertEquals(1, m.lines().size());
        assertEquals("Seen:  • Mon 23 Nov @maya recorded it • Tue 24 Nov @sam said it is blocked: legal (end)", m.plain());
    }

    @Test
    void unknownPlaceholdersAreLeftVerbatim() {
        Message m = TEMPLATES.render("odd", Map.of("owner", Message.mention("sam")));

        assertEquals("Dear @sam, {mystery} and {Title} stay as written; {} too.", m.plain());
    }

    @Test
    void anUnknownTemplateFallsBackToTheTitleAndTheKeyInWords() {
        Message m = TEMPLATES.render("escalation-channel", Map.of("title", Message.bold("#1 send the logo")));

        assertEquals("#1 send the logo: escalation channel", m.plain());
        assertTrue(TEMPLATES.has("inline"));
        assertFalse(TEMPLATES.has("escalation-channel"));
    }

    @Test
    void whatAPersonTypedIsNeverExpandedAgainAndRendersEscaped() {
        Map<String, Object> values = Map.of(
                "title", Message.bold("#1 {owner} <!channel> & <@U123>"),
                "due", "{due} {history}",
                "owed_to", Message.mention("maya"),
                "owner", Message.mention("sam"),
                "history", history());

        Message m = TEMPLATES.render("firm-reminder", values);

        assertEquals("#1 {owner} <!channel> & <@U123> was due {due} {history}. @maya is waiting on it.", m.plain());
        assertEquals("#1 {owner} &lt;!channel&gt; &amp; &lt;@U123&gt; was due {due} {history}. @maya is waiting on it.",
                ConsoleText.text(m));
    }

    @Test
    void historyTypedByAPersonStaysTextInsideABlock() {
        Templates.Lines typed = new Templates.Lines(List.of(List.of("• ", Message.mention("sam"), " said: {title} <!here>")));

        Message m = TEMPLATES.render("consultant-looped-in", Map.of("owner", Message.mention("sam"),
                "title", Message.bold("#1 send the logo"), "history", typed));

        assertEquals("@sam hasn't answered about #1 send the logo. | History: | • @sam said: {title} &lt;!here&gt; | That is all.",
                ConsoleText.text(m));
    }

    private static Templates.Lines history() {
        return new Templates.Lines(List.of(
                List.of("• Mon 23 Nov ", Message.mention("maya"), " recorded it"),
                List.of("• Tue 24 Nov ", Message.mention("sam"), " said it is blocked: legal")));
    }
}
