package dev.keepword.app;

import dev.keepword.domain.Agreement;
import dev.keepword.domain.Command;
import dev.keepword.domain.CommandParser;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.DueDates;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Outcome;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingCalendar;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The /commit use cases: record, list, done, move, snooze, blocked, cancel, setup, help. Each call parses, checks
 * permissions, stores in one transaction and returns the messages to deliver: the private answer to the speaker
 * first, then any notes to other people.
 */
public final class CommitCommands {
    static final int LIST_LIMIT = 25;
    private static final java.util.regex.Pattern HAS_ESTIMATE =
            java.util.regex.Pattern.compile("(?i)(?:^|\\s)est\\s*\\d");

    private final Commitments commitments;
    private final Engagements engagements;
    private final People people;
    private final Transactions tx;
    private final Clock clock;
    private final Agreement defaults;
    private final CommitmentListener listener;
    private final Sightings sightings;
    private final EngagementTerms terms;
    private final WeeklySummaries summaries;
    /** Tracked messages and the offers switch; null where nothing is captured from chat. */
    private final Captures captures;

    public CommitCommands(Commitments commitments, Engagements engagements, People people, Transactions tx,
                          Clock clock, Agreement defaults, CommitmentListener listener, Sightings sightings,
                          StandingWatch standing, Acknowledgements acks, dev.keepword.domain.Ladders ladders) {
        this.sightings = sightings;
        this.terms = new EngagementTerms(commitments, engagements, people, tx, listener, standing, acks, ladders);
        this.commitments = commitments;
        this.engagements = engagements;
        this.people = people;
        this.tx = tx;
        this.clock = clock;
        this.defaults = defaults;
        this.listener = listener;
        this.summaries = null;
        this.captures = null;
    }

    /** Also answers {@code /commit report} and {@code /commit export}. */
    public CommitCommands(Commitments commitments, Engagements engagements, People people, Transactions tx,
                          Clock clock, Agreement defaults, CommitmentListener listener, Sightings sightings,
                          StandingWatch standing, Acknowledgements acks, dev.keepword.domain.Ladders ladders,
                          WeeklySummaries summaries) {
        this(commitments, engagements, people, tx, clock, defaults, listener, sightings, standing, acks, ladders, summaries,
                null);
    }

    /** Also answers {@code /commit offers on|off} and links commitments tracked from chat messages to them. */
    public CommitCommands(Commitments commitments, Engagements engagements, People people, Transactions tx,
                          Clock clock, Agreement defaults, CommitmentListener listener, Sightings sightings,
                          StandingWatch standing, Acknowledgements acks, dev.keepword.domain.Ladders ladders,
                          WeeklySummaries summaries, Captures captures) {
        this.captures = captures;
        this.sightings = sightings;
        this.terms = new EngagementTerms(commitments, engagements, people, tx, listener, standing, acks, ladders);
        this.commitments = commitments;
        this.engagements = engagements;
        this.people = people;
        this.tx = tx;
        this.clock = clock;
        this.defaults = defaults;
        this.listener = listener;
        this.summaries = summaries;
    }

    /** Handles one /commit line. Never throws for anything a person can type. */
    public List<Outgoing> handle(Inbound in) {
        List<Outgoing> out = new ArrayList<>(answer(in));
        if (!(CommandParser.parse(in.text()) instanceof Outcome.Ok<Command> ok && (ok.value() instanceof Command.ShowAgreement
                || ok.value() instanceof Command.Agree))) {
            terms.firstContact(in, clock.now()).ifPresent(out::add);
        }
        return out;
    }

    /**
     * A chat message posted in a channel: in an engagement's channel it counts as hearing from its author, as a
     * command or a click does (silence checks, the ladder's "unanswered", the disengagement review).
     */
    public void posted(Inbound in) {
        if (engagements.byChannel(in.workspaceId(), in.channelId()).isPresent()) {
            sightings.heard(in.workspaceId(), in.userId(), clock.now());
        }
    }

    /** The working agreement of the engagement in {@code channelId}, as shown to {@code reader} (a member joining). */
    public Optional<Message> agreementFor(String workspaceId, String channelId, String reader) {
        Instant now = clock.now();
        return engagements.byChannel(workspaceId, channelId).map(e -> {
            if (e.isClient(reader)) {
                terms.firstContact(new Inbound(workspaceId, channelId, reader, ""), now);
            }
            return terms.agreement(e, reader, now);
        });
    }

    private List<Outgoing> answer(Inbound in) {
        Outcome<Command> parsed = CommandParser.parse(in.text());
        if (parsed instanceof Outcome.Rejected<Command> r) {
            return reply(in, r.message());
        }
        Command command = ((Outcome.Ok<Command>) parsed).value();
        Instant now = clock.now();
        sightings.heard(in.workspaceId(), in.userId(), now); // any understood command counts as being heard from
        if (command instanceof Command.Help) {
            return List.of(new Outgoing(privately(in), HelpText.message()));
        }
        if (command instanceof Command.Create c) {
            return create(in, c, now);
        }
        if (command instanceof Command.ListCommitments l) {
            return list(in, l, now);
        }
        if (command instanceof Command.Setup s) {
            return setup(in, s, now);
        }
        if (command instanceof Command.ShowSetup) {
            return showSetup(in);
        }
        if (command instanceof Command.Away a) {
            return away(in, a, now);
        }
        if (command instanceof Command.Back) {
            return back(in, now);
        }
        if (command instanceof Command.NotMine n) {
            return notMine(in, n, now);
        }
        if (command instanceof Command.Notice n) {
            return notice(in, n, now);
        }
        if (command instanceof Command.Reassign r) {
            return reassign(in, r, now);
        }
        if (command instanceof Command.Depends d) {
            return depends(in, d, now);
        }
        if (command instanceof Command.Status st) {
            return terms.status(in, st, now);
        }
        if (command instanceof Command.Summary sm) {
            return summary(in, sm, now);
        }
        if (command instanceof Command.Offers o) {
            return offers(in, o);
        }
        if (command instanceof Command.Report || command instanceof Command.Export) {
            return summaries == null ? reply(in, "Reports and exports are not available here.")
                    : summaries.handle(in, command, now);
        }
        if (command instanceof Command.ShowAgreement || command instanceof Command.Agree
                || command instanceof Command.Tier || command instanceof Command.Change) {
            Optional<Engagement> e = engagements.byChannel(in.workspaceId(), in.channelId());
            if (e.isEmpty()) {
                return reply(in, noEngagementHere());
            }
            if (!e.get().isMember(in.userId())) {
                return reply(in, "Only members of this engagement can see or change its agreement. A consultant owner ("
                        + mentions(e.get().consultants()) + ") can add you with /commit setup.");
            }
            if (command instanceof Command.ShowAgreement) {
                if (e.get().isClient(in.userId())) {
                    terms.markShown(in, now); // seen now, so first contact need not show it again
                }
                return List.of(new Outgoing(privately(in), terms.agreement(e.get(), in.userId(), now)));
            }
            if (command instanceof Command.Agree) {
                return terms.agree(in, e.get(), now);
            }
            if (command instanceof Command.Tier t) {
                return terms.tier(in, e.get(), t.tier(), now);
            }
            Outcome<EngagementTerms.Change> change = terms.change(in, e.get(), (Command.Change) command, now);
            if (change instanceof Outcome.Rejected<EngagementTerms.Change> r) {
                return reply(in, r.message());
            }
            return record(in, e.get(), ((Outcome.Ok<EngagementTerms.Change>) change).value(), now, false);
        }
        return respond(in, command, now);
    }

    /**
     * What recording a commitment tracked from a chat message gave: the messages to deliver, and the commitment when one
     * was recorded (empty when it was refused; the first message then says why).
     */
    public record Tracked(List<Outgoing> out, Optional<Commitment> saved) {
    }

    /**
     * Records the {@code /commit} line in {@code in} as a commitment tracked from the chat message {@code messageId} in
     * the engagement's channel, keeping {@code link} (its permalink) in the history; a message already tracked is
     * refused and nothing changes.
     */
    public Tracked track(Inbound in, String messageId, String link) {
        Outcome<Command> parsed = CommandParser.parse(in.text());
        if (!(parsed instanceof Outcome.Ok<Command> ok && ok.value() instanceof Command.Create c)) {
            return new Tracked(handle(in), Optional.empty());
        }
        if (captures != null && messageId != null && captures.tracked(in.workspaceId(), in.channelId(), messageId)) {
            return new Tracked(reply(in, "That message is already tracked: /commit list shows it."), Optional.empty());
        }
        Instant now = clock.now();
        sightings.heard(in.workspaceId(), in.userId(), now);
        Commitment[] saved = new Commitment[1];
        List<Outgoing> out = new ArrayList<>(create(in, c, now, messageId, link, saved));
        terms.firstContact(in, now).ifPresent(out::add);
        return new Tracked(out, Optional.ofNullable(saved[0]));
    }

    /** {@code /commit offers on|off}: consultants switch the private offers to track promises for their engagement. */
    private List<Outgoing> offers(Inbound in, Command.Offers o) {
        Optional<Engagement> e = engagements.byChannel(in.workspaceId(), in.channelId());
        if (e.isEmpty()) {
            return reply(in, noEngagementHere());
        }
        if (!e.get().isConsultant(in.userId())) {
            return reply(in, "Only a consultant owner (" + mentions(e.get().consultants()) + ") can switch the offers to "
                    + "track promises.");
        }
        if (captures == null) {
            return reply(in, "Offers to track promises are not available here.");
        }
        captures.offers(in.workspaceId(), e.get().channelId(), o.on());
        return reply(in, o.on()
                ? "Offers are on: when someone here writes a dated promise (\"I'll send it Friday\"), I offer them, privately, to track it."
                : "Offers are off: I won't offer to track promises written here. \"Track as commitment\" on a message still works; /commit offers on turns them back on.");
    }

    private List<Outgoing> create(Inbound in, Command.Create c, Instant now) {
        return create(in, c, now, null, null, new Commitment[1]);
    }

    private List<Outgoing> create(Inbound in, Command.Create c, Instant now, String messageId, String link,
                                  Commitment[] saved) {
        Optional<Engagement> found = engagements.byChannel(in.workspaceId(), in.channelId());
        if (found.isEmpty()) {
            return reply(in, noEngagementHere());
        }
        Engagement e = found.get();
        if (!e.isMember(in.userId())) {
            return reply(in, "Only members of this engagement can record commitments here. A consultant owner ("
                    + mentions(e.consultants()) + ") can add you, for example: /commit setup client "
                    + mentions(e.clients()).replace(",", "") + " @" + in.userId() + " owner " + mentions(e.consultants()).replace(",", "")
                    + " escalate #" + e.escalationChannel());
        }
        String owner = c.owner() == null ? in.userId() : c.owner();
        if (!e.isMember(owner)) {
            return reply(in, "@" + owner + " is not part of this engagement. Name one of "
                    + mentions(e.members()) + ", for example: /commit @" + e.members().get(0) + " send the draft by friday");
        }
        String owedTo = c.owedTo() != null ? c.owedTo() : defaultOwedTo(e, owner, in.userId());
        if (!e.isMember(owedTo)) {
            return reply(in, "@" + owedTo + " is not part of this engagement, so nothing can be owed to them here. "
                    + "Name one of " + mentions(e.members()) + " after \"to\", for example: /commit send the draft by friday to @"
                    + e.members().stream().filter(m -> !m.equals(owner)).findFirst().orElse(e.leadConsultant()));
        }
        if (owedTo.equals(owner)) {
            return reply(in, "A commitment is owed to someone else. Say who with \"to @person\", for example: "
                    + "/commit @" + owner + " send the draft by friday to @" + e.leadConsultant());
        }
        Outcome<Party> ownerParty = people.require(in.workspaceId(), owner);
        if (ownerParty instanceof Outcome.Rejected<Party> r) {
            return reply(in, r.message());
        }
        ZoneId zone = ((Outcome.Ok<Party>) ownerParty).value().zone();
        Outcome<DueDates.Due> due = DueDates.parse(c.when(), now, zone, e.agreement().defaultDueTime(),
                ((Outcome.Ok<Party>) ownerParty).value().hours().days());
        if (due instanceof Outcome.Rejected<DueDates.Due> r) {
            return reply(in, r.message());
        }
        Instant at = ((Outcome.Ok<DueDates.Due>) due).value().instant();
        return record(in, e, new EngagementTerms.Change(owner, owedTo, c.title(), c.kind(), at, zone), now,
                CommandParser.soundsLikeChangeRequest(c.title()), messageId, link, saved);
    }

    /**
     * Stores a new commitment, plans its reminders, and tells the people it concerns. {@code changeHint}: the title
     * reads like out-of-scope work, so the answer points to the change-request form.
     */
    private List<Outgoing> record(Inbound in, Engagement e, EngagementTerms.Change c, Instant now, boolean changeHint) {
        return record(in, e, c, now, changeHint, null, null, new Commitment[1]);
    }

    private List<Outgoing> record(Inbound in, Engagement e, EngagementTerms.Change c, Instant now, boolean changeHint,
                                  String messageId, String link, Commitment[] result) {
        String owner = c.owner();
        String owedTo = c.owedTo();
        Instant at = c.due();
        ZoneId zone = c.zone();
        Commitment saved = tx.inTransaction(() -> {
            Commitment created = Commitment.create(in.workspaceId(), commitments.nextId(in.workspaceId()),
                    e.channelId(), c.title(), c.kind(), owner, owedTo, at, in.userId(), now, link);
            if (messageId != null && captures != null
                    && !captures.link(in.workspaceId(), e.channelId(), messageId, created.id(), link)) {
                return null; // tracked meanwhile (two clicks at once): this one records nothing
            }
            commitments.save(created);
            listener.changed(created, e, now);
            listener.recorded(created, e, in.userId(), now);
            return created;
        });
        if (saved == null) {
            return reply(in, "That message is already tracked: /commit list shows it.");
        }
        result[0] = saved;
        List<Outgoing> out = new ArrayList<>();
        Message.Builder answer = Message.builder()
                .line("Recorded ", Message.bold("#" + saved.id()), ": ", Message.mention(owner), " — ",
                        Message.bold(saved.title()), " (", saved.kind().word(), "), owed to ", Message.mention(owedTo), ".")
                .line("Due " + Formats.when(at, zone, now) + ".");
        offTimeNote(in.workspaceId(), e, owner, saved.id(), at, now).ifPresent(answer::line);
        if (changeHint) {
            String client = e.isClient(owner) ? owner : e.clients().isEmpty() ? null : e.clients().get(0);
            answer.line("Out of scope? If the client should approve this as extra work, cancel it (/commit cancel "
                    + saved.id() + ") and log a change request instead: /commit change-request "
                    + (client == null ? "" : "@" + client + " ") + saved.title()
                    + (HAS_ESTIMATE.matcher(saved.title()).find() ? "" : " est Nh"));
        }
        out.add(new Outgoing(privately(in), answer.build()));
        // The owner and the person it is owed to hear a few minutes later, with whatever else is recorded for them.
        return out;
    }

    /**
     * Whether {@code reader} may see {@code c}: everything, except a client's payment, which is discussed with its owner,
     * the person it is owed to, the sponsor and the consultants, never in front of the owner's colleagues.
     */
    static boolean visibleTo(Commitment c, Engagement e, String reader) {
        return c.kind() != dev.keepword.domain.Kind.PAYMENT || !e.isClient(c.owner()) || e.isConsultant(reader) || reader.equals(c.owner())
                || reader.equals(c.owedTo()) || reader.equals(e.sponsor());
    }

    /** Owed to the speaker when they name someone else; otherwise to the other side's first member. */
    private static String defaultOwedTo(Engagement e, String owner, String speaker) {
        if (!owner.equals(speaker)) {
            return speaker;
        }
        if (e.isClient(owner)) {
            return e.leadConsultant();
        }
        return e.clients().isEmpty() ? owner : e.clients().get(0);
    }

    private List<Outgoing> list(Inbound in, Command.ListCommitments l, Instant now) {
        Optional<Engagement> here = engagements.byChannel(in.workspaceId(), in.channelId())
                .filter(e -> e.isMember(in.userId()));
        List<Engagement> scope = here.map(List::of).orElseGet(() -> engagements.withMember(in.workspaceId(), in.userId()));
        if (scope.isEmpty()) {
            return reply(in, "You are not a member of any engagement yet, so there is nothing to list. "
                    + "A consultant adds people with /commit setup client @a owner @b escalate #channel");
        }
        Predicate<Commitment> filter = switch (l.filter()) {
            case OPEN -> Commitment::isOpen;
            case MINE -> c -> c.isOpen() && c.owner().equals(in.userId());
            case OWED -> c -> c.isOpen() && in.userId().equals(c.owedTo());
            case OVERDUE -> c -> c.isOverdue(now);
            case PERSON -> c -> c.isOpen() && c.owner().equals(l.person());
            case ALL -> c -> true;
        };
        List<String> channels = scope.stream().map(Engagement::channelId).toList();
        List<Commitment> shown = (l.filter() == Command.ListFilter.ALL
                ? commitments.inChannels(in.workspaceId(), channels) : commitments.openInChannels(in.workspaceId(), channels))
                .stream().filter(filter)
                .filter(c -> scope.stream().anyMatch(e -> e.channelId().equals(c.channelId()) && visibleTo(c, e, in.userId())))
                .sorted(Comparator.comparing(Commitment::due).thenComparing(Commitment::id))
                .toList();
        ZoneId zone = people.find(in.workspaceId(), in.userId()).map(Party::zone).orElse(scope.get(0).zone());
        String where = here.isPresent() ? "in #" + here.get().name() : "in your engagements";
        Message.Builder m = Message.builder();
        if (shown.isEmpty()) {
            m.line(Message.bold(emptyListTitle(l)), " " + where + ".");
            return List.of(new Outgoing(privately(in), m.build()));
        }
        m.line(Message.bold(listTitle(l, shown.size())), " " + where + ":");
        java.util.Map<String, Engagement> byChannel = new java.util.HashMap<>();
        scope.forEach(e -> byChannel.put(e.channelId(), e));
        shown.stream().limit(LIST_LIMIT).forEach(c -> m.line(listLine(c, byChannel.get(c.channelId()), zone, now)));
        if (shown.size() > LIST_LIMIT) {
            m.line("… and " + (shown.size() - LIST_LIMIT) + " more. Narrow it with /commit list mine, owed, overdue or @person.");
        }
        return List.of(new Outgoing(privately(in), m.build()));
    }

    private static Object[] listLine(Commitment c, Engagement e, ZoneId zone, Instant now) {
        List<Object> parts = new ArrayList<>(List.of(Message.bold("#" + c.id()), " ", Message.mention(c.owner()), ": ",
                c.title()));
        if (c.owedTo() != null) {
            parts.addAll(List.of(" — owed to ", Message.mention(c.owedTo())));
        }
        parts.add(" — due " + Formats.when(c.due(), zone, now));
        switch (c.state()) {
            case DONE -> parts.add(" — done");
            case CANCELLED -> parts.add(" — cancelled");
            case OPEN -> {
                if (c.kind() == dev.keepword.domain.Kind.CHANGE_REQUEST) {
                    parts.add(" — awaiting the client's decision");
                } else if (c.isOverdue(now)) {
                    parts.add(" — " + Narration.late(c, e, now) + " late");
                }
                String holdUp = Narration.holdUp(c);
                if (!holdUp.isEmpty()) {
                    parts.add(" — " + holdUp);
                }
                if (c.isSnoozed(now)) {
                    parts.add(" — snoozed until " + Formats.when(c.snoozedUntil(), zone, now));
                }
            }
        }
        return parts.toArray();
    }

    private static String listTitle(Command.ListCommitments l, int n) {
        String count = n + " ";
        return switch (l.filter()) {
            case OPEN -> count + "open";
            case MINE -> count + "you owe";
            case OWED -> count + "owed to you";
            case OVERDUE -> count + "overdue";
            case PERSON -> count + "owed by @" + l.person();
            case ALL -> count + "in all";
        };
    }

    private static String emptyListTitle(Command.ListCommitments l) {
        return switch (l.filter()) {
            case OPEN -> "Nothing open";
            case MINE -> "You owe nothing";
            case OWED -> "Nothing is owed to you";
            case OVERDUE -> "Nothing overdue";
            case PERSON -> "Nothing open for @" + l.person();
            case ALL -> "No commitments yet";
        };
    }

    /** done, move, snooze, blocked and cancel: find it, apply the domain rule, store, tell the people involved. */
    private List<Outgoing> respond(Inbound in, Command command, Instant now) {
        long id = idOf(command);
        Optional<Commitment> found = commitments.find(in.workspaceId(), id);
        Optional<Engagement> engagement = found.flatMap(c -> engagements.byChannel(in.workspaceId(), c.channelId()));
        if (found.isEmpty() || engagement.isEmpty() || !engagement.get().isMember(in.userId())) {
            // Same words whether it does not exist or belongs to an engagement the speaker is not in.
            return reply(in, "I can't find #" + id + ". /commit list shows the commitments you can see.");
        }
        Commitment c = found.get();
        Engagement e = engagement.get();
        ZoneId ownerZone = people.find(in.workspaceId(), c.owner()).map(Party::zone).orElse(e.zone());
        Outcome<Commitment> changed;
        String confirmation;
        String note;
        Optional<Object[]> moveNote = Optional.empty();
        if (command instanceof Command.Done d) {
            changed = c.done(e, in.userId(), d.note(), now);
            confirmation = "Marked #" + id + " done. " + (c.due().isBefore(now) ? "Thank you for closing it."
                    : "Thank you for keeping your word.");
            note = "marked #" + id + " " + c.title() + " done" + (d.note().isEmpty() ? "." : ": " + d.note());
        } else if (command instanceof Command.Move m) {
            Outcome<DueDates.Due> due = DueDates.parse(m.when(), now, ownerZone, e.agreement().defaultDueTime(),
                    people.find(in.workspaceId(), c.owner()).map(p -> p.hours().days())
                            .orElse(dev.keepword.domain.WorkingHours.OFFICE.days()));
            if (due instanceof Outcome.Rejected<DueDates.Due> r) {
                return reply(in, r.message());
            }
            Instant at = ((Outcome.Ok<DueDates.Due>) due).value().instant();
            changed = c.move(e, in.userId(), at, m.reason(), now);
            if (changed instanceof Outcome.Ok<Commitment> && !m.confirmed()) {
                // Two things are asked about before they happen: bringing a date forward asks more of the owner than
                // they agreed to, and a move past the agreement's free renegotiations counts as missed. One answer
                // says whichever apply; the same move with confirm at the end does it.
                int free = e.agreement().maxRenegotiations();
                boolean earlier = at.isBefore(c.due());
                boolean pastFree = c.kind() != dev.keepword.domain.Kind.CHANGE_REQUEST && now.isBefore(c.due())
                        && !dev.keepword.domain.Standing.blockedInTime(c)
                        && dev.keepword.domain.Standing.freeMovesUsed(c, free) >= free;
                String times = free == 1 ? "once" : free == 2 ? "twice" : free + " times";
                String again = "/commit move " + id + " " + m.when() + (m.reason().isEmpty() ? "" : " because " + m.reason())
                        + " confirm";
                if (earlier && pastFree) {
                    return reply(in, "#" + id + " is due " + Formats.when(c.due(), ownerZone, now) + "; \"" + m.when()
                            + "\" is earlier: " + Formats.local(at, ownerZone, now) + ". It has also already been moved "
                            + times + ", as often as the agreement allows without it counting as missed, so moved again "
                            + "it will count as missed in the weekly summary, even though it comes earlier. Nothing has "
                            + "changed yet. To bring it forward anyway, type: " + again);
                }
                if (earlier) {
                    return reply(in, "#" + id + " is due " + Formats.when(c.due(), ownerZone, now) + "; \"" + m.when()
                            + "\" is earlier: " + Formats.local(at, ownerZone, now) + ". Nothing has changed yet. To bring it "
                            + "forward, type: " + again);
                }
                if (pastFree) {
                    return reply(in, "#" + id + " has already been moved " + times + ", as often as the agreement allows "
                            + "without it counting as missed. Moved again, it will count as missed in the weekly summary. "
                            + "To move it anyway, add confirm at the end: " + again);
                }
            }
            confirmation = "Moved #" + id + " to " + Formats.when(at, ownerZone, now) + ".";
            moveNote = offTimeNote(in.workspaceId(), e, c.owner(), id, at, now);
            note = "moved #" + id + " " + c.title() + " from " + Formats.when(c.due(), ownerZone, now) + " to "
                    + Formats.when(at, ownerZone, now) + (m.reason().isEmpty() ? "." : ", because " + m.reason());
        } else if (command instanceof Command.Snooze s) {
            Outcome<DueDates.Due> until = DueDates.parse(s.when(), now, ownerZone, e.agreement().nudgeTime(),
                    dev.keepword.domain.WorkingHours.OFFICE.days());
            if (until instanceof Outcome.Rejected<DueDates.Due> r) {
                return reply(in, r.message());
            }
            Instant at = ((Outcome.Ok<DueDates.Due>) until).value().instant();
            changed = c.snooze(e, in.userId(), at, now);
            if (changed instanceof Outcome.Ok<Commitment> && !c.isOverdue(now) && at.isAfter(c.due())) {
                return reply(in, "That is after #" + id + " is due (" + Formats.when(c.due(), ownerZone, now)
                        + "). A snooze only pauses reminders; to agree a later date, move it, for example: /commit move "
                        + id + " " + s.when() + " because …");
            }
            confirmation = "Snoozed #" + id + " until " + Formats.when(at, ownerZone, now) + ". It is still due "
                    + Formats.when(c.due(), ownerZone, now) + ".";
            note = null;
        } else if (command instanceof Command.Blocked b) {
            changed = c.block(e, in.userId(), b.reason(), now);
            confirmation = "Noted that #" + id + " is blocked; reminders are paused until it gets a new date."
                    + (e.leadConsultant().equals(in.userId()) ? "" : " @" + e.leadConsultant() + " will see why.");
            note = "says #" + id + " " + c.title() + " is blocked: " + b.reason();
        } else if (command instanceof Command.Approve) {
            changed = c.approve(e, in.userId(), now);
            confirmation = "Approved #" + id + ": " + changeWhat(c) + ". @" + (c.owedTo() == null ? e.leadConsultant() : c.owedTo())
                    + " will schedule the work. Thank you for deciding.";
            note = "approved the change request #" + id + ": " + changeWhat(c) + ". The work can be scheduled.";
        } else if (command instanceof Command.Decline x) {
            changed = c.decline(e, in.userId(), x.reason(), now);
            confirmation = "Declined #" + id + ": " + changeWhat(c) + ". Thank you for deciding; the scope stays as agreed, "
                    + "and nothing is owed.";
            note = "declined the change request #" + id + ": " + changeWhat(c) + (x.reason().isEmpty() ? "." : ", because "
                    + x.reason() + ".") + " It stays out of scope.";
        } else {
            Command.Cancel x = (Command.Cancel) command;
            changed = c.cancel(e, in.userId(), x.reason(), now);
            confirmation = "Cancelled #" + id + ".";
            note = "cancelled #" + id + " " + c.title() + (x.reason().isEmpty() ? "." : ": " + x.reason());
        }
        if (changed instanceof Outcome.Rejected<Commitment> r) {
            return reply(in, r.message());
        }
        Commitment after = ((Outcome.Ok<Commitment>) changed).value();
        Map<String, Message> tell = new java.util.LinkedHashMap<>();
        if (note != null) {
            for (String who : interested(command, c, e)) {
                if (!who.equals(in.userId())) {
                    tell.putIfAbsent(who, Message.builder().line(Message.mention(in.userId()), " " + note).build());
                }
            }
        }
        store(after, e, now, tell);
        Message.Builder answer = Message.builder().line(confirmation);
        moveNote.ifPresent(answer::line);
        return List.of(new Outgoing(privately(in), answer.build()));
    }

    /** A consultant's decision on a drafted final notice: send it (as drafted or in their words) or hold it. */
    private List<Outgoing> notice(Inbound in, Command.Notice n, Instant now) {
        Optional<Commitment> found = commitments.find(in.workspaceId(), n.id());
        Optional<Engagement> engagement = found.flatMap(c -> engagements.byChannel(in.workspaceId(), c.channelId()));
        if (found.isEmpty() || engagement.isEmpty() || !engagement.get().isMember(in.userId())) {
            return reply(in, "I can't find #" + n.id() + ". /commit list shows the commitments you can see.");
        }
        Commitment c = found.get();
        Engagement e = engagement.get();
        boolean send = n.decision() != Command.NoticeDecision.HOLD;
        String text = n.decision() == Command.NoticeDecision.EDIT ? n.text() : "";
        Outcome<Commitment> changed = send ? c.sendNotice(e, in.userId(), text, now)
                : c.holdNotice(e, in.userId(), n.text(), now);
        if (changed instanceof Outcome.Rejected<Commitment> r) {
            return reply(in, r.message());
        }
        Commitment after = ((Outcome.Ok<Commitment>) changed).value();
        tx.inTransaction(() -> {
            commitments.save(after);
            listener.changed(after, e, now);
            if (send) {
                listener.noticeApproved(after, e, text, now);
            }
            return null;
        });
        Message said = switch (n.decision()) {
            case SEND -> Message.builder().line("The final notice for #" + c.id() + " goes to ", Message.mention(c.owner()),
                    " as drafted.").build();
            case EDIT -> Message.builder().line("Your wording of the final notice for #" + c.id() + " goes to ",
                    Message.mention(c.owner()), ".").build();
            case HOLD -> Message.text("Held: the final notice for #" + c.id() + " is not sent. /commit notice " + c.id()
                    + " send sends it when you are ready.");
        };
        return List.of(new Outgoing(privately(in), said));
    }

    /** Stores a changed commitment and re-plans it, in one transaction. */
    private void store(Commitment after, Engagement e, Instant now) {
        store(after, e, now, Map.of());
    }

    /**
     * Saves the change and, in the same transaction, what the people it concerns should hear of it: it reaches them
     * through the outbox in their one message of the day, so a restart loses none of it.
     */
    private void store(Commitment after, Engagement e, Instant now, Map<String, Message> tell) {
        tx.inTransaction(() -> {
            commitments.save(after);
            listener.changed(after, e, now);
            tell.forEach((who, message) -> listener.told(after, e, who, message, now));
            return null;
        });
    }

    /**
     * Who hears about a response: the other party to the promise, the lead consultant when it is blocked, and for a
     * change request's decision whoever logged it and the lead.
     */
    private static List<String> interested(Command command, Commitment c, Engagement e) {
        List<String> who = new ArrayList<>();
        if (command instanceof Command.Blocked) {
            who.add(e.leadConsultant());
        }
        if (command instanceof Command.Approve || command instanceof Command.Decline) {
            who.add(c.createdBy());
            who.add(e.leadConsultant());
        }
        if (c.owedTo() != null) {
            who.add(c.owedTo());
        }
        who.add(c.owner());
        return who;
    }

    /** What a change request is about, without the "approve the change order: " its title starts with. */
    static String changeWhat(Commitment c) {
        String prefix = EngagementTerms.CHANGE_TITLE;
        return c.title().startsWith(prefix) ? c.title().substring(prefix.length()) : c.title();
    }

    private static long idOf(Command command) {
        if (command instanceof Command.Done d) {
            return d.id();
        }
        if (command instanceof Command.Move m) {
            return m.id();
        }
        if (command instanceof Command.Snooze s) {
            return s.id();
        }
        if (command instanceof Command.Blocked b) {
            return b.id();
        }
        if (command instanceof Command.Approve a) {
            return a.id();
        }
        if (command instanceof Command.Decline d) {
            return d.id();
        }
        return ((Command.Cancel) command).id();
    }

    private List<Outgoing> away(Inbound in, Command.Away a, Instant now) {
        Outcome<Party> me = people.require(in.workspaceId(), in.userId());
        if (me instanceof Outcome.Rejected<Party> r) {
            return reply(in, r.message());
        }
        Party party = ((Outcome.Ok<Party>) me).value();
        Outcome<DueDates.Due> until = DueDates.parse(a.until(), now, party.zone(), party.hours().start(), party.hours().days());
        if (until instanceof Outcome.Rejected<DueDates.Due> r) {
            return reply(in, r.message());
        }
        java.time.LocalDate back = ((Outcome.Ok<DueDates.Due>) until).value().at().toLocalDate();
        if (back.isAfter(now.atZone(party.zone()).toLocalDate().plusDays(366))) {
            return reply(in, "Out of office is at most a year. Say when you are back, for example: /commit away until monday");
        }
        int replanned = setAway(in, party.away(now.atZone(party.zone()).toLocalDate(), back.minusDays(1)), now);
        return reply(in, "You're out of office until " + back.format(java.time.format.DateTimeFormatter.ofPattern(
                "EEE d MMM", java.util.Locale.ENGLISH)) + ": no reminders before then"
                + (replanned > 0 ? " (" + replanned + " open commitment" + (replanned == 1 ? "" : "s") + " rescheduled)" : "")
                + ". /commit back when you return earlier.");
    }

    private List<Outgoing> back(Inbound in, Instant now) {
        Outcome<Party> me = people.require(in.workspaceId(), in.userId());
        if (me instanceof Outcome.Rejected<Party> r) {
            return reply(in, r.message());
        }
        Party party = ((Outcome.Ok<Party>) me).value();
        if (party.awayUntil() == null) {
            return reply(in, "You weren't marked out of office. To be, say for example: /commit away until monday");
        }
        setAway(in, party.back(), now);
        return reply(in, "Welcome back. Reminders resume on your usual working hours.");
    }

    /** Stores the out-of-office change and re-plans every open commitment the person owes. */
    private int setAway(Inbound in, Party changed, Instant now) {
        return tx.inTransaction(() -> {
            people.save(changed);
            int n = 0;
            for (Commitment c : commitments.openOwnedBy(in.workspaceId(), in.userId())) {
                Optional<Engagement> e = engagements.byChannel(in.workspaceId(), c.channelId());
                if (e.isPresent()) {
                    listener.changed(c, e.get(), now);
                    n++;
                }
            }
            return n;
        });
    }

    private List<Outgoing> notMine(Inbound in, Command.NotMine n, Instant now) {
        Optional<Commitment> found = commitments.find(in.workspaceId(), n.id());
        Optional<Engagement> engagement = found.flatMap(c -> engagements.byChannel(in.workspaceId(), c.channelId()));
        if (found.isEmpty() || engagement.isEmpty() || !engagement.get().isMember(in.userId())) {
            return reply(in, "I can't find #" + n.id() + ". /commit list shows the commitments you can see.");
        }
        Commitment c = found.get();
        Engagement e = engagement.get();
        if (!c.owner().equals(in.userId())) {
            return reply(in, "Only the owner of #" + n.id() + " can say it isn't theirs. "
                    + (e.isConsultant(in.userId()) ? "To give it to someone else: /commit reassign " + n.id() + " @person"
                    : "A consultant (" + mentions(e.consultants()) + ") can give it to someone else."));
        }
        Outcome<Commitment> blocked = c.block(e, in.userId(), "not mine: asked @" + e.leadConsultant() + " to reassign", now);
        if (blocked instanceof Outcome.Rejected<Commitment> r) {
            return reply(in, r.message());
        }
        Commitment after = ((Outcome.Ok<Commitment>) blocked).value();
        Map<String, Message> tell = new java.util.LinkedHashMap<>();
        if (!e.leadConsultant().equals(in.userId())) {
            tell.put(e.leadConsultant(), Message.builder()
                    .line(Message.mention(in.userId()), " says ", Message.bold("#" + c.id() + " " + c.title()),
                            " isn't theirs. Who should own it? Give it to them with /commit reassign " + c.id()
                                    + " @person, or cancel it (/commit cancel " + c.id() + ").")
                    .button("Reassign", "reassign", String.valueOf(c.id()))
                    .build());
        }
        store(after, e, now, tell);
        return reply(in, "Thanks. I've paused reminders for #" + n.id() + " and asked @"
                + e.leadConsultant() + " to give it to the right person.");
    }

    /**
     * {@code /commit reassign ID @person}: the other half of "not mine". A consultant gives the commitment to another
     * member; both owners hear of it, the history records it, and its reminders are re-planned for the new owner.
     */
    private List<Outgoing> reassign(Inbound in, Command.Reassign r, Instant now) {
        Optional<Commitment> found = commitments.find(in.workspaceId(), r.id());
        Optional<Engagement> engagement = found.flatMap(c -> engagements.byChannel(in.workspaceId(), c.channelId()));
        if (found.isEmpty() || engagement.isEmpty() || !engagement.get().isMember(in.userId())) {
            return reply(in, "I can't find #" + r.id() + ". /commit list shows the commitments you can see.");
        }
        Commitment c = found.get();
        Engagement e = engagement.get();
        if (r.person() == null) {
            List<String> candidates = e.members().stream().filter(m -> !m.equals(c.owner()) && !m.equals(c.owedTo()))
                    .toList();
            String example = candidates.isEmpty() ? e.leadConsultant() : candidates.get(0);
            return reply(in, "Who should own #" + r.id() + " now? Name one of "
                    + mentions(candidates.isEmpty() ? e.members() : candidates) + ", for example: /commit reassign "
                    + r.id() + " @" + example);
        }
        Outcome<Commitment> changed = c.reassign(e, in.userId(), r.person(), now);
        if (changed instanceof Outcome.Rejected<Commitment> refused) {
            return reply(in, refused.message());
        }
        Outcome<Party> newOwner = people.require(in.workspaceId(), r.person());
        if (newOwner instanceof Outcome.Rejected<Party> unknown) {
            return reply(in, unknown.message());
        }
        ZoneId zone = ((Outcome.Ok<Party>) newOwner).value().zone();
        Commitment after = ((Outcome.Ok<Commitment>) changed).value();
        String what = "#" + c.id() + " " + c.title();
        Message.Builder answer = Message.builder()
                .line("Reassigned ", Message.bold(what), " from ", Message.mention(c.owner()), " to ",
                        Message.mention(r.person()), ". Due " + Formats.when(c.due(), zone, now)
                                + "; reminders now go to ", Message.mention(r.person()), ".");
        offTimeNote(in.workspaceId(), e, r.person(), c.id(), c.due(), now).ifPresent(answer::line);
        Map<String, Message> tell = new java.util.LinkedHashMap<>();
        if (!c.owner().equals(in.userId())) {
            tell.put(c.owner(), Message.builder()
                    .line(Message.mention(in.userId()), " gave ", Message.bold(what), " to ", Message.mention(r.person()),
                            ". It is off your list: no more reminders about it.")
                    .build());
        }
        if (!r.person().equals(in.userId())) {
            tell.put(r.person(), Message.builder()
                    .line(Message.mention(in.userId()), " gave you ", Message.bold(what), " in ", Message.channel(e.channelId()),
                            " (it was ", Message.mention(c.owner()), "'s), owed to ",
                            c.owedTo() == null ? "the team" : Message.mention(c.owedTo()), ".")
                    .line("Due " + Formats.when(c.due(), zone, now) + ". Done already? /commit done " + c.id()
                            + " · Need another date? /commit move " + c.id() + " NEW-DATE because REASON")
                    .build());
        }
        store(after, e, now, tell);
        return List.of(new Outgoing(privately(in), answer.build()));
    }

    /**
     * A consultant says an item of the consultancy's needs a client input (or nothing any more). If work on that input is
     * paused already, the item pauses at once; if the input arrives late, the item's date moves with the timeline.
     */
    private List<Outgoing> depends(Inbound in, Command.Depends d, Instant now) {
        Optional<Commitment> found = commitments.find(in.workspaceId(), d.id());
        Optional<Engagement> engagement = found.flatMap(c -> engagements.byChannel(in.workspaceId(), c.channelId()));
        if (found.isEmpty() || engagement.isEmpty() || !engagement.get().isMember(in.userId())) {
            return reply(in, "I can't find #" + d.id() + ". /commit list shows the commitments you can see.");
        }
        Commitment c = found.get();
        Engagement e = engagement.get();
        Optional<Commitment> input = d.on() == 0 ? Optional.empty() : commitments.find(in.workspaceId(), d.on());
        if (d.on() != 0 && input.flatMap(i -> engagements.byChannel(in.workspaceId(), i.channelId()))
                .filter(x -> x.isMember(in.userId())).isEmpty()) {
            return reply(in, "I can't find #" + d.on() + ". /commit list shows the commitments you can see.");
        }
        Outcome<Commitment> changed = c.waitOn(e, in.userId(), input.orElse(null), now);
        if (changed instanceof Outcome.Rejected<Commitment> r) {
            return reply(in, r.message());
        }
        Commitment after = ((Outcome.Ok<Commitment>) changed).value();
        String item = "#" + c.id() + " " + c.title();
        if (input.isEmpty()) {
            boolean wasPaused = c.isPaused();
            Optional<Commitment> old = commitments.find(in.workspaceId(), c.waitsOn());
            Commitment resumed = wasPaused && old.isPresent() ? after.resume(old.get(), after.due(), now) : after;
            store(resumed, e, now);
            return reply(in, "#" + c.id() + " no longer waits on #" + c.waitsOn() + "." + (wasPaused
                    ? " It was paused; its reminders resume." : ""));
        }
        Commitment on = input.get();
        Commitment paused = WorkPauses.pausedIfDue(after, on, e, now);
        Map<String, Message> tell = paused == after ? Map.of() : Map.of(on.owner(), WorkPauses.clientWords(on,
                WorkPauses.workingDaysLate(on, e, now), List.of(paused),
                dev.keepword.domain.Consequences.of(e, List.of(on), Narration.calendar(e), now)));
        store(paused, e, now, tell);
        int pauseAfter = e.terms().pauseAfterWorkingDays();
        Message.Builder answer = Message.builder().line(Message.bold(item), " now waits on ", Message.bold("#" + on.id()
                + " " + on.title()), ", owed by ", Message.mention(on.owner()), ".");
        if (paused != after) {
            answer.line("#" + on.id() + " is late past the agreement's pause, so work on #" + c.id() + " is paused now: "
                    + "no reminders for it, and the wait doesn't count against the consultancy. It resumes when #" + on.id()
                    + " is done.");
        } else if (on.isOpen()) {
            answer.line((pauseAfter > 0 ? "If #" + on.id() + " runs " + Formats.plural(pauseAfter, "working day")
                    + " late, work on #" + c.id() + " pauses, as the agreement says. " : "")
                    + (e.terms().slipDayForDay() ? "If it arrives late, #" + c.id()
                    + "'s date moves by as many working days." : ""));
        }
        return List.of(new Outgoing(privately(in), answer.build()));
    }

    /**
     * When a due time lands on the owner's weekend, a holiday, their time off or outside their hours, it is kept (people
     * do promise things for a Saturday) but said, with the next working time offered as a move they can type.
     */
    private Optional<Object[]> offTimeNote(String workspaceId, Engagement e, String owner, long id, Instant at,
                                           Instant now) {
        Optional<Party> party = people.find(workspaceId, owner);
        WorkingCalendar cal = party.map(p -> WorkingCalendar.of(p, e.agreement())).orElseGet(() -> Narration.calendar(e));
        Optional<WorkingCalendar.OffTime> off = cal.offTime(at);
        if (off.isEmpty()) {
            return Optional.empty();
        }
        Instant next = cal.fit(at);
        if (!next.isAfter(at)) {
            return Optional.empty(); // no working time at all to offer
        }
        ZoneId zone = cal.zone();
        Object[] why = switch (off.get()) {
            case WEEKEND -> new Object[]{"that's a weekend for ", Message.mention(owner)};
            case NON_WORKING_DAY -> new Object[]{"that's not one of ", Message.mention(owner), "'s working days"};
            case HOLIDAY -> new Object[]{"that's a public holiday in the working agreement"};
            case AWAY -> new Object[]{Message.mention(owner), " is out of office then"};
            case OUTSIDE_HOURS -> new Object[]{"that's outside ", Message.mention(owner), "'s working hours ("
                    + cal.hours().start() + "–" + cal.hours().end() + ")"};
        };
        List<Object> parts = new ArrayList<>();
        parts.add("Noted for " + Formats.local(at, zone, now) + " — ");
        parts.addAll(List.of(why));
        parts.add("; the next working time is " + Formats.local(next, zone, now) + ": /commit move " + id + " "
                + Formats.phrase(next, zone, now));
        return Optional.of(parts.toArray());
    }

    private List<Outgoing> setup(Inbound in, Command.Setup s, Instant now) {
        Optional<Engagement> existing = engagements.byChannel(in.workspaceId(), in.channelId());
        if (existing.isPresent() && !existing.get().isConsultant(in.userId())) {
            return reply(in, "Only a consultant owner of this engagement (" + mentions(existing.get().consultants())
                    + ") can change its setup. /commit setup shows it as it is.");
        }
        if (existing.isEmpty() && !s.owners().contains(in.userId())) {
            return reply(in, "Whoever sets up an engagement is one of its consultant owners. Name yourself after \"owner\", "
                    + "for example: /commit setup client " + String.join(" ", s.clients().stream().map(u -> "@" + u).toList())
                    + " owner " + String.join(" ", java.util.stream.Stream.concat(java.util.stream.Stream.of(in.userId()),
                            s.owners().stream()).map(u -> "@" + u).toList())
                    + " escalate #" + s.escalationChannel()
                    + (s.zone() == null ? "" : " tz " + s.zone()) + (s.tier() == null ? "" : " tier " + s.tier()));
        }
        if (s.escalationChannel().equals(in.channelId())
                || existing.map(Engagement::summaryChannelOrOwn).filter(s.escalationChannel()::equals).isPresent()) {
            return reply(in, "Escalations, standing and the internal summary are for the consultancy, so they can't go to #"
                    + s.escalationChannel() + ", which the client reads. Name a channel only your team is in, for example: "
                    + "/commit setup client " + String.join(" ", s.clients().stream().map(u -> "@" + u).toList()) + " owner "
                    + String.join(" ", s.owners().stream().map(u -> "@" + u).toList()) + " escalate #" + in.channelId() + "-internal");
        }
        List<String> everyone = new ArrayList<>(s.clients());
        everyone.addAll(s.owners());
        if (s.sponsor() != null) {
            everyone.add(s.sponsor());
        }
        for (String who : everyone) {
            if (people.require(in.workspaceId(), who) instanceof Outcome.Rejected<Party> r) {
                return reply(in, r.message());
            }
        }
        ZoneId zone = s.zone() != null ? ZoneId.of(s.zone())
                : existing.map(Engagement::zone).orElseGet(() ->
                people.find(in.workspaceId(), s.owners().get(0)).map(Party::zone).orElse(ZoneId.of("UTC")));
        int tier = s.tier() != null ? s.tier() : existing.map(Engagement::tier).orElse(2);
        String name = s.name() != null ? s.name() : existing.map(Engagement::name).orElse(in.channelId());
        Agreement agreement = existing.map(Engagement::agreement).orElse(defaults);
        String sponsor = s.sponsor() != null ? s.sponsor() : existing.map(Engagement::sponsor).orElse(null);
        if (sponsor != null && (s.owners().contains(sponsor))) {
            return reply(in, "The sponsor is someone on the client's side, not a consultant owner. For example: "
                    + "/commit setup client @sam owner @maya escalate #acme-internal sponsor @lee");
        }
        Engagement e = new Engagement(in.workspaceId(), in.channelId(), name, s.clients(), s.owners(),
                s.escalationChannel(), zone, tier, agreement, sponsor,
                existing.map(Engagement::summaryChannel).orElse(null));
        tx.inTransaction(() -> {
            engagements.save(e);
            return null;
        });
        return List.of(
                new Outgoing(privately(in), Message.text(existing.isPresent() ? "Updated this channel's engagement."
                        : "This channel is now an engagement. Record the first commitment with /commit WHAT by WHEN.")),
                new Outgoing(new Target.Channel(in.channelId()), describe(e, "Keepword is set up here.")));
    }

    private List<Outgoing> showSetup(Inbound in) {
        Optional<Engagement> found = engagements.byChannel(in.workspaceId(), in.channelId());
        if (found.isEmpty()) {
            return reply(in, noEngagementHere());
        }
        return List.of(new Outgoing(privately(in), describe(found.get(), "Engagement " + found.get().name() + ":")));
    }

    private static Message describe(Engagement e, String heading) {
        List<Object> clients = new ArrayList<>(List.of("Client members: "));
        joinMentions(clients, e.clients());
        List<Object> owners = new ArrayList<>(List.of("Consultant owners: "));
        joinMentions(owners, e.consultants());
        return Message.builder()
                .line(Message.bold(heading))
                .line(clients.toArray())
                .line(owners.toArray())
                .line("Escalations go to ", Message.channel(e.escalationChannel()), ".")
                .line(e.sponsor() == null ? new Object[]{"No client sponsor is set up."}
                        : new Object[]{"Client sponsor: ", Message.mention(e.sponsor()), "."})
                .line("Time zone " + e.zone().getId() + " · tier " + e.tier() + " · due time by default "
                        + e.agreement().defaultDueTime() + ".")
                .line(summaryWhen(e) + " in ", Message.channel(e.summaryChannelOrOwn()), "; the internal one in ",
                        Message.channel(e.escalationChannel()), ". Change it with /commit summary DAY TIME [#channel].")
                .build();
    }

    static final String SUMMARY_EXAMPLE = "/commit summary friday 16:00";

    /** "Weekly summary on Mondays at 09:00 (Europe/London)". */
    private static String summaryWhen(Engagement e) {
        String day = e.agreement().summaryDay().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH);
        return "Weekly summary on " + day + "s at " + e.agreement().summaryTime() + " (" + e.zone().getId() + ")";
    }

    /**
     * {@code /commit summary}: when and where the engagement's weekly summary goes out; with a day and a time (and
     * optionally a channel) a consultant changes it, and its cron trigger follows once the change is stored.
     */
    private List<Outgoing> summary(Inbound in, Command.Summary s, Instant now) {
        Optional<Engagement> found = engagements.byChannel(in.workspaceId(), in.channelId());
        if (found.isEmpty()) {
            return reply(in, noEngagementHere());
        }
        Engagement e = found.get();
        if (s.isQuery()) {
            if (!e.isMember(in.userId())) {
                return reply(in, "Only members of this engagement can see its summary schedule. A consultant owner ("
                        + mentions(e.consultants()) + ") can add you with /commit setup.");
            }
            return List.of(new Outgoing(privately(in), Message.builder()
                    .line(summaryWhen(e) + " in ", Message.channel(e.summaryChannelOrOwn()), ". The next one: "
                            + Formats.when(dev.keepword.domain.WeeklySchedule.of(e).next(now), e.zone(), now) + ".")
                    .line("A consultant changes it with /commit summary DAY TIME [#channel], for example: "
                            + SUMMARY_EXAMPLE)
                    .build()));
        }
        if (!e.isConsultant(in.userId())) {
            return reply(in, "Only the engagement's consultants (" + mentions(e.consultants()) + ") can change when its "
                    + "weekly summary goes out. Ask one of them, for example: " + SUMMARY_EXAMPLE);
        }
        String channel = s.channel() != null ? s.channel() : e.summaryChannel();
        if (e.escalationChannel().equals(channel)) {
            return reply(in, "The weekly summary is shared with the client, so it can't go to the escalation channel #"
                    + e.escalationChannel() + " (the internal version already does). Name another channel, for example: "
                    + SUMMARY_EXAMPLE + " #" + e.name());
        }
        Engagement changed = e.withSummary(s.day(), s.time(), channel);
        tx.inTransaction(() -> {
            engagements.save(changed);
            return null;
        });
        Instant next = dev.keepword.domain.WeeklySchedule.of(changed).next(now);
        return List.of(new Outgoing(privately(in), Message.builder()
                .line(summaryWhen(changed).replace("Weekly summary on", "The weekly summary now goes out on") + " in ",
                        Message.channel(changed.summaryChannelOrOwn()), ". The next one: "
                                + Formats.when(next, changed.zone(), now) + ".")
                .build()));
    }

    private static void joinMentions(List<Object> parts, List<String> users) {
        for (int i = 0; i < users.size(); i++) {
            parts.add(i == 0 ? "" : ", ");
            parts.add(Message.mention(users.get(i)));
        }
    }

    private static String mentions(List<String> users) {
        return String.join(", ", users.stream().map(u -> "@" + u).toList());
    }

    private static String noEngagementHere() {
        return "This channel has no engagement yet. A consultant sets one up with: "
                + "/commit setup client @sam @lee owner @maya escalate #acme-internal tz America/New_York";
    }

    private static Target privately(Inbound in) {
        return new Target.Private(in.userId(), in.channelId());
    }

    private static List<Outgoing> reply(Inbound in, String text) {
        return List.of(new Outgoing(privately(in), Message.text(text)));
    }
}
