package dev.keepword.slack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.keepword.app.CommitmentExport;
import dev.keepword.domain.Engagement;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Files in Slack through the real SDK against the fake Web API: Slack's external-upload flow
 * ({@code files.getUploadURLExternal}, a POST of the bytes, {@code files.completeUploadExternal} naming the channel)
 * for the weekly summary's chart and for {@code /commit export}, which is answered after the 3-second ack.
 */
class SlackFilesTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private SlackHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new SlackHarness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void theWeeklySummaryAndItsChartAreSharedInTheChannelTheConsultantChose() throws Exception {
        h.command("UMAYA", SlackHarness.CHANNEL, "<@USAM|sam> send the brand guidelines by friday");
        SlackHarness.Answered chosen = h.command("UMAYA", SlackHarness.CHANNEL, "summary monday 09:00 <#C0UPDATES|acme-updates>");

        h.wiring.simulatedTime().advanceTo(Instant.parse("2026-11-30T09:01:00Z"));

        assertEquals("The weekly summary now goes out on Mondays at 09:00 (Europe/London) in <#C0UPDATES>. The next one:"
                + " Mon 30 Nov 09:00 (Europe/London).", chosen.text());
        FakeSlackApi.Call post = h.slack.awaitOne("chat.postMessage", c -> "C0UPDATES".equals(c.param("channel")));
        assertTrue(post.param("text").startsWith("Weekly summary for <#C0ACME>: Mon 23 Nov – Sun 29 Nov 2026."), post.param("text"));
        FakeSlackApi.Call url = h.slack.awaitOne("files.getUploadURLExternal", c -> true);
        FakeSlackApi.Call done = h.slack.awaitOne("files.completeUploadExternal", c -> true);
        assertEquals("C0UPDATES", done.param("channel_id"));
        assertEquals("C0ACME-on-time-2026-11-30.png", url.param("filename"));
        JsonObject file = files(done).get(0).getAsJsonObject();
        assertEquals("#acme: kept on time, last 8 weeks", file.get("title").getAsString());
        byte[] png = h.slack.uploaded(file.get("id").getAsString());
        assertNotNull(png, "no bytes were POSTed to the upload URL");
        assertEquals(String.valueOf(png.length), url.param("length"));
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image.getWidth() > 100 && image.getHeight() > 100, image.toString());
        assertTrue(h.slack.calls("conversations.open").isEmpty(), "a channel needs no conversations.open");
        assertEquals(1, h.slack.calls("files.completeUploadExternal").size());
    }

    @Test
    void exportCsvIsAckedAtOnceAndTheFileArrivesInTheConsultantsDmAfterwards() throws Exception {
        h.command("UMAYA", SlackHarness.CHANNEL, "<@USAM|sam> send the brand guidelines by friday");
        Runnable release = h.slack.holdUploads(); // the upload POST now waits until released (or 30 seconds)

        long started = System.nanoTime();
        HttpResponse<String> ack = h.commandAck("UMAYA", SlackHarness.CHANNEL, "export csv");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(200, ack.statusCode());
        assertEquals("", ack.body());
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "the ack took " + took);
        FakeSlackApi.Call working = h.slack.awaitOne("response_url", c -> SlackBot.WORKING_ON_IT.equals(c.param("text")));
        FakeSlackApi.Call url = h.slack.awaitOne("files.getUploadURLExternal", c -> true); // begun after the ack
        assertTrue(h.slack.calls("upload").isEmpty() && h.slack.calls("files.completeUploadExternal").isEmpty(),
                "the ack came back while the file was still being uploaded");

        release.run();

        FakeSlackApi.Call done = h.slack.awaitOne("files.completeUploadExternal", c -> true);
        assertEquals("UMAYA", h.slack.awaitOne("conversations.open", c -> true).param("users"));
        assertEquals("DMAYA", done.param("channel_id")); // the DM conversations.open answered
        assertEquals("C0ACME-commitments-2026-11-23.csv", url.param("filename"));
        Engagement e = h.wiring.engagements().byChannel(SlackHarness.WS, SlackHarness.CHANNEL).orElseThrow();
        byte[] expected = CommitmentExport.csv(e, h.wiring.commitments().inChannels(SlackHarness.WS,
                List.of(SlackHarness.CHANNEL)));
        JsonObject file = files(done).get(0).getAsJsonObject();
        assertArrayEquals(expected, h.slack.uploaded(file.get("id").getAsString()));
        assertEquals(String.valueOf(expected.length), url.param("length"));
        assertEquals("#acme: every commitment and its history", file.get("title").getAsString());
        FakeSlackApi.Call answer = h.slack.awaitOne("response_url", c -> String.valueOf(c.param("text")).startsWith("Exported"));
        assertEquals(working.param("path"), answer.param("path")); // the same command's response_url
        assertEquals("ephemeral", answer.param("response_type"));
        assertEquals("Exported 1 commitment (1 event) of #acme as CSV: C0ACME-commitments-2026-11-23.csv is in your direct"
                + " messages.", answer.param("text"));
    }

    @Test
    void aReportIsAlsoAnsweredAfterTheAck() throws Exception {
        h.command("UMAYA", SlackHarness.CHANNEL, "<@USAM|sam> send the brand guidelines by friday");

        SlackHarness.Answered ack = h.command("USAM", SlackHarness.CHANNEL, "report this week");

        assertEquals("", ack.ackBody());
        assertEquals(2, ack.answers().size(), ack.answers().toString());
        assertEquals(SlackBot.WORKING_ON_IT, SlackHarness.Answered.textOf(ack.answers().get(0)));
        assertTrue(ack.text().contains("Report for <#C0ACME>"), ack.text());
    }

    private static JsonArray files(FakeSlackApi.Call complete) {
        return JsonParser.parseString(complete.param("files")).getAsJsonArray();
    }
}
