package dev.keepword.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.model.User;
import dev.keepword.domain.Engagement;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slack Connect: members from another organisation count as the client side by default (see {@link SlackConnect}).
 * Workspace {@code T0001} shares channels with Eve and Raj of {@code T0EXT}; Zoe is a stranger (is_stranger).
 */
class SlackConnectTest {
    static final String NEW_CHANNEL = "C0SHARED";

    private SlackHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new SlackHarness();
        h.slack.user("UEVE", "Eve Marsh", "America/Denver", "T0EXT")
                .user("URAJ", "Raj Patel", "Asia/Kolkata", "T0EXT")
                .stranger("UZOE", "Zoe Grant", "Australia/Sydney")
                .bot("UB0TX", "Some Bot")
                .members(NEW_CHANNEL, "UMAYA", "UEVE", "UB0TX", "URAJ", "ULEE");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void setupWithoutAClientListTakesTheChannelsMembersFromOtherOrganisationsAsClients() throws Exception {
        SlackHarness.Answered ack = h.command("UMAYA", NEW_CHANNEL, "setup owner <@UMAYA|maya> escalate <#C0INTERNAL|acme-internal>");

        assertEquals(200, ack.statusCode());
        Engagement e = h.wiring.engagements().byChannel(SlackHarness.WS, NEW_CHANNEL).orElseThrow();
        assertEquals(List.of("UEVE", "URAJ"), e.clients()); // not Lee (same organisation), not the bot
        assertEquals(List.of("UMAYA"), e.consultants());
        String text = JsonParser.parseString(ack.answer()).getAsJsonObject().get("text").getAsString();
        assertTrue(text.startsWith("This channel is now an engagement."), text);
        assertTrue(text.contains("this channel's members from other organisations (Slack Connect): <@UEVE>, <@URAJ>"), text);
        assertEquals("America/Denver", h.wiring.parties().find(SlackHarness.WS, "UEVE").orElseThrow().zone().getId());
        FakeSlackApi.Call members = h.slack.awaitOne("conversations.members", c -> true);
        assertEquals(NEW_CHANNEL, members.param("channel"));
    }

    @Test
    void setupWithAClientListIsLeftAsTyped() throws Exception {
        h.command("UMAYA", NEW_CHANNEL, "setup client <@ULEE> owner <@UMAYA> escalate <#C0INTERNAL>");

        assertEquals(List.of("ULEE"), h.wiring.engagements().byChannel(SlackHarness.WS, NEW_CHANNEL).orElseThrow().clients());
        assertEquals(List.of(), h.slack.calls("conversations.members"));
    }

    @Test
    void setupWithNoClientListAndNobodyFromOutsideStillAsksForClients() throws Exception {
        h.slack.members(NEW_CHANNEL, "UMAYA", "ULEE");

        SlackHarness.Answered ack = h.command("UMAYA", NEW_CHANNEL, "setup owner <@UMAYA> escalate <#C0INTERNAL>");

        assertTrue(ack.answer().contains("Name at least one client member"), ack.answer());
        assertEquals(Optional.empty(), h.wiring.engagements().byChannel(SlackHarness.WS, NEW_CHANNEL));
    }

    @Test
    void namingSomeoneFromAnotherOrganisationAsAnOwnerIsRefused() throws Exception {
        SlackHarness.Answered ack = h.command("UMAYA", NEW_CHANNEL,
                "setup client <@URAJ> owner <@UMAYA> <@UEVE|eve> escalate <#C0INTERNAL>");

        JsonObject body = JsonParser.parseString(ack.answer()).getAsJsonObject();
        assertEquals("ephemeral", body.get("response_type").getAsString());
        String text = body.get("text").getAsString();
        assertTrue(text.startsWith("<@UEVE> is from another organisation (Slack Connect), so Keepword counts them on the "
                + "client side"), text);
        assertEquals(Optional.empty(), h.wiring.engagements().byChannel(SlackHarness.WS, NEW_CHANNEL));
    }

    @Test
    void aStrangerIsFromAnotherOrganisationToo() throws Exception {
        SlackHarness.Answered ack = h.command("UMAYA", NEW_CHANNEL, "setup client <@URAJ> owner <@UMAYA> <@UZOE> escalate <#C0INTERNAL>");

        String text = JsonParser.parseString(ack.answer()).getAsJsonObject().get("text").getAsString();
        assertTrue(text.startsWith("<@UZOE> is from another organisation"), text);
    }

    @Test
    void anUnlistedMemberFromAnotherOrganisationWhoWritesInTheChannelJoinsTheClientSide() throws Exception {
        h.event("Ev0C01", "{\"type\":\"message\",\"channel\":\"C0ACME\",\"user\":\"UEVE\",\"text\":\"hello all\","
                + "\"ts\":\"1790000100.000100\",\"channel_type\":\"channel\"}", Map.of());
        h.event("Ev0C02", "{\"type\":\"message\",\"channel\":\"C0ACME\",\"user\":\"UNEW\",\"text\":\"hi\","
                + "\"ts\":\"1790000100.000200\",\"channel_type\":\"channel\"}", Map.of());

        h.slack.awaitOne("users.info", c -> "UNEW".equals(c.param("user")));
        h.bot.drain(); // both messages handled, UNEW after its users.info answer
        Engagement e = h.wiring.engagements().byChannel(SlackHarness.WS, SlackHarness.CHANNEL).orElseThrow();
        assertEquals(List.of("USAM", "ULEE", "UEVE"), e.clients());
        assertFalse(e.isMember("UNEW"), "someone from the agency's own organisation is not made a client");
    }

    @Test
    void anUnlistedMemberFromAnotherOrganisationWhoJoinsIsAddedAndShownTheAgreement() throws Exception {
        h.event("Ev0C03", "{\"type\":\"member_joined_channel\",\"user\":\"URAJ\",\"channel\":\"C0ACME\",\"channel_type\":\"C\","
                + "\"team\":\"T0EXT\",\"event_ts\":\"1790000100.000300\"}", Map.of());

        FakeSlackApi.Call shown = h.slack.awaitOne("chat.postEphemeral", c -> "URAJ".equals(c.param("user")));
        assertEquals("C0ACME", shown.param("channel"));
        assertTrue(h.wiring.engagements().byChannel(SlackHarness.WS, SlackHarness.CHANNEL).orElseThrow().isClient("URAJ"));
    }

    @Test
    void anUnlistedMemberFromAnotherOrganisationCanUseCommitRightAway() throws Exception {
        h.command("UMAYA", SlackHarness.CHANNEL, "<@USAM> send the brand guidelines by friday");

        SlackHarness.Answered ack = h.command("UEVE", SlackHarness.CHANNEL, "list");

        String text = JsonParser.parseString(ack.answer()).getAsJsonObject().get("text").getAsString();
        assertTrue(text.contains("send the brand guidelines"), text);
        assertTrue(h.wiring.engagements().byChannel(SlackHarness.WS, SlackHarness.CHANNEL).orElseThrow().isClient("UEVE"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // the rule on Slack's user records

    @Test
    void whoIsFromAnotherOrganisation() {
        assertFalse(SlackConnect.external("T0001", user("T0001")));
        assertTrue(SlackConnect.external("T0001", user("T0EXT")));
        User stranger = user("T0001");
        stranger.setStranger(true);
        assertTrue(SlackConnect.external("T0001", stranger));
        User grid = user("T0OTHERWS"); // another workspace of the same Enterprise Grid organisation
        User.EnterpriseUser eu = new User.EnterpriseUser();
        eu.setTeams(List.of("T0OTHERWS", "T0001"));
        grid.setEnterpriseUser(eu);
        assertFalse(SlackConnect.external("T0001", grid));
        User bot = user("T0EXT");
        bot.setBot(true);
        assertFalse(SlackConnect.external("T0001", bot));
        User gone = user("T0EXT");
        gone.setDeleted(true);
        assertFalse(SlackConnect.external("T0001", gone));
        assertFalse(SlackConnect.external("T0001", user(null)));
    }

    private static User user(String team) {
        User u = new User();
        u.setId("UX");
        u.setTeamId(team);
        return u;
    }
}
