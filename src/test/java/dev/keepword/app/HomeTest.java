package dev.keepword.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keepword.Wiring;
import dev.keepword.config.ConfigFiles;
import dev.keepword.console.ConsoleText;
import dev.keepword.domain.Agreement;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The App Home use case on H2, in the demo workspace (#acme: maya consultant; sam and lee clients). */
class HomeTest {
    private static final Instant MONDAY = Instant.parse("2026-11-23T10:00:00Z");
    private static final String WS = "console";

    private MutableClock clock;
    private Wiring wiring;

    @BeforeEach
    void start() {
        clock = new MutableClock(MONDAY);
        wiring = new Wiring(dev.keepword.store.Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
                clock, Agreement.DEFAULT, (ws, id) -> Optional.empty(),
                (ws, target, message) -> new dev.keepword.app.Delivery.Undeliverable("no chat adapter is configured"));
        wiring.seed(new ConfigFiles(Path.of("config")).demoWorkspace());
    }

    @AfterEach
    void stop() {
        wiring.close();
    }

    @Test
    void showsWhatIOweWhatIsOwedToMeAndMyEngagementsWithOpenAndOverdueCounts() {
        say("maya", "@sam send the brand guidelines by tuesday");
        say("maya", "@lee approve the homepage copy by friday kind:approval");
        say("maya", "share the first homepage draft by dec 2 to @sam");
        say("maya", "@sam pay the deposit by friday kind:payment");
        say("maya", "cancel 4 not needed");
        clock.advance(Duration.ofDays(2)); // Wednesday 10:00 UTC: #1 is 12 hours, one working day, late

        Message home = wiring.home().forUser(WS, "sam", clock.now());

        assertEquals("What you owe (1) | #1 send the brand guidelines — owed to @maya — due Tue 24 Nov 17:00 "
                + "(America/New_York) — 1 working day late | What is owed to you (1) | #3 share the first homepage draft — from "
                + "@maya — due Wed 2 Dec 12:00 (America/New_York) | Your engagements (1) | #acme — 3 open, 1 overdue",
                ConsoleText.text(home));
    }

    @Test
    void someoneWithNothingSeesKindEmptySections() {
        Message home = wiring.home().forUser(WS, "lee", clock.now());

        assertEquals("What you owe (0) | Nothing. Every promise you made is kept. | What is owed to you (0) | "
                + "Nothing is owed to you right now. | Your engagements (1) | #acme — 0 open, 0 overdue",
                ConsoleText.text(home));
    }

    @Test
    void anOutsiderSeesNoEngagementAndNoCommitments() {
        say("maya", "@sam send the brand guidelines by tuesday");

        Message home = wiring.home().forUser(WS, "stranger", clock.now());

        assertEquals("What you owe (0) | Nothing. Every promise you made is kept. | What is owed to you (0) | "
                + "Nothing is owed to you right now. | Your engagements (0) | You are not in any engagement yet. A consultant "
                + "sets one up in its channel with /commit setup client @a owner @b escalate #channel",
                ConsoleText.text(home));
    }

    private void say(String who, String text) {
        wiring.commands().handle(new Inbound(WS, "acme", who, text));
    }
}
