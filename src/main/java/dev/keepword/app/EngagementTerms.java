package dev.keepword.app;

import dev.keepword.domain.Command;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Consequences;
import dev.keepword.domain.DueDates;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Kind;
import dev.keepword.domain.Ladder;
import dev.keepword.domain.Ladders;
import dev.keepword.domain.Outcome;
import dev.keepword.domain.Party;
import dev.keepword.domain.Standing;
import dev.keepword.domain.Terms;
import dev.keepword.domain.WorkingCalendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The working agreement and its consequences, as commands: {@code agreement}, {@code agree}, {@code tier},
 * {@code change} and {@code status}. Client members are shown the agreement on first contact.
 */
final class EngagementTerms {
    private final Commitments commitments;
    private final Engagements engagements;
    private final People people;
    private final Transactions tx;
    private final CommitmentListener listener;
    private final StandingWatch standing;
    private final Acknowledgements acks;
    private final Ladders ladders;

    EngagementTerms(Commitments commitments, Engagements engagements, People people, Transactions tx,
                    CommitmentListener listener, StandingWatch standing, Acknowledgements acks, Ladders ladders) {
        this.commitments = commitments;
        this.engagements = engagements;
        this.people = people;
        this.tx = tx;
        this.listener = listener;
        this.standing = standing;
        this.acks = acks;
        this.ladders = ladders;
    }

    /** The agreement in words, with an "I agree" button for a client member who has not agreed yet. */
    Message agreement(Engagement e, String reader, Instant now) {
        var a = e.agreement();
        Terms t = e.terms();
        ZoneId zone = people.find(e.workspaceId(), reader).map(Party::zone).orElse(e.zone());
        Message.Builder m = Message.builder()
                .line(Message.bold("Working agreement for #" + e.name()))
                .line("Reminders: a heads-up " + a.headsUpWorkingDays() + " working days before a due date, a reminder on "
                        + "the day, then one each working day (up to " + a.overdueNudges() + "), at " + a.nudgeTime()
                         + " in each person's time zone and working hours; " + (a.dailyNudgeCap() == 1
                                ? "at most one message a day from Keepword to each person."
                                : "at most " + a.dailyNudgeCap() + " messages a day from Keepword to each person."))
                .line("Each side answers within " + Formats.plural(t.responseWorkingDays(), "working day") + ". A date can be "
                        + "moved before it passes (up to " + a.maxRenegotiations() + " times) without counting as a miss.")
                .line("Consequences: " + t.consequencesClause())
                .line("Escalation (tier " + e.tier() + "): " + ladderWords(ladders.forTier(e.tier()), e.isClient(reader)) + ".");
        List<Object> who = new ArrayList<>(List.of("Agreed by: "));
        List<String> agreed = e.clients().stream()
                .filter(c -> acks.find(e.workspaceId(), e.channelId(), c).map(Acknowledgements.Ack::agreed).orElse(false))
                .toList();
        if (agreed.isEmpty()) {
            who.add("nobody yet");
        } else {
            for (int i = 0; i < agreed.size(); i++) {
                who.add(i == 0 ? "" : ", ");
                who.add(Message.mention(agreed.get(i)));
            }
        }
        m.line(who.toArray());
        if (e.isClient(reader) && !agreed.contains(reader)) {
            m.line("If this works for you, say so with /commit agree or the button.").button("I agree", "agree", e.channelId());
        }
        return m.build();
    }

    private static String ladderWords(Ladder ladder) {
        return ladderWords(ladder, false);
    }

    /**
     * The ladder in words; a client reads it without its last rung, the disengagement review, which is a recommendation
     * to the consultancy about the engagement, not a step the client takes part in.
     */
    private static String ladderWords(Ladder ladder, boolean forClient) {
        List<Ladder.Rung> rungs = forClient && ladder.rungs().size() > 1
                ? ladder.rungs().subList(0, ladder.rungs().size() - 1) : ladder.rungs();
        return String.join(" → ", rungs.stream()
                .map(r -> r.name().replace('-', ' ') + " (+" + r.workingDays() + ")").toList());
    }

    /** Shows a client member the agreement the first time they speak in the engagement. */
    Optional<Outgoing> firstContact(Inbound in, Instant now) {
        Optional<Engagement> e = engagements.byChannel(in.workspaceId(), in.channelId());
        if (e.isEmpty() || !e.get().isClient(in.userId())
                || acks.find(in.workspaceId(), in.channelId(), in.userId()).isPresent()) {
            return Optional.empty();
        }
        acks.shown(in.workspaceId(), in.channelId(), in.userId(), now);
        return Optional.of(new Outgoing(new Target.Private(in.userId(), in.channelId()), agreement(e.get(), in.userId(), now)));
    }

    void markShown(Inbound in, Instant now) {
        acks.shown(in.workspaceId(), in.channelId(), in.userId(), now);
    }

    List<Outgoing> agree(Inbound in, Engagement e, Instant now) {
        if (!e.isClient(in.userId())) {
            return reply(in, "The working agreement is acknowledged by client members; consultants set it. "
                    + "/commit agreement shows it.");
        }
        if (acks.find(in.workspaceId(), in.channelId(), in.userId()).map(Acknowledgements.Ack::agreed).orElse(false)) {
            return reply(in, "You already agreed to this engagement's working agreement. /commit agreement shows it.");
        }
        tx.inTransaction(() -> {
            acks.agreed(in.workspaceId(), in.channelId(), in.userId(), now);
            listener.told(null, e, e.leadConsultant(), Message.builder()
                    .line(Message.mention(in.userId()), " agreed to the working agreement of ", Message.channel(e.channelId()), ".")
                    .build(), now);
            return null;
        });
        return reply(in, "Thank you: your agreement is noted. /commit agreement shows it any time.");
    }

    List<Outgoing> tier(Inbound in, Engagement e, int tier, Instant now) {
        if (!e.isConsultant(in.userId())) {
            return reply(in, "Only a consultant owner (" + String.join(", ", e.consultants().stream().map(c -> "@" + c).toList())
                    + ") can change the tier. /commit agreement shows the current ladder.");
        }
        Engagement changed = e.withTier(tier);
        int replanned = tx.inTransaction(() -> {
            engagements.save(changed);
            int n = 0;
            for (Commitment c : commitments.inChannels(e.workspaceId(), List.of(e.channelId()))) {
                if (c.isOpen()) {
                    listener.changed(c, changed, now);
                    n++;
                }
            }
            return n;
        });
        return reply(in, "This engagement is now tier " + tier + ": " + ladderWords(ladders.forTier(tier)) + ". "
                + Formats.plural(replanned, "open commitment") + " re-planned.");
    }

    /** A change request: a commitment owed by a client (approve the change order) before the work starts. */
    Outcome<Change> change(Inbound in, Engagement e, Command.Change c, Instant now) {
        if (!e.isMember(in.userId())) {
            return Outcome.rejected("Only members of this engagement can log a change request here.");
        }
        String owner = c.owner() != null ? c.owner() : e.isClient(in.userId()) ? in.userId() : e.clients().get(0);
        if (!e.isClient(owner)) {
            return Outcome.rejected("A change request is approved by a client member. Name one of "
                    + String.join(", ", e.clients().stream().map(x -> "@" + x).toList()) + ", for example: /commit change-request @"
                    + e.clients().get(0) + " add a French version est 16h");
        }
        String owedTo = e.isConsultant(in.userId()) ? in.userId() : e.leadConsultant();
        Party party = people.find(in.workspaceId(), owner).orElse(null);
        ZoneId zone = party == null ? e.zone() : party.zone();
        Instant due;
        if (c.when() != null) {
            Outcome<DueDates.Due> parsed = DueDates.parse(c.when(), now, zone, e.agreement().defaultDueTime(),
                    party == null ? dev.keepword.domain.WorkingHours.OFFICE.days() : party.hours().days());
            if (parsed instanceof Outcome.Rejected<DueDates.Due> r) {
                return Outcome.rejected(r.message());
            }
            due = ((Outcome.Ok<DueDates.Due>) parsed).value().instant();
        } else {
            WorkingCalendar cal = party == null ? Narration.calendar(e) : WorkingCalendar.of(party, e.agreement());
            LocalDate day = cal.plusWorkingDays(cal.localDate(now), Math.max(1, e.terms().responseWorkingDays()));
            due = java.time.ZonedDateTime.of(day, e.agreement().defaultDueTime(), zone).toInstant();
        }
        String title = CHANGE_TITLE + c.what() + (c.estimateHours() == null ? "" : " (est " + c.estimateHours() + "h)");
        return Outcome.ok(new Change(owner, owedTo, title, Kind.CHANGE_REQUEST, due, zone));
    }

    /** How a change request's title starts: what the client is asked to do. */
    static final String CHANGE_TITLE = "approve the change order: ";

    /** A change request ready to record. */
    record Change(String owner, String owedTo, String title, Kind kind, Instant due, ZoneId zone) {
    }

    List<Outgoing> status(Inbound in, Command.Status s, Instant now) {
        String person = s.person() != null ? s.person() : in.userId();
        List<Engagement> mine = engagements.withMember(in.workspaceId(), in.userId());
        Optional<Engagement> here = engagements.byChannel(in.workspaceId(), in.channelId()).filter(e -> e.isMember(in.userId()));
        Optional<Engagement> shared = here.filter(e -> e.isMember(person))
                .or(() -> mine.stream().filter(e -> e.isMember(person)).findFirst());
        if (shared.isEmpty()) {
            return reply(in, "I can't show @" + person + "'s status: you share no engagement. For example: /commit status @"
                    + (here.map(e -> e.members().get(0)).orElse(in.userId())));
        }
        Engagement e = shared.get();
        ZoneId zone = people.find(in.workspaceId(), in.userId()).map(Party::zone).orElse(e.zone());
        List<Commitment> owed = commitments.openOwnedBy(in.workspaceId(), person).stream()
                .filter(c -> mine.stream().anyMatch(m -> m.channelId().equals(c.channelId())))
                .filter(c -> engagements.byChannel(in.workspaceId(), c.channelId())
                        .map(x -> CommitCommands.visibleTo(c, x, in.userId())).orElse(false))
                .sorted(java.util.Comparator.comparing(Commitment::due)).toList();
        // A blocker flagged before the due date is not lateness: it shows as blocked, not overdue.
        long overdue = owed.stream().filter(c -> c.isOverdue(now) && !Standing.blockedInTime(c)
                && c.kind() != Kind.CHANGE_REQUEST).count();
        Consequences consequences = Consequences.of(e, commitments.inChannels(in.workspaceId(), List.of(e.channelId())),
                Narration.calendar(e), now);
        Message.Builder m = Message.builder();
        if (e.isConsultant(in.userId())) {
            Standing.Assessment a = standing.assess(in.workspaceId(), person, e, now);
            m.line(Message.mention(person), ": ", Message.bold(a.level().words()), " · reliability " + a.reliability().words()
                    + " · " + owed.size() + " open, " + overdue + " overdue");
        } else {
            // Standing, reliability and reviews are the consultancy's own view; a client reads what is open and what the
            // agreement says it has cost so far.
            m.line(person.equals(in.userId()) ? Message.bold("What you owe") : Message.mention(person),
                    (person.equals(in.userId()) ? "" : " owes") + " in #" + e.name() + ": " + owed.size() + " open, "
                            + overdue + " overdue");
        }
        owed.stream().limit(CommitCommands.LIST_LIMIT).forEach(c -> m.line("• ", Message.bold("#" + c.id() + " " + c.title()),
                " — due " + Formats.when(c.due(), zone, now) + (c.isBlocked() ? ", " + Narration.holdUp(c)
                        : c.kind() == Kind.CHANGE_REQUEST ? ", awaiting the client's decision"
                        : c.isOverdue(now) ? ", " + Narration.late(c, e, now) + " late" + itemConsequences(e, c, now) : "")
                        + told(c, zone, now, e.isConsultant(in.userId()))));
        m.line(e.isConsultant(in.userId()) ? "#" + e.name() + " so far: " + consequences.words() + "."
                : "Per the working agreement, so far: " + consequences.words() + ".");
        return List.of(new Outgoing(new Target.Private(in.userId(), in.channelId()), m.build()));
    }

    /** What one late client item has cost so far: "(timeline +3 working days · late fees 150 EUR)". */
    private static String itemConsequences(Engagement e, Commitment c, Instant now) {
        if (!e.isClient(c.owner())) {
            return "";
        }
        Consequences one = Consequences.of(e, List.of(c), Narration.calendar(e), now);
        return one.lateInputs() == 0 ? "" : " (" + one.words() + ")";
    }

    /**
     * What Keepword has told about an item so far, from its history: "; 3 reminders sent, the last Mon 30 Nov 14:30;
     * final notice sent Fri 4 Dec 14:30", and how many could not be delivered.
     */
    /**
     * What Keepword sent about {@code c}: how many reminders and the last one, the latest other message, the failures.
     * A client reads only what went to the owner; escalations to the consultant, the escalation channel and the review
     * are the consultancy's own view ({@code internal}).
     */
    static String told(Commitment c, ZoneId zone, Instant now, boolean internal) {
        List<dev.keepword.domain.HistoryEntry> messages = c.history().stream()
                .filter(h -> h.isMessage() && (internal || h.to().equals(c.owner()))).toList();
        List<dev.keepword.domain.HistoryEntry> sent = messages.stream().filter(h -> h.outcomeWord().equals("sent")).toList();
        List<dev.keepword.domain.HistoryEntry> reminders = sent.stream()
                .filter(h -> h.action() == dev.keepword.domain.Action.REMINDER).toList();
        StringBuilder s = new StringBuilder();
        if (!reminders.isEmpty()) {
            s.append("; ").append(Formats.plural(reminders.size(), "reminder")).append(" sent, the last ")
                    .append(Formats.when(reminders.get(reminders.size() - 1).at(), zone, now));
        }
        sent.stream().filter(h -> h.action() != dev.keepword.domain.Action.REMINDER).reduce((a, b) -> b)
                .ifPresent(h -> s.append("; ").append(Narration.messageName(h.detail())).append(" sent ")
                        .append(Formats.when(h.at(), zone, now)));
        long failed = messages.stream().filter(h -> h.outcomeWord().equals("failed")).count();
        if (failed > 0) {
            s.append("; ").append(failed).append(" could not be delivered");
        }
        return s.toString();
    }

    private static List<Outgoing> reply(Inbound in, String text) {
        return List.of(new Outgoing(new Target.Private(in.userId(), in.channelId()), Message.text(text)));
    }
}
