package dev.keepword.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlackSignatureTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_531_420_618);
    /** Slack's documented example: secret, timestamp, body and the signature they give. */
    private static final SlackSignature SLACK_DOCS = new SlackSignature("8f742231b10e8888abcd99yyyzzz85a5");
    private static final byte[] BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
            + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url="
            + "https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id="
            + "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c").getBytes(StandardCharsets.UTF_8);
    private static final String DOCS_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    @Test
    void signsExactlyAsSlacksDocumentedExample() {
        assertEquals(DOCS_SIGNATURE, SLACK_DOCS.sign("1531420618", BODY));
    }

    @Test
    void acceptsTheRightSignatureWithinFiveMinutesEitherWay() {
        assertEquals(SlackSignature.Verdict.VALID, SLACK_DOCS.verify("1531420618", DOCS_SIGNATURE, BODY, NOW));
        assertEquals(SlackSignature.Verdict.VALID, SLACK_DOCS.verify("1531420618", DOCS_SIGNATURE, BODY, NOW.plusSeconds(300)));
        assertEquals(SlackSignature.Verdict.VALID, SLACK_DOCS.verify("1531420618", DOCS_SIGNATURE, BODY, NOW.minusSeconds(300)));
    }

    @Test
    void refusesStaleFutureForgedAndMissing() {
        assertEquals(SlackSignature.Verdict.STALE, SLACK_DOCS.verify("1531420618", DOCS_SIGNATURE, BODY, NOW.plusSeconds(301)));
        assertEquals(SlackSignature.Verdict.FUTURE, SLACK_DOCS.verify("1531420618", DOCS_SIGNATURE, BODY, NOW.minusSeconds(301)));
        assertEquals(SlackSignature.Verdict.BAD_SIGNATURE, SLACK_DOCS.verify("1531420618",
                DOCS_SIGNATURE.replace('3', '4'), BODY, NOW));
        assertEquals(SlackSignature.Verdict.BAD_SIGNATURE, SLACK_DOCS.verify("1531420618", DOCS_SIGNATURE,
                "token=tampered".getBytes(StandardCharsets.UTF_8), NOW));
        assertEquals(SlackSignature.Verdict.BAD_TIMESTAMP, SLACK_DOCS.verify("yesterday", DOCS_SIGNATURE, BODY, NOW));
        assertEquals(SlackSignature.Verdict.MISSING_HEADERS, SLACK_DOCS.verify(null, DOCS_SIGNATURE, BODY, NOW));
        assertEquals(SlackSignature.Verdict.MISSING_HEADERS, SLACK_DOCS.verify("1531420618", "", BODY, NOW));
    }
}
