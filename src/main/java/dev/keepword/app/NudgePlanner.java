package dev.keepword.app;

import dev.keepword.domain.Cadence;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingCalendar;
import dev.keepword.domain.WorkingHours;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps each commitment's next nudge in the outbox. Called inside the transaction that changes the commitment,
 * so the plan and the commitment never disagree; only the next step is stored, the one after it is planned
 * when this one is sent.
 */
public final class NudgePlanner implements CommitmentListener {
    private final Outbox outbox;
    private final Parties parties;
    private final Transactions tx;
    private final Wakeup wakeup;

    public NudgePlanner(Outbox outbox, Parties parties, Transactions tx, Wakeup wakeup) {
        this.outbox = outbox;
        this.parties = parties;
        this.tx = tx;
        this.wakeup = wakeup;
    }

    @Override
    public void changed(Commitment c, Engagement e, Instant now) {
        Cadence.Progress progress = progress(outbox, c);
        Optional<Cadence.Planned> next = Cadence.next(c, e.agreement(), calendar(c.owner(), e), progress, now);
        outbox.replace(c.workspaceId(), c.id(), next.map(p -> row(c, p)).stream().toList());
        next.ifPresent(p -> tx.afterCommit(() -> wakeup.dueAt(p.at())));
    }

    /** Re-plans every open commitment a person owes, after their zone, hours or out-of-office changed. */
    public void ownerChanged(List<Commitment> owned, Engagements engagements, Instant now) {
        for (Commitment c : owned) {
            engagements.byChannel(c.workspaceId(), c.channelId()).ifPresent(e -> changed(c, e, now));
        }
    }

    /** The owner's working calendar; someone not stored yet gets the engagement's zone and office hours. */
    WorkingCalendar calendar(String userId, Engagement e) {
        Party party = parties.find(e.workspaceId(), userId)
                .orElseGet(() -> new Party(e.workspaceId(), userId, userId, e.zone(), WorkingHours.OFFICE));
        return WorkingCalendar.of(party, e.agreement());
    }

    /** What was already sent against the commitment's current due date. */
    static Cadence.Progress progress(Outbox outbox, Commitment c) {
        return progressOf(c, outbox.progress(c.workspaceId(), List.of(c.id())));
    }

    static Cadence.Progress progressOf(Commitment c, List<Outbox.SentSummary> summaries) {
        return summaries.stream()
                .filter(s -> s.commitmentId() == c.id() && s.commitmentDue().equals(c.due()))
                .findFirst()
                .map(s -> new Cadence.Progress(s.overdueSent(), s.lastSentAt()))
                .orElse(Cadence.Progress.NONE);
    }

    /** The outbox row for a planned nudge; the key names the due date too, so a moved commitment plans afresh. */
    static Outbox.NewRow row(Commitment c, Cadence.Planned p) {
        return new Outbox.NewRow(c.workspaceId(), c.id(), c.due(), c.owner(), p.step().name(), p.occurrence(), p.at(),
                c.workspaceId() + ":" + c.id() + ":" + p.key() + "@" + c.due().getEpochSecond(), "");
    }
}
