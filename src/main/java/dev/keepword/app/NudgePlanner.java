package dev.keepword.app;

import dev.keepword.domain.Cadence;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Escalation;
import dev.keepword.domain.Ladder;
import dev.keepword.domain.Ladders;
import dev.keepword.domain.Party;
import dev.keepword.domain.Standing;
import dev.keepword.domain.WorkingCalendar;
import dev.keepword.domain.WorkingHours;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps each commitment's plan in the outbox: the owner's next reminder and the next rung of its escalation
 * ladder, plus a silence check for a client who owes something. Called inside the transaction that changes the
 * commitment, so the plan and the commitment never disagree; only the next step of each kind is stored, the one
 * after it is planned when it is sent.
 */
public final class NudgePlanner implements CommitmentListener {
    static final String RUNG = "RUNG";
    static final String SILENCE = "SILENCE";
    /** A reminder to the consultant that a commitment is still blocked. */
    static final String BLOCKED = "BLOCKED";
    /** A commitment recorded by someone else, told to its owner (or the person it is owed to) a few minutes later. */
    static final String RECORDED = "RECORDED";
    /** How long recording notices wait for more to be recorded for the same person before they go out together. */
    static final java.time.Duration RECORDING_SETTLE = java.time.Duration.ofMinutes(3);
    /** A final notice a consultant approved, on its way to the owner. */
    static final String NOTICE = "NOTICE";
    /** What someone did that concerns another person, in words written when they did it. */
    static final String NOTE = "NOTE";

    private final Outbox outbox;
    private final Parties parties;
    private final Transactions tx;
    private final Wakeup wakeup;
    private final Ladders ladders;
    private final Standings standings;
    private final Sightings sightings;
    private final Commitments commitments;
    private final StandingWatch standing;

    public NudgePlanner(Outbox outbox, Parties parties, Transactions tx, Wakeup wakeup, Ladders ladders,
                        Standings standings, Sightings sightings, Commitments commitments, StandingWatch standing) {
        this.standing = standing;
        this.outbox = outbox;
        this.parties = parties;
        this.tx = tx;
        this.wakeup = wakeup;
        this.ladders = ladders;
        this.standings = standings;
        this.sightings = sightings;
        this.commitments = commitments;
        this.pauses = new WorkPauses(commitments, this);
    }

    private final WorkPauses pauses;

    @Override
    public void changed(Commitment c, Engagement e, Instant now) {
        Outbox.SentSummary sent = summary(c, outbox.progress(c.workspaceId(), List.of(c.id())));
        List<Outbox.NewRow> rows = new ArrayList<>();
        ownerRow(c, e, progressOf(sent), now).ifPresent(rows::add);
        rungRow(c, e, sent.lastRung(), now).ifPresent(rows::add);
        blockedRow(c, e, now).ifPresent(rows::add);
        WorkPauses.row(c, e).ifPresent(rows::add);
        outbox.replace(c.workspaceId(), c.id(), rows);
        ensureSilenceCheck(c, e, now);
        pauses.changed(c, e, now);
        if (c.actions().size() > 1 && !dev.keepword.domain.HistoryEntry.KEEPWORD.equals(
                c.actions().get(c.actions().size() - 1).actor())) {
            // A response (done, a new date, a cancellation) can change the owner's standing; it also ends a review. What
            // Keepword itself wrote (a pause per the agreement) is no response.
            standing.review(c.workspaceId(), c.owner(), e, c, now, false, false)
                    .ifPresent(row -> outbox.add(List.of(inReadersHours(row, e))));
        }
        rows.stream().map(Outbox.NewRow::plannedFor).min(Instant::compareTo)
                .ifPresent(at -> tx.afterCommit(() -> wakeup.dueAt(at)));
    }

    /**
     * A client input's PAUSE step fell due (see {@link WorkPauses}): in one transaction, against the input as stored now,
     * work that waits on it pauses and both sides are told.
     */
    void pauseDue(String workspaceId, long inputId, Engagement e, Instant now) {
        tx.inTransaction(() -> {
            commitments.find(workspaceId, inputId).ifPresent(input -> pauses.due(input, e, now));
            return null;
        });
    }

    @Override
    public void noticeApproved(Commitment c, Engagement e, String text, Instant now) {
        Instant at = calendar(c.owner(), e).fit(now);
        long approvals = c.actions().stream().filter(h -> h.action() == dev.keepword.domain.Action.NOTICE_APPROVED).count();
        outbox.add(List.of(new Outbox.NewRow(c.workspaceId(), c.id(), c.due(), c.owner(), NOTICE, 0, at,
                c.workspaceId() + ":" + c.id() + ":" + NOTICE + ":" + approvals + "@" + c.due().getEpochSecond(),
                text == null ? "" : text)));
        tx.afterCommit(() -> wakeup.dueAt(at));
    }

    @Override
    public void recorded(Commitment c, Engagement e, String recorder, Instant now) {
        java.util.LinkedHashSet<String> told = new java.util.LinkedHashSet<>();
        if (!c.owner().equals(recorder)) {
            told.add(c.owner());
        }
        if (!c.owedTo().equals(recorder)) {
            told.add(c.owedTo());
        }
        Instant latest = now;
        for (String who : told) {
            // Everything recorded for one person waits until a few minutes pass with nothing more, in their hours.
            Instant at = calendar(who, e).fit(now.plus(RECORDING_SETTLE));
            String prefix = recordedPrefix(c.workspaceId(), who);
            outbox.add(List.of(new Outbox.NewRow(c.workspaceId(), c.id(), c.due(), who, RECORDED, 0, at,
                    prefix + c.id() + ":", recorder)));
            outbox.settle(prefix, at);
            latest = at.isAfter(latest) ? at : latest;
        }
        Instant wake = latest;
        if (!told.isEmpty()) {
            tx.afterCommit(() -> wakeup.dueAt(wake));
        }
    }

    @Override
    public void told(Commitment c, Engagement e, String recipient, Message message, Instant now) {
        if (c != null && outbox.pending(recordedPrefix(e.workspaceId(), recipient) + c.id() + ":")) {
            return; // they have not yet heard it was recorded: that notice, when it goes, says how it stands then
        }
        Instant at = calendar(recipient, e).fit(now);
        long id = c == null ? 0 : c.id();
        String key = e.workspaceId() + ":" + NOTE + ":" + recipient + ":" + id + ":"
                + (c == null ? e.channelId() : String.valueOf(c.actions().size())) + ":" + now.toEpochMilli();
        outbox.add(List.of(new Outbox.NewRow(e.workspaceId(), id, c == null ? now : c.due(), recipient, NOTE, 0, at, key,
                Note.write(e.channelId(), message))));
        tx.afterCommit(() -> wakeup.dueAt(at));
    }

    /** A note's row detail: the engagement's channel, a space, then the words ({@link StoredMessage}). */
    record Note(String channelId, Message message) {
        static String write(String channelId, Message message) {
            return channelId + " " + StoredMessage.write(message);
        }

        static Note read(String detail) {
            int space = detail.indexOf(' ');
            return new Note(detail.substring(0, space), StoredMessage.read(detail.substring(space + 1)));
        }
    }

    static String recordedPrefix(String workspaceId, String recipient) {
        return workspaceId + ":" + RECORDED + ":" + recipient + ":";
    }

    /**
     * Whether a rung is a final notice drafted to the consultant first: a rung to the owner, at a tier whose notices
     * the agreement has a consultant approve, when there is a consultant to approve it.
     */
    static boolean drafted(Ladder ladder, Ladder.Rung rung, Commitment c, Engagement e) {
        return rung.audience() == Ladder.Audience.OWNER && e.terms().noticeNeedsApproval(ladder.tier())
                && e.escalationTargetFor(c.owner()).isPresent();
    }

    /** Re-plans every open commitment a person owes, after their zone, hours or out-of-office changed. */
    public void ownerChanged(List<Commitment> owned, Engagements engagements, Instant now) {
        for (Commitment c : owned) {
            engagements.byChannel(c.workspaceId(), c.channelId()).ifPresent(e -> changed(c, e, now));
        }
    }

    /** The owner's next reminder after {@code after}. */
    Optional<Outbox.NewRow> ownerRow(Commitment c, Engagement e, Cadence.Progress progress, Instant after) {
        return ownerRow(c, e, calendar(c.owner(), e), progress, after);
    }

    /** {@link #ownerRow(Commitment, Engagement, Cadence.Progress, Instant)} in the owner's calendar, already read. */
    Optional<Outbox.NewRow> ownerRow(Commitment c, Engagement e, WorkingCalendar ownerCalendar, Cadence.Progress progress,
                                     Instant after) {
        return Cadence.next(c, e.agreement(), ownerCalendar, progress, after).map(p -> row(c, p));
    }

    /** The next rung of the commitment's ladder after rung {@code lastRung}, addressed to whoever it names. */
    Optional<Outbox.NewRow> rungRow(Commitment c, Engagement e, int lastRung, Instant after) {
        Ladder ladder = ladderFor(e, c.owner());
        return Escalation.next(c, ladder, e.agreement(), calendars(c, e), lastRung, after)
                .flatMap(p -> recipient(ladder, p.rung(), c, e).map(to -> rungRow(c, drafted(ladder, p.rung(), c, e)
                        ? new Escalation.Planned(p.index(), p.rung(), calendar(to, e).fit(p.at())) : p, to)));
    }

    /**
     * While a commitment stays blocked, its consultant (the lead; for the lead's own, the next consultant) hears again
     * every {@code responseWorkingDays} working days after it was blocked: the next such time after {@code after}.
     */
    Optional<Outbox.NewRow> blockedRow(Commitment c, Engagement e, Instant after) {
        if (!c.isOpen() || !c.isBlocked()) {
            return Optional.empty();
        }
        Optional<String> to = e.escalationTargetFor(c.owner());
        Optional<Instant> since = blockedSince(c);
        if (to.isEmpty() || since.isEmpty()) {
            return Optional.empty();
        }
        WorkingCalendar cal = calendar(to.get(), e);
        int days = Math.max(1, e.terms().responseWorkingDays());
        java.time.LocalDate day = cal.localDate(since.get());
        Instant at = since.get();
        for (int i = 0; i < 1000 && !at.isAfter(after); i++) {
            day = cal.plusWorkingDays(day, days);
            at = cal.at(day, e.agreement().nudgeTime());
        }
        return Optional.of(new Outbox.NewRow(c.workspaceId(), c.id(), c.due(), to.get(), BLOCKED, 0, at,
                c.workspaceId() + ":" + c.id() + ":" + BLOCKED + ":" + since.get().toEpochMilli() + ":" + at.toEpochMilli(), ""));
    }

    /** Who set the snooze in effect. */
    static Optional<String> snoozedBy(Commitment c) {
        return c.history().stream().filter(h -> h.action() == dev.keepword.domain.Action.SNOOZED)
                .map(dev.keepword.domain.HistoryEntry::actor).reduce((a, b) -> b);
    }

    /** When the block in effect was said. */
    static Optional<Instant> blockedSince(Commitment c) {
        return c.history().stream().filter(h -> h.action() == dev.keepword.domain.Action.BLOCKED)
                .map(dev.keepword.domain.HistoryEntry::at).reduce((a, b) -> b);
    }

    static Outbox.NewRow rungRow(Commitment c, Escalation.Planned p, String recipient) {
        return new Outbox.NewRow(c.workspaceId(), c.id(), c.due(), recipient, RUNG, p.index(), p.at(),
                c.workspaceId() + ":" + c.id() + ":" + p.key() + "@" + c.due().getEpochSecond(), p.rung().name());
    }

    /** The ladder a commitment climbs: the engagement's tier, firmer for a serial defaulter. */
    Ladder ladderFor(Engagement e, String owner) {
        boolean serial = standings.find(e.workspaceId(), owner)
                .map(s -> s.level() == Standing.Level.SERIAL_DEFAULTER).orElse(false);
        return ladders.forTier(serial ? Math.max(e.tier(), e.terms().serialDefaulterTier()) : e.tier());
    }

    /** Who a rung addresses: the owner, the escalation target, or the escalation channel (as "#channel"). */
    static Optional<String> recipient(Ladder ladder, Ladder.Rung rung, Commitment c, Engagement e) {
        return switch (rung.audience()) {
            case OWNER -> drafted(ladder, rung, c, e) ? e.escalationTargetFor(c.owner()) : Optional.of(c.owner());
            case ESCALATION -> e.escalationTargetFor(c.owner());
            // A payment is discussed with the sponsor, never in front of the client's colleagues: in an escalation
            // channel the client can read, the consultant hears instead (the sponsor still gets their DM).
            case CHANNEL -> c.kind() == dev.keepword.domain.Kind.PAYMENT && e.isClient(c.owner()) && e.escalationIsShared()
                    ? e.escalationTargetFor(c.owner()) : Optional.of("#" + e.escalationChannel());
        };
    }

    /** Each audience's working calendar: a rung lands in its reader's working hours. */
    Function<Ladder.Audience, Optional<WorkingCalendar>> calendars(Commitment c, Engagement e) {
        return audience -> switch (audience) {
            case OWNER -> Optional.of(calendar(c.owner(), e));
            case ESCALATION -> e.escalationTargetFor(c.owner()).map(who -> calendar(who, e));
            case CHANNEL -> Optional.of(Narration.calendar(e));
        };
    }

    /**
     * A client who owes something gets one silence check in the outbox at a time; it re-plans itself until they
     * owe nothing (see the dispatcher).
     */
    void ensureSilenceCheck(Commitment c, Engagement e, Instant now) {
        if (!e.isClient(c.owner()) || !c.isOpen()) {
            return;
        }
        String prefix = silencePrefix(c.workspaceId(), c.owner());
        if (outbox.pending(prefix)) {
            return;
        }
        outbox.add(List.of(silenceRow(c, e, silenceDeadline(c.owner(), e, now), "")));
    }

    static String silencePrefix(String ws, String user) {
        return ws + ":" + SILENCE + ":" + user + ":";
    }

    /** A silence check for {@code c}'s owner at {@code at}; {@code notified} is the spell already reported. */
    Outbox.NewRow silenceRow(Commitment c, Engagement e, Instant deadline, String notified) {
        Instant at = calendar(e.leadConsultant(), e).fit(deadline); // in the consultant's working hours
        return new Outbox.NewRow(c.workspaceId(), c.id(), c.due(), e.leadConsultant(), SILENCE, 0, at,
                silencePrefix(c.workspaceId(), c.owner()) + at.toEpochMilli(), c.owner() + "|" + notified);
    }

    /** When the owner counts as gone quiet if not heard from again: N working days after they were last heard. */
    Instant silenceDeadline(String owner, Engagement e, Instant now) {
        return silenceDeadlineFrom(silentSince(owner, e, now), owner, e);
    }

    Instant silenceDeadlineFrom(Instant since, String owner, Engagement e) {
        WorkingCalendar cal = calendar(owner, e);
        return cal.at(cal.plusWorkingDays(cal.localDate(since), e.terms().silenceWorkingDays()), e.agreement().nudgeTime());
    }

    /** Last heard from, or, for someone never heard from, when their oldest open commitment was recorded. */
    Instant silentSince(String owner, Engagement e, Instant now) {
        return sightings.lastHeard(e.workspaceId(), owner).orElseGet(() -> commitments.openOwnedBy(e.workspaceId(), owner)
                .stream().map(Commitment::createdAt).min(Instant::compareTo).orElse(now));
    }

    /**
     * A notice to a consultant (a standing change) lands in their working hours, like escalations and silence
     * checks: a response typed at night, or a reminder at 9:30 in a zone ahead of theirs, must not wake them.
     */
    Outbox.NewRow inReadersHours(Outbox.NewRow row, Engagement e) {
        Instant at = calendar(row.recipient(), e).fit(row.plannedFor());
        return new Outbox.NewRow(row.workspaceId(), row.commitmentId(), row.commitmentDue(), row.recipient(), row.step(),
                row.occurrence(), at, row.dedupeKey(), row.detail());
    }

    /** The owner's working calendar; someone not stored yet gets the engagement's zone and office hours. */
    WorkingCalendar calendar(String userId, Engagement e) {
        return calendar(parties.find(e.workspaceId(), userId), userId, e);
    }

    /** {@link #calendar(String, Engagement)} for a person already read (empty: not stored). */
    static WorkingCalendar calendar(Optional<Party> found, String userId, Engagement e) {
        Party party = found.orElseGet(() -> new Party(e.workspaceId(), userId, userId, e.zone(), WorkingHours.OFFICE));
        return WorkingCalendar.of(party, e.agreement());
    }

    /** What was already sent against the commitment's current due date. */
    static Outbox.SentSummary summary(Commitment c, List<Outbox.SentSummary> summaries) {
        return summaries.stream()
                .filter(s -> s.commitmentId() == c.id() && s.commitmentDue().equals(c.due()))
                .findFirst()
                .orElse(new Outbox.SentSummary(c.id(), c.due(), 0, null, -1));
    }

    static Cadence.Progress progressOf(Outbox.SentSummary s) {
        return new Cadence.Progress(s.overdueSent(), s.lastSentAt());
    }

    static Cadence.Progress progressOf(Commitment c, List<Outbox.SentSummary> summaries) {
        return progressOf(summary(c, summaries));
    }

    /** The outbox row for an owner reminder; the key names the due date too, so a moved commitment plans afresh. */
    static Outbox.NewRow row(Commitment c, Cadence.Planned p) {
        // "Snooze over" goes to whoever set the snooze (a consultant may snooze a client's item for them).
        String to = p.step() == Cadence.Step.SNOOZE_END ? snoozedBy(c).orElse(c.owner()) : c.owner();
        return new Outbox.NewRow(c.workspaceId(), c.id(), c.due(), to, p.step().name(), p.occurrence(), p.at(),
                c.workspaceId() + ":" + c.id() + ":" + p.key() + "@" + c.due().getEpochSecond(), "");
    }
}
