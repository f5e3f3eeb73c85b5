package dev.keepword.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The roles are kept apart so each rule shows: kim (client) recorded that sam (client) owes lee (client) the brand
 * guidelines; maya and ravi are the consultants; zoe is not in the engagement at all.
 */
class CommitmentTest {

    private static final Instant CREATED = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant DUE = Instant.parse("2026-11-27T22:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-24T15:30:00Z");
    private static final Instant NEW_DUE = Instant.parse("2026-12-02T22:00:00Z");
    private static final Instant TOMORROW = Instant.parse("2026-11-25T14:30:00Z");

    private final Engagement acme = engagement(Agreement.DEFAULT);

    // ---------------------------------------------------------------------------------------------------------
    // create

    @Test
    void startsOpenWithOneHistoryLineSayingWhoRecordedItAndWhenItIsDue() {
        Commitment created = Commitment.create("console", 7, "acme", "send the brand guidelines", Kind.INPUT, "sam",
                "lee", DUE, "kim", CREATED);

        assertEquals(State.OPEN, created.state());
        assertEquals(List.of(new HistoryEntry(CREATED, "kim", Action.CREATED, "due 2026-11-27T22:00:00Z")),
                created.history());
        assertNull(created.snoozedUntil());
        assertEquals(0, created.snoozes());
        assertEquals(0, created.renegotiations());
        assertFalse(created.isBlocked());
    }

    @Test
    void isOverdueOnlyOnceTheDueInstantHasPassedAndOnlyWhileOpen() {
        Commitment open = brandGuidelines();
        Commitment done = ok(open.done(acme, "sam", "", NOW));

        boolean beforeDue = open.isOverdue(DUE);
        boolean afterDue = open.isOverdue(DUE.plusSeconds(1));
        boolean doneAfterDue = done.isOverdue(DUE.plusSeconds(1));

        assertFalse(beforeDue);
        assertTrue(afterDue);
        assertFalse(doneAfterDue);
    }

    // ---------------------------------------------------------------------------------------------------------
    // done

    @ParameterizedTest(name = "[{index}] {0} may mark it done")
    @ValueSource(strings = {"sam", "lee", "maya", "ravi"})
    void ownerOwedToOrAConsultantMarksItDoneWithOneHistoryLine(String actor) {
        Commitment before = brandGuidelines();

        Commitment after = ok(before.done(acme, actor, "sent by email", NOW));

        assertEquals(State.DONE, after.state());
        assertEquals(before.history().size() + 1, after.history().size());
        assertEquals(new HistoryEntry(NOW, actor, Action.DONE, "sent by email"), last(after));
        assertEquals(before.history(), after.history().subList(0, before.history().size()));
    }

    @ParameterizedTest(name = "[{index}] {0} may not mark it done")
    @ValueSource(strings = {"kim", "zoe"})
    void anyoneElseIsRefusedDone(String actor) {
        Commitment before = brandGuidelines();

        String refusal = refused(before.done(acme, actor, "", NOW));

        assertEquals("Only the owner, the person it is owed to or a consultant can mark #7 done. "
                + "If it is done, ask @sam to say so: /commit done 7", refusal);
    }

    @Test
    void doneClearsASnoozeAndABlock() {
        Commitment stuck = ok(ok(brandGuidelines().snooze(acme, "sam", TOMORROW, NOW)).block(acme, "sam", "no logo", NOW));

        Commitment done = ok(stuck.done(acme, "lee", "", NOW));

        assertNull(done.snoozedUntil());
        assertFalse(done.isBlocked());
        assertEquals(DUE, done.due());
    }

    // ---------------------------------------------------------------------------------------------------------
    // move

    @ParameterizedTest(name = "[{index}] {0} may move it")
    @ValueSource(strings = {"sam", "maya", "ravi"})
    void ownerOrAConsultantMovesItWithOneHistoryLineNamingBothDatesAndTheReason(String actor) {
        Commitment before = brandGuidelines();

        Commitment after = ok(before.move(acme, actor, NEW_DUE, "the launch slipped", NOW));

        assertEquals(NEW_DUE, after.due());
        assertEquals(State.OPEN, after.state());
        assertEquals(1, after.renegotiations());
        assertEquals(before.history().size() + 1, after.history().size());
        assertEquals(new HistoryEntry(NOW, actor, Action.RENEGOTIATED,
                "from 2026-11-27T22:00:00Z to 2026-12-02T22:00:00Z: the launch slipped"), last(after));
    }

    @Test
    void aMoveWithoutAReasonNamesOnlyTheDates() {
        Commitment before = brandGuidelines();

        Commitment after = ok(before.move(acme, "sam", NEW_DUE, "", NOW));

        assertEquals(new HistoryEntry(NOW, "sam", Action.RENEGOTIATED,
                "from 2026-11-27T22:00:00Z to 2026-12-02T22:00:00Z"), last(after));
    }

    @ParameterizedTest(name = "[{index}] {0} may not move it")
    @ValueSource(strings = {"lee", "kim", "zoe"})
    void theOwedToTheRecorderAndOutsidersAreRefusedMove(String actor) {
        Commitment before = brandGuidelines();

        String refusal = refused(before.move(acme, actor, NEW_DUE, "", NOW));

        assertEquals("Only the owner or a consultant can move #7. Ask @sam or a consultant, who can say for example: "
                + "/commit move 7 next friday because …", refusal);
    }

    @Test
    void moveClearsASnoozeAndABlockButKeepsTheSnoozeCount() {
        Commitment stuck = ok(ok(brandGuidelines().snooze(acme, "sam", TOMORROW, NOW))
                .block(acme, "sam", "waiting for legal", NOW));

        Commitment moved = ok(stuck.move(acme, "maya", NEW_DUE, "legal needs a week", NOW));

        assertNull(moved.snoozedUntil());
        assertFalse(moved.isSnoozed(NOW));
        assertEquals("", moved.blockedReason());
        assertFalse(moved.isBlocked());
        assertEquals(1, moved.snoozes());
    }

    @Test
    void eachMoveCountsAsOneMoreRenegotiation() {
        Commitment once = ok(brandGuidelines().move(acme, "sam", NEW_DUE, "", NOW));

        Commitment twice = ok(once.move(acme, "sam", NEW_DUE.plusSeconds(86_400), "", NOW));

        assertEquals(2, twice.renegotiations());
        assertEquals(3, twice.history().size());
    }

    // ---------------------------------------------------------------------------------------------------------
    // snooze

    @ParameterizedTest(name = "[{index}] {0} may snooze it")
    @ValueSource(strings = {"sam", "maya"})
    void ownerOrAConsultantSnoozesItWithoutChangingTheDueDate(String actor) {
        Commitment before = brandGuidelines();

        Commitment after = ok(before.snooze(acme, actor, TOMORROW, NOW));

        assertEquals(TOMORROW, after.snoozedUntil());
        assertTrue(after.isSnoozed(NOW));
        assertFalse(after.isSnoozed(TOMORROW));
        assertEquals(DUE, after.due());
        assertEquals(1, after.snoozes());
        assertEquals(before.history().size() + 1, after.history().size());
        assertEquals(new HistoryEntry(NOW, actor, Action.SNOOZED, "until 2026-11-25T14:30:00Z"), last(after));
    }

    @ParameterizedTest(name = "[{index}] {0} may not snooze it")
    @ValueSource(strings = {"lee", "kim", "zoe"})
    void anyoneElseIsRefusedSnooze(String actor) {
        Commitment before = brandGuidelines();

        String refusal = refused(before.snooze(acme, actor, TOMORROW, NOW));

        assertEquals("Only the owner or a consultant can snooze #7. @sam can, for example: /commit snooze 7 tomorrow",
                refusal);
    }

    @Test
    void refusesASnoozePastTheAgreementsDefaultCapAndPointsToMove() {
        Commitment snoozed = brandGuidelines();
        for (int i = 0; i < Agreement.DEFAULT.maxSnoozes(); i++) {
            snoozed = ok(snoozed.snooze(acme, "sam", TOMORROW, NOW));
        }

        String refusal = refused(snoozed.snooze(acme, "sam", TOMORROW, NOW));

        assertEquals(3, snoozed.snoozes());
        assertEquals("#7 has already been snoozed 3 times, the most the agreement allows. "
                + "Move it to a new date instead, for example: /commit move 7 next friday because …", refusal);
    }

    @Test
    void takesTheSnoozeCapFromTheEngagementsAgreement() {
        Engagement strict = engagement(new Agreement(LocalTime.of(17, 0), 2, LocalTime.of(9, 30), 2, 2, 6, List.of()));
        Commitment twice = ok(ok(brandGuidelines().snooze(strict, "sam", TOMORROW, NOW)).snooze(strict, "maya", TOMORROW, NOW));

        String refusal = refused(twice.snooze(strict, "maya", TOMORROW, NOW));

        assertEquals("#7 has already been snoozed 2 times, the most the agreement allows. "
                + "Move it to a new date instead, for example: /commit move 7 next friday because …", refusal);
    }

    @Test
    void saysOnceWhenTheAgreementAllowsASingleSnooze() {
        Engagement strict = engagement(new Agreement(LocalTime.of(17, 0), 2, LocalTime.of(9, 30), 1, 2, 6, List.of()));
        Commitment once = ok(brandGuidelines().snooze(strict, "sam", TOMORROW, NOW));

        String refusal = refused(once.snooze(strict, "sam", TOMORROW, NOW));

        assertEquals("#7 has already been snoozed once, the most the agreement allows. "
                + "Move it to a new date instead, for example: /commit move 7 next friday because …", refusal);
    }

    @Test
    void saysTheAgreementDoesNotAllowSnoozingWhenItsCapIsZero() {
        Engagement noSnoozes = engagement(new Agreement(LocalTime.of(17, 0), 2, LocalTime.of(9, 30), 0, 2, 6, List.of()));
        Commitment before = brandGuidelines();

        String refusal = refused(before.snooze(noSnoozes, "sam", TOMORROW, NOW));

        assertEquals("The agreement does not allow snoozing. "
                + "Move it to a new date instead, for example: /commit move 7 next friday because …", refusal);
    }

    @Test
    void aCancelledCommitmentIsRefusedAsCancelledEvenWhenTheAgreementAllowsNoSnoozes() {
        Engagement noSnoozes = engagement(new Agreement(LocalTime.of(17, 0), 2, LocalTime.of(9, 30), 0, 2, 6, List.of()));
        Commitment cancelled = ok(brandGuidelines().cancel(noSnoozes, "kim", "", NOW));

        String refusal = refused(cancelled.snooze(noSnoozes, "sam", TOMORROW, NOW));

        assertEquals("#7 was cancelled. To track it again, record it anew, for example: "
                + "/commit @sam send the brand guidelines by friday", refusal);
    }

    @Test
    void snoozeKeepsABlock() {
        Commitment blocked = ok(brandGuidelines().block(acme, "sam", "waiting for legal", NOW));

        Commitment snoozed = ok(blocked.snooze(acme, "sam", TOMORROW, NOW));

        assertEquals("waiting for legal", snoozed.blockedReason());
    }

    // ---------------------------------------------------------------------------------------------------------
    // blocked

    @ParameterizedTest(name = "[{index}] {0} may mark it blocked")
    @ValueSource(strings = {"sam", "ravi"})
    void ownerOrAConsultantMarksItBlockedWithTheReasonInHistory(String actor) {
        Commitment before = ok(brandGuidelines().snooze(acme, "sam", TOMORROW, NOW));

        Commitment after = ok(before.block(acme, actor, "waiting for the staging login", NOW));

        assertTrue(after.isBlocked());
        assertEquals("waiting for the staging login", after.blockedReason());
        assertEquals(State.OPEN, after.state());
        assertEquals(TOMORROW, after.snoozedUntil());
        assertEquals(before.history().size() + 1, after.history().size());
        assertEquals(new HistoryEntry(NOW, actor, Action.BLOCKED, "waiting for the staging login"), last(after));
    }

    @ParameterizedTest(name = "[{index}] {0} may not mark it blocked")
    @ValueSource(strings = {"lee", "kim", "zoe"})
    void anyoneElseIsRefusedBlocked(String actor) {
        Commitment before = brandGuidelines();

        String refusal = refused(before.block(acme, actor, "no reason", NOW));

        assertEquals("Only the owner or a consultant can mark #7 blocked. @sam can, for example: "
                + "/commit blocked 7 waiting for the staging login", refusal);
    }

    // ---------------------------------------------------------------------------------------------------------
    // cancel

    @ParameterizedTest(name = "[{index}] {0} may cancel it")
    @ValueSource(strings = {"kim", "lee", "maya"})
    void recorderOwedToOrAConsultantCancelsItWithOneHistoryLine(String actor) {
        Commitment before = ok(brandGuidelines().block(acme, "sam", "waiting for legal", NOW));

        Commitment after = ok(before.cancel(acme, actor, "no longer needed", NOW));

        assertEquals(State.CANCELLED, after.state());
        assertFalse(after.isOpen());
        assertFalse(after.isBlocked());
        assertEquals(before.history().size() + 1, after.history().size());
        assertEquals(new HistoryEntry(NOW, actor, Action.CANCELLED, "no longer needed"), last(after));
    }

    @ParameterizedTest(name = "[{index}] {0} may not cancel it")
    @ValueSource(strings = {"sam", "zoe"})
    void theOwnerAndOutsidersAreRefusedCancel(String actor) {
        Commitment before = brandGuidelines();

        String refusal = refused(before.cancel(acme, actor, "", NOW));

        assertEquals("Only the person who recorded #7, the person it is owed to or a consultant can cancel it. "
                + "They can say, for example: /commit cancel 7 no longer needed", refusal);
    }

    // ---------------------------------------------------------------------------------------------------------
    // closed commitments

    @Test
    void refusesEveryChangeToADoneCommitment() {
        Commitment done = ok(brandGuidelines().done(acme, "sam", "", NOW));

        List<String> refusals = List.of(
                refused(done.done(acme, "maya", "", NOW)),
                refused(done.move(acme, "maya", NEW_DUE, "", NOW)),
                refused(done.snooze(acme, "maya", TOMORROW, NOW)),
                refused(done.block(acme, "maya", "stuck", NOW)),
                refused(done.cancel(acme, "maya", "", NOW)));

        String alreadyDone = "#7 is already done. /commit list shows what is still open.";
        assertEquals(List.of(alreadyDone, alreadyDone, alreadyDone, alreadyDone, alreadyDone), refusals);
    }

    @Test
    void refusesEveryChangeToACancelledCommitment() {
        Commitment cancelled = ok(brandGuidelines().cancel(acme, "kim", "", NOW));

        List<String> refusals = List.of(
                refused(cancelled.done(acme, "maya", "", NOW)),
                refused(cancelled.move(acme, "maya", NEW_DUE, "", NOW)),
                refused(cancelled.snooze(acme, "maya", TOMORROW, NOW)),
                refused(cancelled.block(acme, "maya", "stuck", NOW)),
                refused(cancelled.cancel(acme, "maya", "", NOW)));

        String wasCancelled = "#7 was cancelled. To track it again, record it anew, for example: "
                + "/commit @sam send the brand guidelines by friday";
        assertEquals(List.of(wasCancelled, wasCancelled, wasCancelled, wasCancelled, wasCancelled), refusals);
    }

    @Test
    void theWayToRecordACancelledCommitmentAnewShortensALongTitleToFortyCharacters() {
        Commitment cancelled = ok(Commitment.create("console", 7, "acme",
                "send the revised brand guidelines with the new logo files attached", Kind.INPUT, "sam", "lee", DUE,
                "kim", CREATED).cancel(acme, "kim", "", NOW));

        String refusal = refused(cancelled.move(acme, "maya", NEW_DUE, "", NOW));

        assertEquals("#7 was cancelled. To track it again, record it anew, for example: "
                + "/commit @sam send the revised brand guidelines with t… by friday", refusal);
    }

    @Test
    void aDoneCommitmentThatUsedAllItsSnoozesSaysItIsDoneRatherThanSuggestingAMove() {
        Commitment snoozed = brandGuidelines();
        for (int i = 0; i < Agreement.DEFAULT.maxSnoozes(); i++) {
            snoozed = ok(snoozed.snooze(acme, "sam", TOMORROW, NOW));
        }
        Commitment done = ok(snoozed.done(acme, "sam", "", NOW));

        String refusal = refused(done.snooze(acme, "sam", TOMORROW, NOW));

        assertEquals("#7 is already done. /commit list shows what is still open.", refusal);
    }

    @Test
    void aChangeLeavesTheOriginalUntouched() {
        Commitment before = brandGuidelines();

        ok(before.move(acme, "sam", NEW_DUE, "", NOW));

        assertEquals(brandGuidelines(), before);
    }

    // ---------------------------------------------------------------------------------------------------------
    // reassign

    @ParameterizedTest
    @ValueSource(strings = {"maya", "ravi"})
    void aConsultantReassignsItWithOneHistoryLineNamingBothOwners(String actor) {
        Commitment blocked = ok(brandGuidelines().block(acme, "sam", "not mine: asked @maya to reassign", NOW));

        Commitment after = ok(blocked.reassign(acme, actor, "kim", TOMORROW));

        assertEquals("kim", after.owner());
        assertEquals(DUE, after.due());
        assertEquals("lee", after.owedTo());
        assertFalse(after.isBlocked()); // the new owner is reminded from now on
        assertEquals(new HistoryEntry(TOMORROW, actor, Action.REASSIGNED, "from @sam to @kim"), last(after));
        assertEquals(blocked.history().size() + 1, after.history().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sam", "lee", "kim", "zoe"})
    void onlyAConsultantMayReassign(String actor) {
        String refusal = refused(brandGuidelines().reassign(acme, actor, "kim", NOW));

        assertEquals("Only a consultant of the engagement (@maya, @ravi) can give #7 to someone else. If it isn't yours, "
                + "say so: /commit notmine 7", refusal);
    }

    @Test
    void refusesANewOwnerOutsideTheEngagementTheSameOwnerOrThePersonItIsOwedTo() {
        Commitment c = brandGuidelines();

        assertEquals("@zoe is not part of this engagement. Give #7 to one of @maya, @ravi, @sam, @lee, @kim, for example: "
                + "/commit reassign 7 @maya", refused(c.reassign(acme, "maya", "zoe", NOW)));
        assertEquals("#7 is already @sam's. Name someone else, for example: /commit reassign 7 @maya",
                refused(c.reassign(acme, "maya", "sam", NOW)));
        assertEquals("#7 is owed to @lee, so it can't be theirs to deliver too. Name someone else, for example: "
                + "/commit reassign 7 @maya", refused(c.reassign(acme, "maya", "lee", NOW)));
    }

    @Test
    void aClosedCommitmentIsNotReassigned() {
        Commitment done = ok(brandGuidelines().done(acme, "sam", "", NOW));

        assertEquals("#7 is already done. /commit list shows what is still open.",
                refused(done.reassign(acme, "maya", "kim", NOW)));
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Engagement engagement(Agreement agreement) {
        return new Engagement("console", "acme", "acme", List.of("sam", "lee", "kim"), List.of("maya", "ravi"),
                "acme-internal", ZoneId.of("Europe/London"), 2, agreement);
    }

    private static Commitment brandGuidelines() {
        return Commitment.create("console", 7, "acme", "send the brand guidelines", Kind.INPUT, "sam", "lee", DUE,
                "kim", CREATED);
    }

    private static HistoryEntry last(Commitment c) {
        return c.history().get(c.history().size() - 1);
    }

    private static Commitment ok(Outcome<Commitment> outcome) {
        if (outcome instanceof Outcome.Ok<Commitment> ok) {
            return ok.value();
        }
        return fail("expected the change to be allowed, but it was refused: "
                + ((Outcome.Rejected<Commitment>) outcome).message());
    }

    private static String refused(Outcome<Commitment> outcome) {
        if (outcome instanceof Outcome.Rejected<Commitment> rejected) {
            return rejected.message();
        }
        return fail("expected a refusal, but the change was allowed: " + outcome);
    }
}
