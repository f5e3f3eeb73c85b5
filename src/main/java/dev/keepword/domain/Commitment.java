package dev.keepword.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who owes what to whom by when. Immutable: every change returns a new commitment with one more line of
 * history, or a refusal that says why. Permission rules live here so every surface applies the same ones.
 *
 * @param id             short number, unique within the workspace
 * @param channelId      the engagement (by its channel) the commitment belongs to
 * @param snoozedUntil   nudges pause until this instant; the due date is unchanged (null when not snoozed)
 * @param blockedReason  why the owner cannot proceed (empty when not blocked)
 */
public record Commitment(String workspaceId, long id, String channelId, String title, Kind kind, String owner,
                         String owedTo, Instant due, String createdBy, Instant createdAt, State state,
                         Instant snoozedUntil, int snoozes, int renegotiations, String blockedReason,
                         List<HistoryEntry> history) {

    /** Titles longer than this are refused: a commitment is a sentence, not a document. */
    public static final int MAX_TITLE = 300;

    public Commitment {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(due, "due");
        Objects.requireNonNull(state, "state");
        blockedReason = blockedReason == null ? "" : blockedReason;
        history = List.copyOf(history);
    }

    public static Commitment create(String workspaceId, long id, String channelId, String title, Kind kind,
                                    String owner, String owedTo, Instant due, String createdBy, Instant now) {
        return create(workspaceId, id, channelId, title, kind, owner, owedTo, due, createdBy, now, null);
    }

    /** A new commitment tracked from a chat message: {@code source} (its permalink) is kept in the CREATED entry. */
    public static Commitment create(String workspaceId, long id, String channelId, String title, Kind kind,
                                    String owner, String owedTo, Instant due, String createdBy, Instant now, String source) {
        String detail = "due " + due + (source == null || source.isBlank() ? "" : ", from the message " + source);
        return new Commitment(workspaceId, id, channelId, title, kind, owner, owedTo, due, createdBy, now,
                State.OPEN, null, 0, 0, "",
                List.of(new HistoryEntry(now, createdBy, Action.CREATED, detail)));
    }

    /** What people did, in order: the history without the messages Keepword sent. */
    public List<HistoryEntry> actions() {
        return history.stream().filter(h -> !h.isMessage()).toList();
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    /**
     * When a DONE commitment counts as done: its last DONE action, or its due date when it was closed without one
     * (an approved change request). Empty unless it is DONE. Standing judges it at this instant, and the store keeps
     * it in a column so a party's recent history is found without reading all of it.
     */
    public Optional<Instant> doneAt() {
        if (state != State.DONE) {
            return Optional.empty();
        }
        return Optional.of(history.stream().filter(h -> h.action() == Action.DONE).map(HistoryEntry::at)
                .reduce((a, b) -> b).orElse(due));
    }

    public boolean isOverdue(Instant now) {
        return isOpen() && due.isBefore(now);
    }

    public boolean isBlocked() {
        return !blockedReason.isEmpty();
    }

    public boolean isSnoozed(Instant now) {
        return snoozedUntil != null && snoozedUntil.isAfter(now);
    }

    /** Done may be said by the owner, the person it is owed to, or a consultant of the engagement. */
    public Outcome<Commitment> done(Engagement engagement, String actor, String note, Instant now) {
        if (kind == Kind.CHANGE_REQUEST && !engagement.isConsultant(actor) && state == State.OPEN) {
            return refuse("#" + id + " is a change request: approve it (/commit approve " + id + ") or decline it "
                    + "(/commit decline " + id + " REASON).");
        }
        if (!(actor.equals(owner) || actor.equals(owedTo) || engagement.isConsultant(actor))) {
            return refuse("Only the owner, the person it is owed to or a consultant can mark #" + id + " done. "
                    + "If it is done, ask @" + owner + " to say so: /commit done " + id);
        }
        return whileOpen(() -> with(State.DONE, due, null, snoozes, renegotiations, "",
                new HistoryEntry(now, actor, Action.DONE, note)));
    }

    /** A renegotiation: a new due date, by the owner or a consultant. Clears any snooze or block. */
    public Outcome<Commitment> move(Engagement engagement, String actor, Instant newDue, String reason, Instant now) {
        if (!(actor.equals(owner) || engagement.isConsultant(actor))) {
            return refuse("Only the owner or a consultant can move #" + id + ". Ask @" + owner
                    + " or a consultant, who can say for example: /commit move " + id + " next friday because …");
        }
        String detail = "from " + due + " to " + newDue + (reason == null || reason.isBlank() ? "" : ": " + reason);
        return whileOpen(() -> with(State.OPEN, newDue, null, snoozes, renegotiations + 1, "",
                new HistoryEntry(now, actor, Action.RENEGOTIATED, detail)));
    }

    /** Pauses nudges until {@code until}; the due date stays. Capped by the agreement. */
    public Outcome<Commitment> snooze(Engagement engagement, String actor, Instant until, Instant now) {
        if (!(actor.equals(owner) || engagement.isConsultant(actor))) {
            return refuse("Only the owner or a consultant can snooze #" + id + ". @" + owner
                    + " can, for example: /commit snooze " + id + " tomorrow");
        }
        int cap = engagement.agreement().maxSnoozes();
        if (isOpen() && snoozes >= cap) { // a closed commitment is refused as closed below, not sent to "move"
            return refuse((cap == 0 ? "The agreement does not allow snoozing. "
                    : "#" + id + " has already been snoozed " + (cap == 1 ? "once" : cap + " times")
                    + ", the most the agreement allows. ")
                    + "Move it to a new date instead, for example: /commit move " + id + " next friday because …");
        }
        return whileOpen(() -> with(State.OPEN, due, until, snoozes + 1, renegotiations, blockedReason,
                new HistoryEntry(now, actor, Action.SNOOZED, "until " + until)));
    }

    /** Records that the owner cannot proceed, and why. */
    public Outcome<Commitment> block(Engagement engagement, String actor, String reason, Instant now) {
        if (!(actor.equals(owner) || engagement.isConsultant(actor))) {
            return refuse("Only the owner or a consultant can mark #" + id + " blocked. @" + owner
                    + " can, for example: /commit blocked " + id + " waiting for the staging login");
        }
        return whileOpen(() -> with(State.OPEN, due, snoozedUntil, snoozes, renegotiations, reason,
                new HistoryEntry(now, actor, Action.BLOCKED, reason)));
    }

    /**
     * The client input (by its id) this piece of the consultancy's work cannot go on without, or 0: the last
     * {@link Action#WAITS_ON} line of its history ("none" clears it), unless the wait ended since ({@link Action#RESUMED}).
     */
    public long waitsOn() {
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryEntry h = history.get(i);
            if (h.action() == Action.RESUMED) {
                return 0L; // what it waited on arrived or was dropped
            }
            if (h.action() == Action.WAITS_ON) {
                return h.detail().matches("\\d{1,18}") ? Long.parseLong(h.detail()) : 0L;
            }
        }
        return 0L;
    }

    /**
     * Marks this item of the consultancy's as needing the client input {@code input} (null: needing nothing): when the
     * input is late past the agreement's pause, work on this pauses; when it arrives late, this moves with the timeline.
     * A consultant decides it; only work the consultancy owes can wait, and only on something a client owes.
     */
    public Outcome<Commitment> waitOn(Engagement engagement, String actor, Commitment input, Instant now) {
        if (!engagement.isConsultant(actor)) {
            return refuse("Only a consultant of the engagement says what waits on what. Ask @"
                    + engagement.leadConsultant() + ", who can say for example: /commit depends " + id + " on 3");
        }
        if (input == null) {
            if (waitsOn() == 0) {
                return refuse("#" + id + " doesn't wait on anything. To make it wait on a client input: /commit depends "
                        + id + " on ID");
            }
            return whileOpen(() -> with(State.OPEN, due, snoozedUntil, snoozes, renegotiations, blockedReason,
                    new HistoryEntry(now, actor, Action.WAITS_ON, "none")));
        }
        String example = "/commit depends " + id + " on ID, where ID is something a client owes (/commit list shows them)";
        if (input.id == id) {
            return refuse("#" + id + " can't wait on itself. " + example);
        }
        if (!engagement.isConsultant(owner)) {
            return refuse("#" + id + " is @" + owner + "'s to deliver, not the consultancy's: only work the consultancy "
                    + "owes can wait on a client input.");
        }
        if (!input.channelId.equals(channelId)) {
            return refuse("#" + input.id + " belongs to another engagement; #" + id + " can only wait on something in its own. "
                    + example);
        }
        if (!engagement.isClient(input.owner) || input.kind == Kind.CHANGE_REQUEST) {
            return refuse("#" + input.id + " isn't something a client owes" + (input.kind == Kind.CHANGE_REQUEST
                    ? " (it is a change request, a decision)" : " (@" + input.owner + " is not on the client side)")
                    + ". " + example);
        }
        if (input.state == State.CANCELLED) {
            return refuse("#" + input.id + " was cancelled, so there is nothing to wait for. " + example);
        }
        if (waitsOn() == input.id) {
            return refuse("#" + id + " already waits on #" + input.id + ".");
        }
        return whileOpen(() -> with(State.OPEN, due, snoozedUntil, snoozes, renegotiations, blockedReason,
                new HistoryEntry(now, actor, Action.WAITS_ON, String.valueOf(input.id))));
    }

    /**
     * Work on this pauses, as the agreement says, while the input it waits on is late: its reminders stop and the wait
     * does not count against the consultancy (like a blocker raised in time). Keepword does this, not a person.
     */
    public Commitment pause(Commitment input, int workingDaysLate, Instant now) {
        return with(State.OPEN, due, null, snoozes, renegotiations, "paused while #" + input.id + " " + input.title + " is late",
                new HistoryEntry(now, HistoryEntry.KEEPWORD, Action.PAUSED, "#" + input.id + " is " + workingDaysLate
                        + " working days late"));
    }

    /** Keepword notes on a client input that its lateness paused work ({@code paused}: the items that paused). */
    public Commitment markWorkPaused(List<String> paused, Instant now) {
        return with(state, due, snoozedUntil, snoozes, renegotiations, blockedReason, new HistoryEntry(now,
                HistoryEntry.KEEPWORD, Action.WORK_PAUSED, paused.isEmpty() ? NOTHING_WAITS : String.join(", ", paused)));
    }

    /** What a {@link Action#WORK_PAUSED} line says when the pause stopped nothing. */
    private static final String NOTHING_WAITS = "nothing waits on it";

    /**
     * The pause this input's lateness brought for its current due date ({@link #markWorkPaused}), if any: a new date
     * agreed since makes a new one possible.
     */
    public Optional<HistoryEntry> workPause() {
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryEntry h = history.get(i);
            if (h.action() == Action.WORK_PAUSED) {
                return Optional.of(h);
            }
            if (h.action() == Action.RENEGOTIATED) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Whether this input's lateness has stopped work per the agreement: it is open and its pause stopped something (what
     * stopped resumes when it arrives).
     */
    public boolean stoppedWork() {
        return isOpen() && workPause().map(h -> !h.detail().equals(NOTHING_WAITS)).orElse(false);
    }

    /** Whether work on it is paused per the agreement (and not since moved, reassigned or blocked by a person). */
    public boolean isPaused() {
        if (!isOpen() || !isBlocked()) {
            return false;
        }
        for (int i = history.size() - 1; i >= 0; i--) {
            Action a = history.get(i).action();
            if (a == Action.PAUSED) {
                return true;
            }
            if (a == Action.BLOCKED || a == Action.RENEGOTIATED || a == Action.RESUMED || a == Action.REASSIGNED) {
                return false;
            }
        }
        return false;
    }

    /**
     * The input it waited on arrived (or was dropped): the wait, and a pause, end; when {@code newDue} is later the timeline moves
     * with it, as the agreement says — a move Keepword makes, which never counts against the owner.
     */
    public Commitment resume(Commitment input, Instant newDue, Instant now) {
        boolean paused = isPaused();
        List<HistoryEntry> more = new ArrayList<>(history);
        more.add(new HistoryEntry(now, HistoryEntry.KEEPWORD, Action.RESUMED, "#" + input.id
                + (input.state == State.DONE ? " arrived" : input.state == State.CANCELLED ? " was cancelled"
                : " no longer holds it up")));
        if (!newDue.equals(due)) {
            more.add(new HistoryEntry(now, HistoryEntry.KEEPWORD, Action.RENEGOTIATED, "from " + due + " to " + newDue
                    + ": the timeline moved with #" + input.id));
        }
        return new Commitment(workspaceId, id, channelId, title, kind, owner, owedTo, newDue, createdBy, createdAt,
                state, snoozedUntil, snoozes, renegotiations, paused ? "" : blockedReason, more);
    }

    /**
     * Gives the commitment to another member of the engagement: only a consultant may, since a "not mine" is settled by
     * the consultancy. A block or snooze the old owner set is cleared, so the new owner is reminded from now on.
     */
    public Outcome<Commitment> reassign(Engagement engagement, String actor, String newOwner, Instant now) {
        if (!engagement.isConsultant(actor)) {
            return refuse("Only a consultant of the engagement (" + String.join(", ",
                    engagement.consultants().stream().map(c -> "@" + c).toList()) + ") can give #" + id
                    + " to someone else. If it isn't yours, say so: /commit notmine " + id);
        }
        // The example names someone who could actually take it: neither the owner nor the person it is owed to.
        String example = "/commit reassign " + id + " @" + engagement.members().stream()
                .filter(m -> !m.equals(owner) && !m.equals(owedTo)).findFirst().orElse(engagement.leadConsultant());
        if (!engagement.isMember(newOwner)) {
            return refuse("@" + newOwner + " is not part of this engagement. Give #" + id + " to one of "
                    + String.join(", ", engagement.members().stream().map(m -> "@" + m).toList())
                    + ", for example: " + example);
        }
        if (newOwner.equals(owner)) {
            return refuse("#" + id + " is already @" + owner + "'s. Name someone else, for example: " + example);
        }
        if (newOwner.equals(owedTo)) {
            return refuse("#" + id + " is owed to @" + owedTo + ", so it can't be theirs to deliver too. Name someone "
                    + "else, for example: " + example);
        }
        return whileOpen(() -> new Commitment(workspaceId, id, channelId, title, kind, newOwner, owedTo, due, createdBy,
                createdAt, State.OPEN, null, snoozes, renegotiations, "", appended(
                new HistoryEntry(now, actor, Action.REASSIGNED, "from @" + owner + " to @" + newOwner))));
    }

    private List<HistoryEntry> appended(HistoryEntry entry) {
        List<HistoryEntry> more = new ArrayList<>(history);
        more.add(entry);
        return more;
    }

    /** Cancel may be said by the creator, the person it is owed to, or a consultant. */
    public Outcome<Commitment> cancel(Engagement engagement, String actor, String reason, Instant now) {
        if (!(actor.equals(createdBy) || actor.equals(owedTo) || engagement.isConsultant(actor))) {
            if (kind == Kind.CHANGE_REQUEST && engagement.isClient(actor)) {
                return refuse("#" + id + " is a change request: it is yours to approve or decline. To turn it down, say: "
                        + "/commit decline " + id + " REASON (or /commit approve " + id + " to go ahead).");
            }
            return refuse("Only the person who recorded #" + id + ", the person it is owed to or a consultant can cancel it. "
                    + "They can say, for example: /commit cancel " + id + " no longer needed");
        }
        return whileOpen(() -> with(State.CANCELLED, due, null, snoozes, renegotiations, "",
                new HistoryEntry(now, actor, Action.CANCELLED, reason)));
    }

    /** A change request approved by the client side: the work goes ahead. */
    public Outcome<Commitment> approve(Engagement engagement, String actor, Instant now) {
        Optional<Outcome<Commitment>> refused = decisionRefused(engagement, actor, "approve");
        if (refused.isPresent()) {
            return refused.get();
        }
        return whileOpen(() -> with(State.DONE, due, null, snoozes, renegotiations, "",
                new HistoryEntry(now, actor, Action.APPROVED, "")));
    }

    /** A change request declined by the client side: a decision, not a default; it closes without counting as a miss. */
    public Outcome<Commitment> decline(Engagement engagement, String actor, String reason, Instant now) {
        Optional<Outcome<Commitment>> refused = decisionRefused(engagement, actor, "decline");
        if (refused.isPresent()) {
            return refused.get();
        }
        return whileOpen(() -> with(State.CANCELLED, due, null, snoozes, renegotiations, "",
                new HistoryEntry(now, actor, Action.DECLINED, reason)));
    }

    private Optional<Outcome<Commitment>> decisionRefused(Engagement engagement, String actor, String verb) {
        if (kind != Kind.CHANGE_REQUEST) {
            return Optional.of(refuse("#" + id + " is not a change request, so there is nothing to " + verb + ". "
                    + "/commit done " + id + " closes it; a change request is logged with /commit change-request."));
        }
        if (!(actor.equals(owner) || engagement.isClient(actor))) {
            return Optional.of(refuse("Change requests are approved or declined by the client (@" + owner + "). "
                    + "To withdraw #" + id + ", cancel it: /commit cancel " + id + " no longer needed"));
        }
        return Optional.empty();
    }

    /** How the change request was decided, if it was: the last APPROVED or DECLINED line of its history. */
    public Optional<HistoryEntry> decision() {
        return history.stream().filter(h -> h.action() == Action.APPROVED || h.action() == Action.DECLINED)
                .reduce((a, b) -> b);
    }

    /**
     * A consultant sends the drafted final notice ({@code text} empty: as drafted; otherwise their own wording). Only
     * once per draft, and only when one was drafted to them.
     */
    public Outcome<Commitment> sendNotice(Engagement engagement, String actor, String text, Instant now) {
        return decideNotice(engagement, actor, now, () -> with(State.OPEN, due, snoozedUntil, snoozes, renegotiations,
                blockedReason, new HistoryEntry(now, actor, Action.NOTICE_APPROVED, text)));
    }

    /** A consultant holds the drafted final notice back; it can still be sent later. */
    public Outcome<Commitment> holdNotice(Engagement engagement, String actor, String reason, Instant now) {
        if (isOpen() && draftIndex() >= 0 && decidedSinceDraft(Action.NOTICE_HELD)
                && !decidedSinceDraft(Action.NOTICE_APPROVED)) {
            return refuse("The final notice for #" + id + " is already held. /commit notice " + id
                    + " send sends it when you are ready.");
        }
        return decideNotice(engagement, actor, now, () -> with(State.OPEN, due, snoozedUntil, snoozes, renegotiations,
                blockedReason, new HistoryEntry(now, actor, Action.NOTICE_HELD, reason)));
    }

    private Outcome<Commitment> decideNotice(Engagement engagement, String actor, Instant now,
                                             java.util.function.Supplier<Commitment> change) {
        if (!engagement.isConsultant(actor)) {
            return refuse("Only a consultant of this engagement decides on a final notice.");
        }
        if (isOpen() && draftIndex() < 0) {
            return refuse("There is no final notice for #" + id + " waiting for you: one is drafted for you to check "
                    + "when #" + id + " reaches that rung of the ladder.");
        }
        if (isOpen() && decidedSinceDraft(Action.NOTICE_APPROVED)) {
            return refuse("The final notice for #" + id + " was already sent.");
        }
        return whileOpen(change);
    }

    /** Where the latest final-notice draft sent to a consultant is in the history (-1: none). */
    private int draftIndex() {
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryEntry h = history.get(i);
            if (h.action() == Action.NOTICE && h.detail().equals("final-notice-draft") && h.outcomeWord().equals("sent")) {
                return i;
            }
        }
        return -1;
    }

    private boolean decidedSinceDraft(Action decision) {
        return history.subList(draftIndex() + 1, history.size()).stream().anyMatch(h -> h.action() == decision);
    }

    private String shortTitle() {
        return title.codePointCount(0, title.length()) <= 40 ? title : title.substring(0, title.offsetByCodePoints(0, 40)) + "…";
    }

    private Outcome<Commitment> whileOpen(java.util.function.Supplier<Commitment> change) {
        return switch (state) {
            case OPEN -> Outcome.ok(change.get());
            case DONE -> refuse(decision().isPresent() ? "#" + id + " was already approved. /commit list shows what is still open."
                    : "#" + id + " is already done. /commit list shows what is still open.");
            case CANCELLED -> decision().isPresent() ? refuse("#" + id + " was already declined. To ask again, log it anew "
                    + "with /commit change-request.") : refuse("#" + id + " was cancelled. To track it again, record it anew, for example: /commit @" + owner + " "
                    + shortTitle() + " by friday");
        };
    }

    private Commitment with(State newState, Instant newDue, Instant newSnooze, int newSnoozes, int newRenegotiations,
                            String newBlocked, HistoryEntry entry) {
        List<HistoryEntry> more = new ArrayList<>(history);
        more.add(entry);
        return new Commitment(workspaceId, id, channelId, title, kind, owner, owedTo, newDue, createdBy, createdAt,
                newState, newSnooze, newSnoozes, newRenegotiations, newBlocked, more);
    }

    private static Outcome<Commitment> refuse(String message) {
        return Outcome.rejected(message);
    }
}
