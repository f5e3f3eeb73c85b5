package dev.keepword.app;

import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Standing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Re-assesses a party's standing when something happens to what they owe, records a change, and plans one
 * notice to the engagement's lead consultant. A first lapse (one bad day, however many items) is met with understanding; a serial defaulter's
 * commitments climb a firmer ladder; a clean streak restores good standing.
 */
public final class StandingWatch {
    static final String STANDING = "STANDING";

    private final Commitments commitments;
    private final Standings standings;

    public StandingWatch(Commitments commitments, Standings standings) {
        this.commitments = commitments;
        this.standings = standings;
    }

    public Standing.Assessment assess(String ws, String user, Engagement e, Instant now) {
        boolean inReview = standings.find(ws, user).map(s -> s.level() == Standing.Level.DISENGAGE_REVIEW).orElse(false);
        return assess(ws, user, e, now, inReview);
    }

    private Standing.Assessment assess(String ws, String user, Engagement e, Instant now, boolean reviewInSilence) {
        return Standing.assess(judged(ws, user, e, now), now, e.terms(), e.agreement().maxRenegotiations(),
                reviewInSilence);
    }

    /** How many separate lapses {@code user} had in the engagement's reliability window. */
    public int lapses(String ws, String user, Engagement e, Instant now) {
        return Standing.lapses(judged(ws, user, e, now), now, e.terms(), e.agreement().maxRenegotiations());
    }

    /** Only what can fall in the window: a long history outside it is never read. */
    private List<Commitment> judged(String ws, String user, Engagement e, Instant now) {
        return commitments.judgedSince(ws, user, Standing.windowStart(now, e.terms()));
    }

    /**
     * Re-assesses {@code user}; when their standing changed, records it and returns the notice row for the lead.
     *
     * @param reviewInSilence the ladder was just exhausted while they stayed silent
     * @param stillInReview   keep an earlier disengagement review (they have not answered since)
     */
    public Optional<Outbox.NewRow> review(String ws, String user, Engagement e, Commitment anchor, Instant now,
                                          boolean reviewInSilence, boolean stillInReview) {
        Standing.Level before = standings.find(ws, user).map(Standings.Recorded::level).orElse(Standing.Level.GOOD);
        boolean keepReview = stillInReview && before == Standing.Level.DISENGAGE_REVIEW;
        Standing.Assessment now_ = assess(ws, user, e, now, reviewInSilence || keepReview);
        if (now_.level() == before) {
            return Optional.empty();
        }
        standings.record(ws, user, now_.level(), now);
        if (user.equals(e.leadConsultant()) || now_.level() == Standing.Level.DISENGAGE_REVIEW) {
            return Optional.empty(); // the review rung itself tells the consultant
        }
        return Optional.of(new Outbox.NewRow(ws, anchor.id(), anchor.due(), e.leadConsultant(), STANDING, 0, now,
                ws + ":" + STANDING + ":" + user + ":" + now_.level() + ":" + now.toEpochMilli(),
                user + "|" + now_.level().name() + "|" + reason(before, now_.level(), e)));
    }

    static String reason(Standing.Level before, Standing.Level after, Engagement e) {
        return switch (after) {
            case GOOD -> "A clean streak: back in good standing.";
            case SLIPPING -> before == Standing.Level.GOOD ? "A first lapse: understanding is in order, nothing more."
                    : "Fewer lapses lately: no longer a serial defaulter.";
            case SERIAL_DEFAULTER -> "Late on " + e.terms().serialMisses() + " separate occasions in " + e.terms().reliabilityWindowDays()
                    + " days: their reminders now follow the tier " + Math.max(e.tier(), e.terms().serialDefaulterTier())
                    + " ladder.";
            case DISENGAGE_REVIEW -> "The ladder is exhausted and they have stayed silent.";
        };
    }
}
