package dev.keepword.app;

import dev.keepword.domain.Commitment;
import dev.keepword.domain.DueDates;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Outcome;
import dev.keepword.domain.Party;
import dev.keepword.domain.PromiseDetector;
import dev.keepword.domain.WorkingHours;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Promises caught where they are made: the "Track as commitment" action on a chat message (its form, prefilled from
 * the message by {@link PromiseDetector#prefill}, and its submission), and the private offer a member gets when a
 * message of theirs in an engagement's channel reads as a dated first-person promise ({@link PromiseDetector#read}).
 * Recording goes through {@link CommitCommands#track}, so it is checked and told exactly as {@code /commit} is.
 */
public final class PromiseCapture {
    /** At most one offer per person in this long. */
    public static final Duration OFFER_EVERY = Duration.ofHours(1);
    /** The button actions under an offer; their value is {@link #offerKey}. */
    public static final String TRACK = "offer-track";
    public static final String NOT_NOW = "offer-notnow";

    private final CommitCommands commands;
    private final Engagements engagements;
    private final People people;
    private final Captures captures;
    private final Clock clock;

    public PromiseCapture(CommitCommands commands, Engagements engagements, People people, Captures captures, Clock clock) {
        this.commands = commands;
        this.engagements = engagements;
        this.people = people;
        this.captures = captures;
        this.clock = clock;
    }

    /**
     * The "Track as commitment" form for a message, prefilled: owner = its author, what and due read from its text,
     * owed to = the person using the action when that is someone else (null: /commit's default).
     *
     * @param dueDate the date the message names, in the owner's zone (empty: none)
     * @param dueTime its time when the message gives one (empty: the agreement's default applies)
     */
    public record Form(String owner, String what, Optional<LocalDate> dueDate, Optional<LocalTime> dueTime, String owedTo) {
    }

    /**
     * The form for {@code userId} acting on {@code messageId} (by {@code authorId}, reading {@code text}) in
     * {@code channelId}; refused, with the reason to show privately, outside an engagement, to a non-member and for a
     * message already tracked.
     */
    public Outcome<Form> form(String workspaceId, String channelId, String messageId, String authorId, String userId,
                              String text) {
        Optional<Engagement> found = engagements.byChannel(workspaceId, channelId);
        if (found.isEmpty()) {
            return Outcome.rejected("\"Track as commitment\" works on messages in an engagement's channel, and this channel "
                    + "has no engagement. Nothing was recorded.");
        }
        Engagement e = found.get();
        if (!e.isMember(userId)) {
            return Outcome.rejected("Only members of this engagement can track its commitments. A consultant owner ("
                    + mentions(e.consultants()) + ") can add you with /commit setup. Nothing was recorded.");
        }
        if (messageId != null && captures.tracked(workspaceId, channelId, messageId)) {
            return Outcome.rejected("That message is already tracked: /commit list shows it.");
        }
        String owner = authorId == null || authorId.isBlank() ? userId : authorId;
        Instant now = clock.now();
        ZoneId zone = zoneOf(workspaceId, owner, e);
        PromiseDetector.Prefill p = PromiseDetector.prefill(text == null ? "" : text, now, zone,
                e.agreement().defaultDueTime(), hoursOf(workspaceId, owner).days());
        Optional<ZonedDateTime> at = p.due().map(d -> d.instant().atZone(zone));
        return Outcome.ok(new Form(owner, p.what(), at.map(ZonedDateTime::toLocalDate),
                p.due().filter(DueDates.Due::timeGiven).flatMap(d -> at.map(ZonedDateTime::toLocalTime)),
                owner.equals(userId) ? null : userId));
    }

    /**
     * What tracking gave: the messages to deliver (the private answer first), the commitment when one was recorded,
     * and then the reply for the message's thread saying it is tracked.
     */
    public record Captured(List<Outgoing> out, Optional<Commitment> saved, Optional<Message> threadReply) {
    }

    /**
     * Records the {@code /commit} line a submitted form stands for ({@code in}) as tracked from {@code messageId},
     * keeping {@code link} (the message's permalink) in its history.
     */
    public Captured submit(Inbound in, String messageId, String link) {
        CommitCommands.Tracked t = commands.track(in, messageId, link);
        return new Captured(t.out(), t.saved(), t.saved().map(c -> tracked(in.workspaceId(), c)));
    }

    /**
     * A message posted in a channel (its author already counted as heard from): when it reads as a dated first-person
     * promise by a member of the channel's engagement, the private offer to track it. No offer when the engagement
     * switched them off, when the message is already tracked or was offered before, or when this person had an offer
     * less than {@link #OFFER_EVERY} ago.
     */
    public Optional<Outgoing> offer(String workspaceId, String channelId, String messageId, String userId, String text,
                                    String link) {
        Optional<Engagement> found = engagements.byChannel(workspaceId, channelId);
        if (found.isEmpty() || messageId == null || text == null || text.isBlank() || !found.get().isMember(userId)) {
            return Optional.empty();
        }
        Engagement e = found.get();
        if (!captures.offersOn(workspaceId, e.channelId())) {
            return Optional.empty();
        }
        Instant now = clock.now();
        ZoneId zone = zoneOf(workspaceId, userId, e);
        Optional<PromiseDetector.Promise> promise = PromiseDetector.read(text, now, zone, e.agreement().defaultDueTime(),
                hoursOf(workspaceId, userId).days());
        if (promise.isEmpty() || captures.tracked(workspaceId, channelId, messageId)) {
            return Optional.empty();
        }
        Optional<Instant> last = captures.lastOfferTo(workspaceId, userId);
        if (last.isPresent() && now.isBefore(last.get().plus(OFFER_EVERY))) {
            return Optional.empty();
        }
        PromiseDetector.Promise p = promise.get();
        String what = p.what().length() <= 300 ? p.what() : p.what().substring(0, 299) + "…";
        String phrase = p.datePhrase().length() <= 100 ? p.datePhrase() : p.datePhrase().substring(0, 100);
        if (!captures.offer(new Captures.Offer(workspaceId, channelId, messageId, userId, what, p.due().instant(), phrase,
                link, now, Captures.Offer.OPEN))) {
            return Optional.empty();
        }
        String key = offerKey(channelId, messageId);
        return Optional.of(new Outgoing(new Target.Private(userId, channelId), Message.builder()
                .line("Track this as a commitment? ", Message.bold(what), " — due " + Formats.when(p.due().instant(), zone, now) + ".")
                .button("Track", TRACK, key).button("Not now", NOT_NOW, key)
                .build()));
    }

    /** The value of an offer's buttons: the channel and message it is about. */
    public static String offerKey(String channelId, String messageId) {
        return channelId + " " + messageId;
    }

    /** "Track" under an offer: records it for its writer as {@code /commit} would, tracked from the message. */
    public Captured track(String workspaceId, String userId, String key) {
        return track(workspaceId, userId, key, null);
    }

    /** {@link #track(String, String, String)}, with the message's permalink when the adapter knows it only now. */
    public Captured track(String workspaceId, String userId, String key, String link) {
        Optional<Captures.Offer> offer = find(workspaceId, key);
        Target.Private privately = new Target.Private(userId, offer.map(Captures.Offer::channelId).orElse(null));
        if (offer.isEmpty() || !offer.get().userId().equals(userId)) {
            return nothing(privately, "That offer is not yours or has gone; nothing was recorded.");
        }
        Captures.Offer o = offer.get();
        if (!Captures.Offer.OPEN.equals(o.state())) {
            return nothing(privately, Captures.Offer.TRACKED.equals(o.state())
                    ? "Already tracked: /commit list shows it." : "You chose not to track it; nothing was recorded.");
        }
        Engagement e = engagements.byChannel(workspaceId, o.channelId()).orElse(null);
        if (e == null) {
            return nothing(privately, "This channel has no engagement any more; nothing was recorded.");
        }
        ZoneId zone = people.find(workspaceId, userId).map(Party::zone).orElse(e.zone());
        String line = o.what() + " by " + Formats.phrase(o.due(), zone, clock.now());
        Captured captured = submit(new Inbound(workspaceId, o.channelId(), userId, line), o.messageId(),
                o.link() != null ? o.link() : link);
        if (captured.saved().isPresent()) {
            captures.settle(workspaceId, o.channelId(), o.messageId(), Captures.Offer.TRACKED);
        }
        return captured;
    }

    /** "Not now" under an offer: nothing is recorded, and the offer is closed. */
    public List<Outgoing> notNow(String workspaceId, String userId, String key) {
        Optional<Captures.Offer> offer = find(workspaceId, key);
        if (offer.isEmpty() || !offer.get().userId().equals(userId)) {
            return List.of();
        }
        Captures.Offer o = offer.get();
        boolean settled = captures.settle(workspaceId, o.channelId(), o.messageId(), Captures.Offer.DECLINED);
        return List.of(new Outgoing(new Target.Private(userId, o.channelId()), Message.text(settled
                ? "Not tracked; nothing was recorded. \"Track as commitment\" on the message still works later."
                : "That offer was already answered.")));
    }

    /** "Tracked as #12 — due Fri 4 Dec 17:00 (Europe/London). /commit status shows it." */
    private Message tracked(String workspaceId, Commitment c) {
        ZoneId zone = people.find(workspaceId, c.owner()).map(Party::zone)
                .orElseGet(() -> engagements.byChannel(workspaceId, c.channelId()).map(Engagement::zone).orElse(ZoneId.of("UTC")));
        return Message.text("Tracked as #" + c.id() + " — due " + Formats.when(c.due(), zone, clock.now())
                + ". /commit status shows it.");
    }

    private Optional<Captures.Offer> find(String workspaceId, String key) {
        if (key == null) {
            return Optional.empty();
        }
        String[] parts = key.split(" ", 2);
        return parts.length == 2 ? captures.offer(workspaceId, parts[0], parts[1]) : Optional.empty();
    }

    private static Captured nothing(Target.Private to, String text) {
        return new Captured(List.of(new Outgoing(to, Message.text(text))), Optional.empty(), Optional.empty());
    }

    private ZoneId zoneOf(String workspaceId, String userId, Engagement e) {
        return people.find(workspaceId, userId).map(Party::zone).orElse(e.zone());
    }

    private WorkingHours hoursOf(String workspaceId, String userId) {
        return people.find(workspaceId, userId).map(Party::hours).orElse(WorkingHours.OFFICE);
    }

    private static String mentions(List<String> users) {
        List<String> out = new ArrayList<>();
        users.forEach(u -> out.add("@" + u));
        return String.join(", ", out);
    }
}
