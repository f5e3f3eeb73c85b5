package dev.keepword.teams;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keepword.app.Message;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TeamsCardsTest {

    @Test
    void rendersButtonsAsActionExecuteWithAnActionSubmitFallback() {
        Message m = Message.builder().line("Due today: ", Message.bold("#3 send the deck")).button("Done", "done", "3").build();

        JsonNode card = TeamsCards.render(m);

        assertEquals("1.4", card.path("version").asText());
        assertEquals("Due today: **#3 send the deck**", card.path("body").path(0).path("text").asText());
        JsonNode action = card.path("body").path(1).path("actions").path(0);
        assertEquals("Action.Execute", action.path("type").asText());
        assertEquals("done", action.path("verb").asText());
        assertEquals("3", action.path("data").path("value").asText());
        assertEquals("Action.Submit", action.path("fallback").path("type").asText());
        assertEquals("done", action.path("fallback").path("data").path("kw").asText());
    }

    @Test
    void userTextCanNeitherFormatTheCardNorMentionAnyone() {
        Message m = Message.builder().line(Message.bold("<at>Maya Okafor</at> **urgent** [click](https://x.example)"))
                .line("- _not a list_ & `code`").build();

        JsonNode card = TeamsCards.render(m);

        String first = card.path("body").path(0).path("text").asText();
        assertEquals("**&lt;at&gt;Maya Okafor&lt;/at&gt; \\*\\*urgent\\*\\* \\[click\\]\\(https://x.example\\)**", first);
        assertEquals("\\- \\_not a list\\_ &amp; \\`code\\`", card.path("body").path(1).path("text").asText());
        assertFalse(card.has("msteams"), "no mention entities");
    }

    @Test
    void onlyAResolvedMentionSpanBecomesALiveMention() {
        TeamsCards.Names names = new TeamsCards.Names() {
            @Override
            public Optional<TeamsCards.Person> person(String userId) {
                return Optional.of(new TeamsCards.Person("29:maya", "Maya <b>Okafor</b>"));
            }

            @Override
            public Optional<String> channelName(String channelId) {
                return Optional.of("Acme Internal");
            }
        };

        JsonNode card = TeamsCards.render(Message.builder().line(Message.mention("tmaya"), " in ", Message.channel("cacme")).build(), names);

        String text = card.path("body").path(0).path("text").asText();
        assertEquals("<at>Maya &lt;b&gt;Okafor&lt;/b&gt;</at> in **#Acme Internal**", text);
        JsonNode entity = card.path("msteams").path("entities").path(0);
        assertEquals("<at>Maya &lt;b&gt;Okafor&lt;/b&gt;</at>", entity.path("text").asText());
        assertEquals("29:maya", entity.path("mentioned").path("id").asText());
        assertTrue(TeamsCards.moveForm("3", null).toString().contains("Input.Date"));
    }
}
