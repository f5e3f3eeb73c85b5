package dev.keepword.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The escalation ladder of one tier: the rungs a late commitment climbs after the owner's own reminders (the
 * {@link Cadence}), each at a number of working days after its due date, addressed to someone, in its own tone
 * (the wording is a template named after the rung). The bot never ends an engagement: the last rung is a
 * recommendation to a human.
 */
public record Ladder(int tier, List<Rung> rungs) {

    /** Who a rung speaks to. */
    public enum Audience {
        /** The person who owes it. */
        OWNER,
        /** The consultant owner (for a client's commitment) or the engagement lead (for a consultant's own). */
        ESCALATION,
        /** The engagement's escalation channel, and the client's sponsor when one is configured. */
        CHANNEL
    }

    /**
     * One step of the ladder.
     *
     * @param name             the rung's name, also its template's key ("due-today", "final-notice"…)
     * @param workingDays      working days after the due date
     * @param audience         who is told
     * @param afterUnanswered  also climb to this rung as soon as this many owner nudges from the due day on went
     *                         unanswered (0: only by the calendar)
     */
    public record Rung(String name, int workingDays, Audience audience, int afterUnanswered) {
        public Rung {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(audience, "audience");
            if (workingDays < 1 || afterUnanswered < 0) {
                throw new IllegalArgumentException("rung " + name + ": at least 1 working day after the due date");
            }
            if (!name.matches("[a-z][a-z0-9-]{0,30}")) {
                throw new IllegalArgumentException("a rung's name is lower-case words joined by '-': " + name);
            }
        }
    }

    public Ladder {
        rungs = List.copyOf(rungs);
        for (int i = 1; i < rungs.size(); i++) {
            if (rungs.get(i).workingDays() < rungs.get(i - 1).workingDays()) {
                throw new IllegalArgumentException("tier " + tier + ": rungs must be in order of their working days");
            }
        }
        if (rungs.stream().map(Rung::name).distinct().count() != rungs.size()) {
            throw new IllegalArgumentException("tier " + tier + ": rung names must be unique");
        }
    }

    public Optional<Rung> rung(String name) {
        return rungs.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public int indexOf(String name) {
        for (int i = 0; i < rungs.size(); i++) {
            if (rungs.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The built-in tier-2 ladder, used when no configuration says otherwise. */
    public static final Ladder DEFAULT = new Ladder(2, List.of(
            new Rung("consultant-looped-in", 2, Audience.ESCALATION, 2),
            new Rung("escalation-channel", 5, Audience.CHANNEL, 0),
            new Rung("final-notice", 7, Audience.OWNER, 0),
            new Rung("disengagement-review", 10, Audience.ESCALATION, 0)));

    /** The last rung: reaching it while the owner stays silent puts them up for a disengagement review. */
    public boolean isLast(int index) {
        return index == rungs.size() - 1;
    }
}
