package dev.keepword.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Standing and reliability from a party's history: one slip is not a pattern, several in the window are, a clean
 * streak earns good standing back, and a date moved before it passes (within the agreement's cap) is not a miss.
 */
class StandingTest {

    private static final Instant MONDAY = Instant.parse("2026-11-23T10:00:00Z");
    private static final Engagement ACME = new Engagement("ws", "acme", "acme", List.of("sam"), List.of("maya"),
            "acme-internal", ZoneId.of("Europe/London"), 2, Agreement.DEFAULT);
    private static final int CAP = Agreement.DEFAULT.maxRenegotiations();
    private static final Terms TERMS = Terms.DEFAULT; // 3 misses make a serial defaulter, 3 kept restore GOOD, 90 days

    private long ids;

    @Test
    void aPartyWithNothingDueYetIsInGoodStanding() {
        List<Commitment> owned = List.of(owed(days(3)));

        Standing.Assessment a = Standing.assess(owned, MONDAY, TERMS, CAP, false);

        assertEquals(Standing.Level.GOOD, a.level());
        assertEquals(new Standing.Reliability(0, 0), a.reliability());
        assertEquals("nothing fell due yet", a.reliability().words());
    }

    @Test
    void theFirstMissMakesAPartySlipping() {
        List<Commitment> owned = List.of(done(owed(days(1)), days(1).minusSeconds(60)), owed(days(2)));

        Standing.Assessment a = Standing.assess(owned, MONDAY.plus(Duration.ofDays(3)), TERMS, CAP, false);

        assertEquals(Standing.Level.SLIPPING, a.level());
        assertEquals(new Standing.Reliability(2, 1), a.reliability());
        assertEquals(1, a.reliability().misses());
    }

    @Test
    void aCommitmentDoneAfterItsDueDateIsAMiss() {
        Commitment late = done(owed(days(1)), days(1).plusSeconds(1));

        Standing.Assessment a = Standing.assess(List.of(late), days(5), TERMS, CAP, false);

        assertEquals(Standing.Level.SLIPPING, a.level());
        assertTrue(Standing.missed(late, days(5), CAP));
    }

    @Test
    void twoMissesAreStillSlippingAndTheThirdInTheWindowMakesASerialDefaulter() {
        List<Commitment> two = List.of(owed(days(1)), owed(days(2)));
        List<Commitment> three = List.of(owed(days(1)), owed(days(2)), owed(days(3)));

        Standing.Level afterTwo = Standing.assess(two, days(10), TERMS, CAP, false).level();
        Standing.Assessment afterThree = Standing.assess(three, days(10), TERMS, CAP, false);

        assertEquals(Standing.Level.SLIPPING, afterTwo);
        assertEquals(Standing.Level.SERIAL_DEFAULTER, afterThree.level());
        assertEquals("0 of 3 on time (0%)", afterThree.reliability().words());
    }

    @Test
    void aCleanStreakRestoresGoodStandingAndAShorterOneDoesNot() {
        List<Commitment> history = new ArrayList<>(List.of(
                done(owed(days(1)), days(2)), done(owed(days(2)), days(3)), done(owed(days(3)), days(4))));
        history.add(done(owed(days(6)), days(5)));
        history.add(done(owed(days(8)), days(7)));
        List<Commitment> twoKept = List.copyOf(history);
        history.add(done(owed(days(10)), days(9)));

        Standing.Assessment notYet = Standing.assess(twoKept, days(12), TERMS, CAP, false);
        Standing.Assessment restored = Standing.assess(history, days(12), TERMS, CAP, false);

        assertEquals(Standing.Level.SERIAL_DEFAULTER, notYet.level());
        assertEquals(Standing.Level.GOOD, restored.level());
        assertEquals("3 of 6 on time (50%)", restored.reliability().words());
    }

    @Test
    void aMoveBeforeTheDueDateWithinTheCapIsNotAMiss() {
        Commitment c = owed(days(2));
        c = move(c, days(4), days(1));
        c = move(c, days(6), days(3)); // the second move: exactly the cap
        c = done(c, days(5));

        Standing.Assessment a = Standing.assess(List.of(c), days(8), TERMS, CAP, false);

        assertEquals(Standing.Level.GOOD, a.level());
        assertEquals(new Standing.Reliability(1, 1), a.reliability());
        assertFalse(Standing.missed(c, days(8), CAP));
    }

    @Test
    void aMovePastTheCapCountsAsLateEvenBeforeTheNewDateAndWhenKept() {
        Commitment c = owed(days(2));
        c = move(c, days(4), days(1));
        c = move(c, days(6), days(3));
        Commitment third = move(c, days(8), days(5));

        Standing.Assessment stillOpen = Standing.assess(List.of(third), days(6), TERMS, CAP, false);
        Standing.Assessment keptAnyway = Standing.assess(List.of(done(third, days(7))), days(9), TERMS, CAP, false);

        assertEquals(Standing.Level.SLIPPING, stillOpen.level());
        assertEquals(new Standing.Reliability(1, 0), stillOpen.reliability());
        assertEquals(Standing.Level.SLIPPING, keptAnyway.level());
        assertEquals(new Standing.Reliability(1, 0), keptAnyway.reliability());
    }

    @Test
    void aMoveAfterTheDueDateCountsAsLateEvenIfTheNewDateIsKept() {
        Commitment c = owed(days(2));
        c = move(c, days(5), days(2).plusSeconds(3600));
        c = done(c, days(4));

        Standing.Assessment a = Standing.assess(List.of(c), days(6), TERMS, CAP, false);

        assertEquals(Standing.Level.SLIPPING, a.level());
        assertTrue(Standing.missed(c, days(6), CAP));
    }

    @Test
    void cancelledCommitmentsAreNeitherKeptNorMissed() {
        Commitment cancelled = ((Outcome.Ok<Commitment>) owed(days(1)).cancel(ACME, "maya", "no longer needed", days(3)))
                .value();

        Standing.Assessment a = Standing.assess(List.of(cancelled), days(10), TERMS, CAP, false);

        assertEquals(Standing.Level.GOOD, a.level());
        assertEquals(new Standing.Reliability(0, 0), a.reliability());
        assertFalse(Standing.missed(cancelled, days(10), CAP));
    }

    @Test
    void missesOlderThanTheWindowAreForgiven() {
        Terms tenDays = new Terms(2, true, BigDecimal.ZERO, "EUR", 0, 10, 3, 10, 2, 3, 3);
        List<Commitment> owned = List.of(owed(days(1)), owed(days(2)), owed(days(20)));

        Standing.Assessment insideTheWindow = Standing.assess(owned, days(11), tenDays, CAP, false);
        Standing.Assessment onTheEdge = Standing.assess(owned, days(12), tenDays, CAP, false);
        Standing.Assessment later = Standing.assess(owned, days(13), tenDays, CAP, false);

        assertEquals(Standing.Level.SERIAL_DEFAULTER, insideTheWindow.level());
        assertEquals(new Standing.Reliability(1, 0), onTheEdge.reliability());
        assertEquals(Standing.Level.SLIPPING, onTheEdge.level());
        assertEquals(Standing.Level.GOOD, later.level());
        assertEquals(new Standing.Reliability(0, 0), later.reliability());
    }

    @Test
    void aReviewInSilenceOutranksEverythingButKeepsTheReliability() {
        List<Commitment> owned = List.of(done(owed(days(1)), days(1).minusSeconds(1)), owed(days(2)));

        Standing.Assessment a = Standing.assess(owned, days(20), TERMS, CAP, true);

        assertEquals(Standing.Level.DISENGAGE_REVIEW, a.level());
        assertEquals("1 of 2 on time (50%)", a.reliability().words());
    }

    @Test
    void reliabilityAndStandingReadAsWords() {
        assertEquals("nothing fell due yet", new Standing.Reliability(0, 0).words());
        assertEquals("4 of 5 on time (80%)", new Standing.Reliability(5, 4).words());
        assertEquals("2 of 3 on time (67%)", new Standing.Reliability(3, 2).words());
        assertEquals("1 of 3 on time (33%)", new Standing.Reliability(3, 1).words());
        assertEquals("good standing", Standing.Level.GOOD.words());
        assertEquals("slipping", Standing.Level.SLIPPING.words());
        assertEquals("serial defaulter", Standing.Level.SERIAL_DEFAULTER.words());
        assertEquals("disengagement review", Standing.Level.DISENGAGE_REVIEW.words());
    }

    @Test
    void threeItemsDueTheSameDayEachADayLateAreOneLapseNotASerialDefaulter() {
        List<Commitment> oneBadDay = List.of(done(owed(days(1)), days(2)), done(owed(days(1).plusSeconds(3600)), days(2)),
                done(owed(days(1).plusSeconds(7200)), days(2)));

        Standing.Assessment a = Standing.assess(oneBadDay, days(3), TERMS, CAP, false);

        assertEquals(Standing.Level.SLIPPING, a.level());
        assertEquals("0 of 3 on time (0%)", a.reliability().words());
        assertEquals(1, Standing.lapses(oneBadDay, days(3), TERMS, CAP));
    }

    @Test
    void lapsesOnThreeSeparateDaysMakeASerialDefaulter() {
        List<Commitment> threeDays = List.of(done(owed(days(1)), days(2)), done(owed(days(3)), days(4)),
                done(owed(days(5)), days(6)));

        Standing.Assessment a = Standing.assess(threeDays, days(7), TERMS, CAP, false);

        assertEquals(Standing.Level.SERIAL_DEFAULTER, a.level());
        assertEquals(3, Standing.lapses(threeDays, days(7), TERMS, CAP));
    }

    @Test
    void aBlockerFlaggedBeforeTheDueDateIsNotAMissWhileItStaysBlockedNorWhenDoneLater() {
        Commitment blocked = block(owed(days(1)), days(0).plusSeconds(60));
        Commitment doneLater = done(block(owed(days(2)), days(1)), days(4));
        Commitment blockedTooLate = block(owed(days(1)), days(2));

        Standing.Assessment a = Standing.assess(List.of(blocked, doneLater), days(5), TERMS, CAP, false);

        assertEquals(Standing.Level.GOOD, a.level());
        assertFalse(Standing.missed(blocked, days(5), CAP));
        assertFalse(Standing.missed(doneLater, days(5), CAP));
        assertTrue(Standing.missed(blockedTooLate, days(5), CAP), "a blocker flagged after the due date does not excuse it");
    }

    @Test
    void aMoveThatSettlesABlockerIsNeitherLateNorOneOfTheFreeRenegotiations() {
        Commitment c = move(block(owed(days(1)), days(0).plusSeconds(60)), days(4), days(2)); // moved after the due date

        assertFalse(Standing.missed(c, days(3), CAP));
        assertEquals(0, Standing.freeMovesUsed(c, CAP));
        assertEquals(1, Standing.freeMovesUsed(move(c, days(5), days(3)), CAP));
    }

    @Test
    void aChangeRequestNeverCountsAsAMissWhetherLeftOpenApprovedOrDeclined() {
        Commitment open = change(days(1));
        Commitment approvedLate = ((Outcome.Ok<Commitment>) change(days(1)).approve(ACME, "sam", days(3))).value();
        Commitment declined = ((Outcome.Ok<Commitment>) change(days(1)).decline(ACME, "sam", "not now", days(3))).value();

        Standing.Assessment a = Standing.assess(List.of(open, approvedLate, declined), days(10), TERMS, CAP, false);

        assertEquals(Standing.Level.GOOD, a.level());
        assertEquals(new Standing.Reliability(0, 0), a.reliability());
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Instant days(int n) {
        return MONDAY.plus(Duration.ofDays(n));
    }

    /** A commitment sam owes maya, recorded on Monday, due at {@code due}. */
    private Commitment owed(Instant due) {
        return Commitment.create("ws", ++ids, "acme", "send the logo", Kind.INPUT, "sam", "maya", due, "maya", MONDAY);
    }

    private static Commitment done(Commitment c, Instant at) {
        return ((Outcome.Ok<Commitment>) c.done(ACME, "sam", "", at)).value();
    }

    private Commitment change(Instant due) {
        return Commitment.create("ws", ++ids, "acme", "approve the change order: a French version", Kind.CHANGE_REQUEST,
                "sam", "maya", due, "maya", MONDAY);
    }

    private static Commitment block(Commitment c, Instant at) {
        return ((Outcome.Ok<Commitment>) c.block(ACME, "sam", "waiting for legal", at)).value();
    }

    private static Commitment move(Commitment c, Instant to, Instant at) {
        return ((Outcome.Ok<Commitment>) c.move(ACME, "sam", to, "", at)).value();
    }
}
