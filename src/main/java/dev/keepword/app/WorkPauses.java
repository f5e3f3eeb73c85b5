package dev.keepword.app;

import dev.keepword.domain.Action;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Consequences;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.HistoryEntry;
import dev.keepword.domain.Kind;
import dev.keepword.domain.State;
import dev.keepword.domain.WorkingCalendar;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the agreement's pause means in practice. When a client input is {@code pauseAfterWorkingDays} working days late,
 * both sides are told once, and the consultancy's items that wait on it ({@code /commit depends}) pause: no reminders,
 * and the wait never counts against the consultancy. When the input arrives, they resume and, when the agreement moves
 * the timeline day for day, their dates move by the working days it was late. A PAUSE row in the outbox, planned with
 * the input's other steps, fires at the moment it becomes that late; the dispatcher hands it here.
 */
final class WorkPauses {
    /** The outbox step at which a client input's lateness reaches the agreement's pause. */
    static final String PAUSE = "PAUSE";

    private final Commitments commitments;
    private final NudgePlanner planner;

    WorkPauses(Commitments commitments, NudgePlanner planner) {
        this.commitments = commitments;
        this.planner = planner;
    }

    /** Lateness counts working days in the engagement's calendar, as the agreement's slip and fees do. */
    static WorkingCalendar calendar(Engagement e) {
        return Narration.calendar(e);
    }

    /** The input's PAUSE step: at the agreement's nudge time on the working day its lateness reaches the pause. */
    static Optional<Outbox.NewRow> row(Commitment c, Engagement e) {
        int after = e.terms().pauseAfterWorkingDays();
        if (after <= 0 || !c.isOpen() || !e.isClient(c.owner()) || c.kind() == Kind.CHANGE_REQUEST || announced(c)) {
            return Optional.empty();
        }
        WorkingCalendar cal = calendar(e);
        LocalDate day = cal.plusWorkingDays(cal.localDate(c.due()), after);
        Instant at = cal.at(day, e.agreement().nudgeTime());
        return Optional.of(new Outbox.NewRow(c.workspaceId(), c.id(), c.due(), e.leadConsultant(), PAUSE, 0, at,
                c.workspaceId() + ":" + c.id() + ":" + PAUSE + "@" + c.due().getEpochSecond(), ""));
    }

    /** Whether the pause for the input's current due date has been told (a new date makes a new one possible). */
    static boolean announced(Commitment input) {
        return input.workPause().isPresent();
    }

    /** How many working days the input is (or was, when it arrived) late. */
    static int workingDaysLate(Commitment input, Engagement e, Instant now) {
        Instant end = input.state() == State.DONE ? input.history().stream().filter(h -> h.action() == Action.DONE)
                .map(HistoryEntry::at).reduce((a, b) -> b).orElse(now) : now;
        return end.isAfter(input.due()) ? Consequences.workingDaysLate(calendar(e), input.due(), end).size() : 0;
    }

    /**
     * The PAUSE step fell due. Inside one transaction: if the input is still open and still that late, the pause is
     * written into its history, what waits on it pauses, and both sides are told. A second run (a re-claimed row
     * after a crash) finds it told and does nothing.
     */
    void due(Commitment input, Engagement e, Instant now) {
        int late = workingDaysLate(input, e, now);
        if (!input.isOpen() || announced(input) || e.terms().pauseAfterWorkingDays() <= 0
                || late < e.terms().pauseAfterWorkingDays()) {
            return;
        }
        List<Commitment> paused = new ArrayList<>();
        for (Commitment d : commitments.openWaitingOn(input.workspaceId(), input.id())) {
            if (!d.isBlocked()) {
                Commitment after = d.pause(input, late, now);
                commitments.save(after);
                planner.changed(after, e, now);
                paused.add(after);
            }
        }
        Commitment marked = input.markWorkPaused(paused.stream().map(p -> "#" + p.id()).toList(), now);
        commitments.save(marked);
        planner.changed(marked, e, now);
        if (paused.isEmpty()) {
            // Nothing stops: no news for anyone (the ladder has said how late it is). Marked, so an item made to wait on
            // it from now on pauses at once.
            return;
        }
        String what = "#" + input.id() + " " + input.title();
        Consequences so = Consequences.of(e, List.of(input), calendar(e), now);
        planner.told(marked, e, input.owner(), clientWords(input, late, paused, so), now);
        Set<String> consultants = new LinkedHashSet<>();
        consultants.add(e.leadConsultant());
        paused.forEach(p -> consultants.add(p.owner()));
        for (String who : consultants) {
            Message.Builder m = Message.builder();
            m.line(Message.bold(what), ", owed by ", Message.mention(input.owner()), ", is " + days(late)
                    + " late, so, as the agreement says, work that needs it is paused: ", list(paused), ".");
            m.line("No reminders for " + (paused.size() == 1 ? "it" : "them") + " meanwhile, and the wait doesn't count "
                    + "against the consultancy. It resumes when #" + input.id() + " is done.");
            m.line(Message.mention(input.owner()), (" has been told. " + soFar(so)).stripTrailing());
            planner.told(marked, e, who, m.build(), now);
        }
    }

    /** What the client who owes a late input hears when work that needs it pauses. */
    static Message clientWords(Commitment input, int late, List<Commitment> paused, Consequences so) {
        return Message.builder()
                .line(Message.bold("#" + input.id() + " " + input.title()), " is now " + days(late)
                        + " late, so, as agreed, work that needs it is paused: ", list(paused), ". It carries on as soon as "
                        + "it arrives.")
                .line(soFar(so) + "Sent it already? /commit done " + input.id())
                .build();
    }

    /**
     * The input changed: closed (done or cancelled), what waited on it resumes; arrived late, the timeline moves with it
     * when the agreement says so. Runs inside the transaction of the change.
     */
    void changed(Commitment input, Engagement e, Instant now) {
        if (input.isOpen() || !e.isClient(input.owner())) {
            return;
        }
        List<Commitment> waiting = commitments.openWaitingOn(input.workspaceId(), input.id());
        if (waiting.isEmpty()) {
            return;
        }
        int late = input.state() == State.DONE ? workingDaysLate(input, e, now) : 0;
        int slip = e.terms().slipDayForDay() ? late : 0;
        WorkingCalendar cal = calendar(e);
        String what = "#" + input.id() + " " + input.title();
        for (Commitment d : waiting) {
            boolean paused = d.isPaused();
            Instant due = d.due();
            if (slip > 0) {
                LocalTime time = due.atZone(cal.zone()).toLocalTime();
                due = cal.at(cal.plusWorkingDays(cal.localDate(due), slip), time);
            }
            Commitment after = d.resume(input, due, now);
            commitments.save(after);
            planner.changed(after, e, now);
            if (!paused && due.equals(d.due())) {
                continue; // it went on all along: nothing to tell
            }
            String item = "#" + d.id() + " " + d.title();
            Instant newDue = due;
            java.util.function.Function<String, String> moved = who -> newDue.equals(d.due()) ? ""
                    : " Its date moves " + days(slip) + ", as the agreement says, to "
                    + Formats.when(newDue, planner.calendar(who, e).zone(), now) + ".";
            String arrived = input.state() == State.DONE ? what + " arrived" + (late > 0 ? ", " + days(late) + " late" : "")
                    : what + " was cancelled";
            Set<String> consultants = new LinkedHashSet<>(List.of(d.owner(), e.leadConsultant()));
            consultants.forEach(who -> planner.told(after, e, who, Message.builder().line(arrived + ". ",
                    Message.bold(item), paused ? " is no longer paused: reminders resume." : " no longer waits on it.",
                    moved.apply(who)).build(), now));
            if (d.owedTo() != null && e.isClient(d.owedTo())) {
                Message.Builder client = Message.builder().line(input.state() == State.DONE ? "Thanks for " + what + ". "
                        : what + " was cancelled. ", "Work on ", Message.bold(item), paused ? " resumes." : " goes on.",
                        moved.apply(d.owedTo()));
                planner.told(after, e, d.owedTo(), client.build(), now);
            }
        }
    }

    /** A new dependent of an input whose work is paused already pauses at once. */
    static Commitment pausedIfDue(Commitment dependent, Commitment input, Engagement e, Instant now) {
        if (!input.isOpen() || !announced(input) || dependent.isBlocked()) {
            return dependent;
        }
        return dependent.pause(input, workingDaysLate(input, e, now), now);
    }

    private static String days(int n) {
        return Formats.plural(n, "working day");
    }

    private static String list(List<Commitment> items) {
        return String.join(", ", items.stream().map(c -> "#" + c.id() + " " + c.title()).toList());
    }

    /** "So far the timeline has moved 10 working days and late fees come to 500 EUR. " (empty when neither). */
    private static String soFar(Consequences so) {
        List<String> parts = new ArrayList<>();
        if (so.slipWorkingDays() > 0) {
            parts.add("the timeline has moved " + days(so.slipWorkingDays()));
        }
        if (so.lateFees().compareTo(BigDecimal.ZERO) > 0) {
            parts.add("late fees come to " + so.lateFees().stripTrailingZeros().toPlainString() + " " + so.currency());
        }
        return parts.isEmpty() ? "" : "So far " + String.join(" and ", parts) + ". ";
    }
}
