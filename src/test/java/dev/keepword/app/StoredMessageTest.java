package dev.keepword.app;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StoredMessageTest {

    @Test
    void aMessageWithMentionsChannelsBoldAndButtonsComesBackAsItWas() {
        Message m = Message.builder()
                .line(Message.mention("U1"), " gave you ", Message.bold("#3 send: the *logo* L5:x"), " in ",
                        Message.channel("C9"), ".")
                .button("Reassign", "reassign", "3")
                .button("Done", "done", "3")
                .line("Due Fri 27 Nov 17:00 (America/New_York). <script>&amp; P3:abc")
                .build();

        assertEquals(m, StoredMessage.read(StoredMessage.write(m)));
    }

    @Test
    void textAUserTypedCannotBreakTheFormat() {
        String typed = "L\nP99:K1:A1:V";
        Message m = Message.builder().line(typed, Message.bold(typed)).build();

        assertEquals(m, StoredMessage.read(StoredMessage.write(m)));
    }

    @Test
    void somethingElseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> StoredMessage.read("hello"));
    }
}
