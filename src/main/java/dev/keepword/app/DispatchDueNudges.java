package dev.keepword.app;

import dev.keepword.domain.Action;
import dev.keepword.domain.Cadence;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Escalation;
import dev.keepword.domain.Ladder;
import dev.keepword.domain.Party;
import dev.keepword.domain.Silence;
import dev.keepword.domain.Standing;
import dev.keepword.domain.WorkingCalendar;
import dev.keepword.domain.WorkingHours;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Claims due outbox rows in batches, turns each recipient's rows into one message (owner reminders, ladder
 * rungs, silence and standing notices), delivers it through the {@link Chat} port and records the outcome: sent
 * (and the next step planned), retried with backoff (honouring Retry-After), or given up as undeliverable and
 * reported to the engagement's consultant. At-least-once: a crash between send and record re-sends only the
 * rows of the batch in flight, once their lease ends.
 */
public final class DispatchDueNudges {
    private static final Logger LOG = LoggerFactory.getLogger(DispatchDueNudges.class);

    /** Tuning: rows per claim, how long a claim is leased, and the window that batches one person's nudges. */
    public record Tuning(int batchSize, Duration lease, Duration batchWindow, int maxAttempts) {
        public static final Tuning DEFAULT = new Tuning(200, Duration.ofMinutes(2), Duration.ofMinutes(30), 12);
    }

    static final String UNDELIVERABLE = "UNDELIVERABLE";
    static final String REROUTED = "REROUTED";
    static final String SPONSOR = "SPONSOR";
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final String SUMMARY_APART = "\u0000summary";
    /** How long a heads-up waits when it would share a message with a final notice. */
    static final Duration HEADS_UP_APART = Duration.ofHours(2);
    static final Duration LONGEST_RETRY = Duration.ofHours(1);

    private final Outbox outbox;
    private final Commitments commitments;
    private final Engagements engagements;
    private final Parties parties;
    private final Chat chat;
    private final Transactions tx;
    private final String node;
    private final Tuning tuning;
    private final NudgePlanner planner;
    private final StandingWatch standing;
    private final Sightings sightings;
    private final Templates templates;
    private final NudgeMessages messages;
    private final WeeklySummaries summaries;
    private final Clock clock;
    private final Acknowledgements acks;

    /**
     * {@code summaries} renders weekly summaries (null: summary rows are dropped); {@code clock} is only used to wait for
     * a sender's pacing inside a batch.
     */
    public DispatchDueNudges(Outbox outbox, Commitments commitments, Engagements engagements, Parties parties, Chat chat,
                             Transactions tx, String node, Tuning tuning, NudgePlanner planner, StandingWatch standing,
                             Sightings sightings, Templates templates, WeeklySummaries summaries, Clock clock,
                             Acknowledgements acks) {
        this.acks = acks;
        this.outbox = outbox;
        this.commitments = commitments;
        this.engagements = engagements;
        this.parties = parties;
        this.chat = chat;
        this.tx = tx;
        this.recorder = new Recorder(tx);
        this.node = node;
        this.tuning = tuning;
        this.planner = planner;
        this.standing = standing;
        this.sightings = sightings;
        this.templates = templates;
        this.messages = new NudgeMessages(templates);
        this.summaries = summaries;
        this.clock = clock;
    }

    /**
     * Sends everything due at {@code now}, batch after batch; returns how many rows were handled. Batches overlap: while
     * one batch's outcomes are written (on the recorder's thread), the next is claimed, read, rendered and sent.
     */
    public synchronized int runDue(Instant now) {
        int total = 0;
        int handled;
        Instant at = now;
        try {
            do {
                handled = batch(at);
                total += handled;
                at = at.plus(lastWaited); // a batch that waited for pacing has moved time on
                Duration resume = lastCutShort == null ? null : Duration.between(at, lastCutShort);
                if (handled > 0 && resume != null && resume.compareTo(tuning.lease().dividedBy(2)) <= 0) {
                    // Cut short with messages still waiting for their turn: carry on with them, as the same run would
                    // have, rather than leave them for the next tick: once what it gave back is written, so they can
                    // be claimed again.
                    recorder.awaitAll();
                    try {
                        clock.sleep(resume.isNegative() ? Duration.ZERO : resume);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    at = at.plus(resume.isNegative() ? Duration.ZERO : resume);
                }
            } while (handled > 0);
        } finally {
            recorder.awaitAll();
        }
        return total;
    }

    /** When the last batch, cut short at the end of its send window, gave back its first parcel still waiting for pacing. */
    private Instant lastCutShort;

    /** How long the last batch took by the clock (a simulated clock moves only while it waits for pacing). */
    private Duration lastWaited = Duration.ZERO;

    /** Claims and handles one batch, and returns once its outcomes are written; returns how many rows it claimed. */
    public synchronized int runBatch(Instant now) {
        try {
            return batch(now);
        } finally {
            recorder.awaitAll();
        }
    }

    /** Writes each batch's outcomes in order, on a thread of its own, while the dispatcher goes on. */
    private final Recorder recorder;

    /**
     * What the batch before this one touched (its commitments, and the people it wrote to or about), while its outcomes
     * may still be being written; null once they are.
     */
    private Touched previous;

    /**
     * The commitments and people a batch read and wrote about, and its outcomes' place in the recorder's queue: after
     * {@code before}, up to {@code last}.
     */
    private record Touched(Set<Long> commitments, Set<String> people, long before, long last) {
        boolean shares(Collection<Long> ids, Collection<String> who) {
            return ids.stream().anyMatch(commitments::contains) || who.stream().anyMatch(people::contains);
        }
    }

    /**
     * Claims and handles one batch; its outcomes are handed to the recorder, and this returns without waiting for them.
     * At most two batches are unrecorded at once, this one and the one before (a slow recorder holds back claims, as a
     * slow platform does), and a batch that shares a commitment or a person with the one before reads nothing until that
     * one's outcomes are written: what was sent to whom today, how far each commitment's plan has got and its history
     * are read as they are.
     */
    private int batch(Instant now) {
        Touched before = previous;
        previous = null;
        if (before != null) {
            recorder.awaitUpTo(before.before()); // the batch before the last one is written
        }
        long queued = recorder.submitted();
        List<Outbox.Row> rows = outbox.claim(node, now, now.plus(tuning.lease()), tuning.batchSize(), tuning.batchWindow());
        lastWaited = Duration.ZERO;
        lastCutShort = null;
        if (rows.isEmpty()) {
            return 0;
        }
        Set<Long> ids = rows.stream().map(Outbox.Row::commitmentId).collect(Collectors.toSet());
        Set<String> people = new HashSet<>();
        rows.stream().map(Outbox.Row::recipient).forEach(people::add);
        if (before != null && before.shares(ids, people)) {
            recorder.awaitUpTo(before.last());
            before = null;
        }
        Batch batch = new Batch(now, rows.stream().map(Outbox.Row::id).toList());
        List<Parcel> parcels = new ArrayList<>();
        Map<String, List<Outbox.Row>> byWorkspace = rows.stream()
                .collect(Collectors.groupingBy(Outbox.Row::workspaceId, LinkedHashMap::new, Collectors.toList()));
        Map<String, Map<Long, Commitment>> foundByWorkspace = new LinkedHashMap<>();
        byWorkspace.forEach((ws, wsRows) -> {
            // What the batch needs, a query each whatever its size: the commitments (with their histories), the people
            // they go to and are owned by, and what was sent so far.
            Map<Long, Commitment> found = commitments.findAll(ws, wsRows.stream().map(Outbox.Row::commitmentId).distinct()
                    .toList()).stream().collect(Collectors.toMap(Commitment::id, Function.identity()));
            found.values().forEach(c -> people.add(c.owner()));
            foundByWorkspace.put(ws, found);
        });
        if (before != null && before.shares(List.of(), people)) {
            recorder.awaitUpTo(before.last()); // an owner's standing is read from their other commitments
        }
        byWorkspace.forEach((ws, wsRows) -> {
            List<Long> wsIds = wsRows.stream().map(Outbox.Row::commitmentId).distinct().toList();
            Map<Long, Commitment> found = foundByWorkspace.get(ws);
            Set<String> wsPeople = new HashSet<>();
            wsRows.stream().map(Outbox.Row::recipient).filter(r -> !r.startsWith("#")).forEach(wsPeople::add);
            found.values().forEach(c -> wsPeople.add(c.owner()));
            batch.preload(ws, wsPeople);
            List<Outbox.SentSummary> sent = outbox.progress(ws, wsIds);
            found.values().forEach(c -> batch.sent.put(c.id(), NudgePlanner.summary(c, sent)));
            // One message per recipient, except that a weekly summary goes alone: an escalation posted in the same
            // channel at the same time stands on its own, not appended to the summary.
            Map<String, List<Outbox.Row>> byRecipient = wsRows.stream()
                    .collect(Collectors.groupingBy(r -> r.recipient() + (WeeklySummaries.isSummary(r.step()) ? SUMMARY_APART : ""),
                            LinkedHashMap::new, Collectors.toList()));
            Set<String> recipients = wsRows.stream().map(Outbox.Row::recipient).collect(Collectors.toSet());
            Map<String, Integer> sentToday = sentToday(ws, recipients, now, batch);
            byRecipient.forEach((key, mine) -> prepare(ws, mine.get(0).recipient(), mine, found, sentToday, batch)
                    .ifPresent(parcels::add));
        });
        sendAll(parcels, batch);
        previous = new Touched(ids, people, queued, batch.record());
        lastWaited = batch.elapsed();
        return rows.size();
    }

    /**
     * Sends every parcel of the batch, up to the chat's {@link Chat#parallelSends} at once, each lane taking the next
     * parcel as soon as it is free. A send the sender held back for its own pacing (or a pause the platform asked for)
     * is no failure: the parcel waits its turn again, as does one that drew a 429 (at most twice), for up to the
     * {@linkplain #sendWindow send window}, renewing the lease meanwhile; what is left then goes back to the outbox
     * for its time. The batch records what it has sent every
     * {@value #RECORD_EVERY} messages (but not more than once a second: against a platform that answers at once, a
     * record per batch, as its commits are what the write path costs) and before it waits with nothing in flight, so a
     * crash during a long burst re-sends at most those (or the last second's) and the ones in flight. While it has
     * nothing to do but wait for answers it renews its lease every third of it, so a call the platform holds for longer
     * than the lease (a hung request) does not let another process send the same rows again. A chat with one lane (the
     * console) sends on this thread and answers at once.
     */
    private void sendAll(List<Parcel> parcels, Batch batch) {
        Duration budget = sendWindow();
        java.util.PriorityQueue<Parcel> queue = new java.util.PriorityQueue<>(
                java.util.Comparator.comparing((Parcel p) -> p.readyAt).thenComparingInt(p -> p.order));
        queue.addAll(parcels);
        int lanes = Math.max(1, chat.parallelSends());
        java.util.concurrent.CompletionService<Parcel> done = new java.util.concurrent.ExecutorCompletionService<>(
                lanes == 1 ? Runnable::run : lanes());
        int inFlight = 0;
        int unrecorded = 0;
        while (!queue.isEmpty() || inFlight > 0) {
            Duration elapsed = batch.elapsed();
            boolean open = elapsed.compareTo(budget) <= 0;
            batch.keepLease();
            while (open && inFlight < lanes && !queue.isEmpty() && queue.peek().readyAt.compareTo(elapsed) <= 0) {
                Parcel p = queue.poll();
                done.submit(() -> {
                    p.outcome = send(p.ws, p.target, p.message);
                    return p;
                });
                inFlight++;
            }
            if (inFlight > 0) {
                Parcel p;
                try {
                    java.util.concurrent.Future<Parcel> f;
                    if (!open || queue.isEmpty() || inFlight == lanes) {
                        // Nothing to do but wait for an answer. A platform that takes longer than the lease would let
                        // another process take these rows and send them again: while this one waits, they stay its own.
                        while ((f = done.poll(renewEvery().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) == null) {
                            batch.renewLease(true);
                        }
                    } else {
                        f = done.poll(Math.max(1, queue.peek().readyAt.minus(elapsed).toMillis()),
                                java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                    if (f == null) {
                        continue; // the next parcel's turn has come
                    }
                    p = f.get();
                } catch (InterruptedException e) {
                    // Shutting down: what is queued goes back now; what is in flight stays leased and is retried
                    // after the lease if its answer never got recorded.
                    Thread.currentThread().interrupt();
                    giveBack(queue, batch);
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a send failed outside the chat adapter", e.getCause());
                }
                inFlight--;
                Delivery d = p.outcome;
                if (d instanceof Delivery.Retry retry && retry.after() != null && retry.after().compareTo(Duration.ZERO) > 0
                        && (retry.paced() || p.failures < IN_BATCH_FAILURES)) {
                    p.failures += retry.paced() ? 0 : 1;
                    p.lastRetry = retry;
                    p.answeredAt = batch.elapsed();
                    p.readyAt = p.answeredAt.plus(retry.after());
                    queue.add(p);
                } else {
                    complete(p, d, batch);
                    if (++unrecorded >= RECORD_EVERY && System.nanoTime() - batch.recordedAt >= RECORD_AT_MOST_EVERY) {
                        batch.record();
                        unrecorded = 0;
                    }
                }
                continue;
            }
            Parcel next = queue.peek();
            if (!open || next.readyAt.compareTo(budget) > 0 || !batch.waitUntil(next.readyAt)) {
                giveBack(queue, batch);
                if (!Thread.currentThread().isInterrupted() && next.lastRetry().paced()) {
                    lastCutShort = batch.now.plus(next.readyAt);
                }
                return;
            }
            unrecorded = 0;
        }
    }

    /** Every parcel still waiting goes back to the outbox, for when its sender said (see {@link #retryOrGiveUp}). */
    private void giveBack(java.util.Collection<Parcel> waiting, Batch batch) {
        waiting.forEach(q -> retryOrGiveUp(q.pieces, q.lastRetry(), batch, q.answeredAt));
    }

    /** How often a batch renews its lease: three times a lease. */
    private Duration renewEvery() {
        return tuning.lease().dividedBy(3);
    }

    /**
     * How long a batch goes on sending before it gives what is left back to the outbox: half its lease, and never less
     * than {@link #SEND_WINDOW}, since the batch renews its lease while it sends. A message held back by the send budget
     * holds a slot reserved for it ({@link Delivery.Retry#reserved}); given back, that slot goes unused. With the 15 s
     * lease of a cluster, half a lease (7.5 s) gave back most of any burst longer than that, and the workspace's budget
     * went a third unused (the cluster benchmark: 52–66 %, 2 of 200 posts refused 429, against 98 % with a minute).
     */
    private Duration sendWindow() {
        Duration half = tuning.lease().dividedBy(2);
        return half.compareTo(SEND_WINDOW) > 0 ? half : SEND_WINDOW;
    }

    /** The least a batch sends for before it gives the rest back ({@link #sendWindow}). */
    static final Duration SEND_WINDOW = Duration.ofMinutes(1);

    /** How many messages a batch sends between recording them (the most a crash can make it send twice). */
    static final int RECORD_EVERY = 50;

    /** The shortest time between two records of one batch, in nanoseconds of the machine's own clock. */
    static final long RECORD_AT_MOST_EVERY = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    /** How many times one message may hit a platform's 429 inside a batch before it goes back to the outbox. */
    static final int IN_BATCH_FAILURES = 2;

    private java.util.concurrent.ExecutorService lanes;

    private java.util.concurrent.ExecutorService lanes() {
        if (lanes == null) {
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            lanes = java.util.concurrent.Executors.newFixedThreadPool(chat.parallelSends(), r -> {
                Thread t = new Thread(r, "keepword-send-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return lanes;
    }

    /** One recipient's message, ready to send, and where it stands in this batch. */
    private static final class Parcel {
        final String ws;
        final String recipient;
        final List<Piece> pieces;
        final Engagement first;
        final Map<Long, Commitment> found;
        final Map<String, Integer> sentToday;
        final Target target;
        final Message message;
        final int order;
        /** The rows whose words are in the message (a reminder a final notice stands in for is not). */
        final Set<Long> shown;
        Duration readyAt = Duration.ZERO;
        Duration answeredAt = Duration.ZERO;
        int failures;
        Delivery.Retry lastRetry;
        volatile Delivery outcome;

        /** Why it is still waiting; a parcel the batch never got to is simply due again. */
        Delivery.Retry lastRetry() {
            return lastRetry != null ? lastRetry : Delivery.Retry.paced(Duration.ZERO, "not reached in its batch");
        }

        Parcel(String ws, String recipient, List<Piece> pieces, Engagement first, Map<Long, Commitment> found,
               Map<String, Integer> sentToday, Target target, Message message, int order, Set<Long> shown) {
            this.shown = shown;
            this.ws = ws;
            this.recipient = recipient;
            this.pieces = pieces;
            this.first = first;
            this.found = found;
            this.sentToday = sentToday;
            this.target = target;
            this.message = message;
            this.order = order;
        }
    }

    /** A recording notice in a recipient's message: the row, its commitment and engagement. */
    private record Recorded(Outbox.Row row, Commitment commitment, Engagement engagement) {
    }

    /**
     * What was recorded for (or owed to) {@code recipient} since they were last told, grouped by who recorded it where:
     * one item as a sentence, several as a list ("@maya recorded 4 commitments for you in #acme: …"). A change request
     * asks for the client's decision, with its buttons.
     */
    private static void recordedWords(Message.Builder m, String recipient, List<Recorded> all, ZoneId zone, Instant now) {
        Map<List<String>, List<Recorded>> groups = new LinkedHashMap<>();
        for (Recorded r : all) {
            Commitment c = r.commitment();
            boolean decision = c.owner().equals(recipient) && c.kind() == dev.keepword.domain.Kind.CHANGE_REQUEST;
            groups.computeIfAbsent(List.of(r.row().detail(), c.channelId(), String.valueOf(c.owner().equals(recipient)),
                    decision ? "decision:" + c.id() : ""), k -> new ArrayList<>()).add(r);
        }
        groups.forEach((key, items) -> {
            Commitment one = items.get(0).commitment();
            Object recorder = Message.mention(key.get(0));
            Object channel = Message.channel(one.channelId());
            boolean owner = one.owner().equals(recipient);
            if (owner && one.kind() == dev.keepword.domain.Kind.CHANGE_REQUEST) {
                String id = String.valueOf(one.id());
                m.line(recorder, " asks for your decision on a change request in ", channel, ": ",
                                Message.bold("#" + one.id() + " " + one.title()), ". It is extra work, outside the agreed scope.")
                        .line("Please decide by " + Formats.when(one.due(), zone, now) + ". Approve: /commit approve " + id
                                + " · Decline: /commit decline " + id + " REASON. Declining is fine: nothing is owed until you approve.")
                        .button("Approve", "approve", id).button("Decline", "decline", id);
            } else if (owner && items.size() == 1) {
                m.line(recorder, " recorded a commitment for you in ", channel, ": ", Message.bold("#" + one.id() + " "
                                + one.title()), ", owed to ", Message.mention(one.owedTo()), ".")
                        .line("Due " + Formats.when(one.due(), zone, now) + ". Done already? /commit done " + one.id()
                                + " · Need another date? /commit move " + one.id() + " NEW-DATE because REASON");
            } else if (owner) {
                m.line(recorder, " recorded " + items.size() + " commitments for you in ", channel, ":");
                items.forEach(r -> m.line("• ", Message.bold("#" + r.commitment().id() + " " + r.commitment().title()),
                        ", owed to ", Message.mention(r.commitment().owedTo()), " — due "
                                + Formats.when(r.commitment().due(), zone, now)));
                m.line("Done already? /commit done ID · Need another date? /commit move ID NEW-DATE because REASON");
            } else if (items.size() == 1) {
                m.line(recorder, " recorded in ", channel, " that ", Message.mention(one.owner()), " owes you ",
                        Message.bold("#" + one.id() + " " + one.title()), ", due " + Formats.when(one.due(), zone, now) + ".");
            } else {
                m.line(recorder, " recorded " + items.size() + " commitments owed to you in ", channel, ":");
                items.forEach(r -> m.line("• ", Message.mention(r.commitment().owner()), ": ",
                        Message.bold("#" + r.commitment().id() + " " + r.commitment().title()), " — due "
                                + Formats.when(r.commitment().due(), zone, now)));
            }
        });
    }

    /** One part of a recipient's message, with what to record if it goes out. */
    private record Piece(Outbox.Row row, Consumer<Message.Builder> words, Consumer<Instant> onSent, boolean reminder,
                         Planning planning, Told told) {
        Piece(Outbox.Row row, Consumer<Message.Builder> words, Consumer<Instant> onSent, boolean reminder,
              Planning planning) {
            this(row, words, onSent, reminder, planning, null);
        }
    }

    /** How a piece goes into its commitment's history (none for notices about a person or an engagement). */
    private record Told(Action action, String what) {
    }

    /** An owner reminder being sent: what was planned, what goes out, and the calendar to plan the next one in. */
    private record Planning(Outbox.Row row, Cadence.Planned send, Commitment commitment, Engagement engagement,
                            WorkingCalendar calendar) {
    }

    /** One recipient's rows: a single message listing every reminder and notice (none when nothing is left to say). */
    private Optional<Parcel> prepare(String ws, String recipient, List<Outbox.Row> rows, Map<Long, Commitment> found,
                                     Map<String, Integer> sentToday, Batch batch) {
        boolean channel = recipient.startsWith("#");
        ZoneId zone = channel ? null : batch.party(ws, recipient).zone();
        List<Piece> pieces = new ArrayList<>();
        List<Recorded> recorded = new ArrayList<>();
        Engagement first = null;
        for (Outbox.Row row : rows) {
            if (WeeklySummaries.isSummary(row.step())) { // a summary is about an engagement, not one commitment
                Optional<WeeklySummaries.Rendered> summary = summaries == null ? Optional.empty()
                        : summaries.render(row, batch.now);
                summary.ifPresentOrElse(r -> pieces.add(new Piece(row, m -> r.message().lines()
                        .forEach(l -> m.line(l.spans().toArray())), at -> r.afterSent().run(), false, null)),
                        () -> batch.dropped.add(row.id()));
                continue;
            }
            if (row.step().equals(WorkPauses.PAUSE)) { // no message: the pause is written and told in notes of its own
                Commitment input = found.get(row.commitmentId());
                Optional<Engagement> pe = input == null ? Optional.empty() : batch.engagement(ws, input.channelId());
                pe.ifPresent(en -> planner.pauseDue(ws, input.id(), en, batch.now));
                batch.dropped.add(row.id());
                continue;
            }
            if (row.step().equals(NudgePlanner.NOTE)) { // words written when it happened, about a commitment or not
                NudgePlanner.Note n = NudgePlanner.Note.read(row.detail());
                Optional<Engagement> e = batch.engagement(ws, n.channelId());
                if (e.isEmpty()) {
                    batch.dropped.add(row.id());
                } else {
                    first = first == null ? e.get() : first;
                    pieces.add(note(row, n.message()));
                }
                continue;
            }
            Commitment c = found.get(row.commitmentId());
            Optional<Engagement> e = c == null ? Optional.empty() : batch.engagement(ws, c.channelId());
            if (c == null || e.isEmpty()) {
                batch.dropped.add(row.id());
                if (c != null) {
                    batch.toldDropped(row, c, "its engagement is gone");
                }
                continue;
            }
            first = first == null ? e.get() : first;
            ZoneId readerZone = zone != null ? zone : e.get().zone();
            Optional<Piece> piece = switch (row.step()) {
                case UNDELIVERABLE, REROUTED -> Optional.of(notice(row, c, e.get(), readerZone, batch));
                case NudgePlanner.RUNG -> rung(row, c, e.get(), readerZone, batch);
                case NudgePlanner.SILENCE -> silence(row, c, e.get(), readerZone, batch);
                case NudgePlanner.NOTICE -> approvedNotice(row, c, e.get(), readerZone, batch);
                case StandingWatch.STANDING -> Optional.of(standingNotice(row, c, e.get(), batch));
                case SPONSOR -> Optional.of(sponsor(row, c, e.get(), readerZone, batch));
                case NudgePlanner.BLOCKED -> stillBlocked(row, c, e.get(), readerZone, batch);
                case NudgePlanner.RECORDED -> {
                    // Told only while it is still open and still theirs (given to someone else meanwhile: not).
                    boolean still = c.isOpen() && (c.owner().equals(recipient) || c.owedTo().equals(recipient));
                    if (still) {
                        recorded.add(new Recorded(row, c, e.get()));
                    }
                    yield still ? Optional.of(new Piece(row, m -> { }, at -> { }, false, null)) : Optional.empty();
                }
                default -> reminder(row, c, e.get(), readerZone, batch);
            };
            if (piece.isEmpty()) {
                batch.dropped.add(row.id());
                batch.toldDropped(row, c, !c.isOpen() ? "it was " + c.state().name().toLowerCase(java.util.Locale.ROOT)
                        : c.isBlocked() ? "it is blocked" : "nobody to send it to");
            } else {
                pieces.add(piece.get());
            }
        }
        if (pieces.isEmpty()) {
            return Optional.empty();
        }
        if (!channel && first != null && sentToday.getOrDefault(recipient, 0) >= first.agreement().dailyNudgeCap()) {
            // The day's message has gone: whatever Keepword would start now waits for the next working morning, where
            // it joins that day's one message. A final notice a consultant chose to send is theirs, not Keepword's.
            List<Piece> waiting = pieces.stream().filter(DispatchDueNudges::capped).toList();
            if (!waiting.isEmpty()) {
                WorkingCalendar cal = WorkingCalendar.of(batch.party(ws, recipient), first.agreement());
                Instant next = cal.fit(cal.at(cal.nextWorkingDay(cal.localDate(batch.now)), first.agreement().nudgeTime()));
                batch.postponed.computeIfAbsent(next, k -> new ArrayList<>())
                        .addAll(waiting.stream().map(p -> p.row().id()).toList());
                pieces.removeAll(waiting);
                recorded.removeIf(r -> waiting.stream().anyMatch(p -> p.row().id() == r.row().id()));
            }
            if (pieces.isEmpty()) {
                return Optional.empty();
            }
        }
        if (!recorded.isEmpty()) {
            // The recording notices say it in one go: their words go with the first of them.
            Piece lead = pieces.stream().filter(p -> p.row().id() == recorded.get(0).row().id()).findFirst().orElseThrow();
            pieces.set(pieces.indexOf(lead), new Piece(lead.row(), m -> recordedWords(m, recipient, recorded,
                    zone != null ? zone : recorded.get(0).engagement().zone(), batch.now), lead.onSent(), false, null));
        }
        // A final notice is never in the same message as a friendly heads-up: the heads-up waits two hours.
        boolean notice = pieces.stream().anyMatch(p -> p.told() != null && p.told().action() == Action.NOTICE);
        List<Piece> headsUps = pieces.stream().filter(p -> p.planning() != null
                && p.planning().send().step() == Cadence.Step.HEADS_UP).toList();
        if (notice && !headsUps.isEmpty()) {
            batch.postponed.computeIfAbsent(batch.now.plus(HEADS_UP_APART), k -> new ArrayList<>())
                    .addAll(headsUps.stream().map(p -> p.row().id()).toList());
            pieces.removeAll(headsUps);
        }
        Message.Builder m = Message.builder();
        // A rung addressed to the owner (the final notice) says all a routine reminder would: the reminder is
        // recorded as sent, so the plan moves on, but not repeated in the message.
        Set<Long> ownerRungs = pieces.stream().filter(p -> p.reminder() && p.planning() == null)
                .map(p -> p.row().commitmentId()).collect(Collectors.toSet());
        // Nor is a heads-up repeated for a commitment whose recording notice, with its date, is in the same message.
        Set<Long> justRecorded = recorded.stream().map(r -> r.commitment().id()).collect(Collectors.toSet());
        List<Piece> shown = pieces.stream()
                .filter(p -> p.planning() == null || !ownerRungs.contains(p.row().commitmentId()))
                .filter(p -> p.planning() == null || p.planning().send().step() != Cadence.Step.HEADS_UP
                        || !justRecorded.contains(p.row().commitmentId())).toList();
        long reminders = shown.stream().filter(Piece::reminder).count();
        if (reminders > 1) {
            m.line(Message.bold(reminders + " commitments need a look:"));
        }
        shown.forEach(p -> p.words().accept(m));
        Set<Long> shownIds = shown.stream().map(p -> p.row().id()).collect(Collectors.toSet());
        Target target = channel ? new Target.Channel(recipient.substring(1))
                : new Target.Direct(recipient, reminders > 0 ? first.channelId() : null);
        return Optional.of(new Parcel(ws, recipient, pieces, first, found, sentToday, target, m.build(), batch.parcels++,
                shownIds));
    }

    /** Whether a piece waits for the next working day once its reader had the day's message. */
    private static boolean capped(Piece p) {
        String step = p.row().step();
        return !step.equals(NudgePlanner.NOTICE) && !WeeklySummaries.isSummary(step);
    }

    /** What someone did that concerns the reader ("@sam marked #3 … done."), written when they did it. */
    private static Piece note(Outbox.Row row, Message said) {
        return new Piece(row, m -> said.lines().forEach(l -> {
            m.line(l.spans().toArray());
            l.buttons().forEach(b -> m.button(b.label(), b.action(), b.value()));
        }), at -> { }, false, null);
    }

    /** Records what became of one recipient's message. */
    private void complete(Parcel parcel, Delivery delivery, Batch batch) {
        String ws = parcel.ws;
        String recipient = parcel.recipient;
        List<Piece> pieces = parcel.pieces;
        boolean channel = recipient.startsWith("#");
        if (delivery instanceof Delivery.Rerouted rerouted) {
            Commitment c = parcel.found.get(pieces.get(0).row().commitmentId());
            String lead = parcel.first.leadConsultant();
            if (!lead.equals(recipient)) {
                // Once per person, ever: the consultant needs to know, not to hear it with every reminder.
                batch.planned.add(new Outbox.NewRow(ws, c.id(), c.due(), lead, REROUTED, 0, batch.now,
                        ws + ":" + REROUTED + ":" + recipient, rerouted.reason()));
            }
            delivery = new Delivery.Sent(rerouted.ref());
        }
        if (delivery instanceof Delivery.Sent sent) {
            if (!channel) {
                parcel.sentToday.merge(recipient, 1, Integer::sum);
            }
            Instant at = batch.at();
            for (Piece p : pieces) {
                // Into the commitment's history with the row itself (Outbox.sent), if the message showed it.
                Told told = parcel.shown.contains(p.row().id()) ? p.told() : null;
                batch.delivered.add(new Outbox.SentRow(p.row().id(), sentStep(p), sentOccurrence(p), sent.ref(), at,
                        told == null ? null : told.action().name(), told == null ? null : told.what()));
                p.onSent().accept(at);
            }
        } else if (delivery instanceof Delivery.Retry retry) {
            retryOrGiveUp(pieces, retry, batch, batch.elapsed());
        } else {
            String reason = ((Delivery.Undeliverable) delivery).reason();
            pieces.forEach(p -> giveUp(p, reason, batch));
        }
    }

    /** How a planned row would go into its commitment's history, from the row alone. */
    private static Told toldFor(Outbox.Row r) {
        return switch (r.step()) {
            case NudgePlanner.RUNG -> new Told(r.detail().equals("final-notice") ? Action.NOTICE : Action.ESCALATION,
                    r.detail());
            case SPONSOR -> new Told(Action.ESCALATION, "sponsor");
            case NudgePlanner.NOTICE -> new Told(Action.NOTICE, "final-notice");
            case "HEADS_UP", "DUE_TODAY", "OVERDUE", "SNOOZE_END" -> new Told(Action.REMINDER,
                    NudgeMessages.key(Cadence.Step.valueOf(r.step()), r.occurrence()));
            default -> null;
        };
    }

    private static String sentStep(Piece p) {
        return p.planning() != null ? p.planning().send().step().name() : p.row().step();
    }

    private static int sentOccurrence(Piece p) {
        return p.planning() != null ? p.planning().send().occurrence() : p.row().occurrence();
    }

    /** An owner reminder; after downtime the latest missed step goes out in its place. */
    private Optional<Piece> reminder(Outbox.Row row, Commitment c, Engagement e, ZoneId zone, Batch batch) {
        if (!c.isOpen() || c.isBlocked()) {
            return Optional.empty();
        }
        WorkingCalendar cal = batch.calendar(c.owner(), e);
        Cadence.Planned planned = new Cadence.Planned(Cadence.Step.valueOf(row.step()), row.occurrence(), row.plannedFor());
        Outbox.SentSummary sent = batch.sent.get(c.id());
        Cadence.Planned send = Cadence.latestDue(c, e.agreement(), cal, NudgePlanner.progressOf(sent), planned, batch.now);
        Planning planning = new Planning(row, send, c, e, cal);
        boolean firstLapse = send.step() == Cadence.Step.OVERDUE && e.isClient(c.owner())
                && standing.lapses(c.workspaceId(), c.owner(), e, batch.now) <= 1; // the window only, not all history
        NudgeMessages.Item item = new NudgeMessages.Item(c, e, send.step(), send.occurrence(), firstLapse);
        return Optional.of(new Piece(row, m -> messages.reminder(m, item, zone, batch.now), at -> {
            Instant after = send.at().isAfter(at) ? send.at() : at;
            Cadence.Progress progress = NudgePlanner.progressOf(batch.sent.get(c.id())).after(send, after);
            batch.sent.put(c.id(), new Outbox.SentSummary(c.id(), c.due(), progress.overdueSent(), progress.lastSentAt(),
                    batch.sent.get(c.id()).lastRung()));
            planner.ownerRow(c, e, cal, progress, after).ifPresent(batch.planned::add);
            afterOwnerReminder(c, e, send, progress, batch);
        }, true, planning, new Told(Action.REMINDER, NudgeMessages.key(send.step(), send.occurrence()))));
    }

    /**
     * After an owner reminder: the first miss may change their standing, and enough unanswered reminders pull
     * the next rung (the consultant looped in) forward to now.
     */
    private void afterOwnerReminder(Commitment c, Engagement e, Cadence.Planned send, Cadence.Progress progress, Batch batch) {
        if (send.step() == Cadence.Step.OVERDUE && send.occurrence() == 1) {
            standing.review(c.workspaceId(), c.owner(), e, c, batch.now, false, true)
                    .ifPresent(notice -> batch.planned.add(planner.inReadersHours(notice, e)));
        }
        if (c.due().isAfter(batch.now) || !Escalation.climbs(c)) {
            return; // nothing climbs before the due time: no need to read the owner's ladder (their standing)
        }
        int nextRung = batch.sent.get(c.id()).lastRung() + 1;
        Ladder ladder = planner.ladderFor(e, c.owner());
        if (nextRung >= ladder.rungs().size()) {
            return;
        }
        Ladder.Rung rung = ladder.rungs().get(nextRung);
        int unanswered = progress.overdueSent() + 1; // the due-today reminder and each overdue one since
        Instant heard = sightings.lastHeard(c.workspaceId(), c.owner()).orElse(Instant.EPOCH);
        WorkingCalendar cal = batch.calendar(c.owner(), e);
        Instant dueDayStart = cal.start(cal.localDate(c.due()));
        if (rung.afterUnanswered() > 0 && unanswered >= rung.afterUnanswered() && heard.isBefore(dueDayStart)) {
            // Climb early, but not before the owner had the agreed response time since their first reminder.
            Instant earliest = Escalation.answerBy(c, e.agreement(), cal).filter(t -> t.isAfter(batch.now)).orElse(batch.now);
            Instant at = planner.calendars(c, e).apply(rung.audience()).map(w -> w.fit(earliest)).orElse(earliest);
            NudgePlanner.recipient(ladder, rung, c, e).ifPresent(to -> batch.advanced.add(
                    NudgePlanner.rungRow(c, new Escalation.Planned(nextRung, rung, at), to)));
        }
    }

    /** A rung of the escalation ladder; after downtime only the latest missed rung goes out. */
    private Optional<Piece> rung(Outbox.Row row, Commitment c, Engagement e, ZoneId zone, Batch batch) {
        if (!c.isOpen() || c.isBlocked() || !Escalation.climbs(c)) {
            return Optional.empty();
        }
        Ladder ladder = planner.ladderFor(e, c.owner());
        if (row.occurrence() >= ladder.rungs().size()) {
            return Optional.empty();
        }
        Escalation.Planned planned = new Escalation.Planned(row.occurrence(), ladder.rungs().get(row.occurrence()), row.plannedFor());
        Escalation.Planned latest = Escalation.latestDue(c, ladder, e.agreement(), planner.calendars(c, e), planned, batch.now);
        Optional<String> to = NudgePlanner.recipient(ladder, latest.rung(), c, e);
        Escalation.Planned send = latest;
        if (to.isPresent() && !to.get().equals(row.recipient())) {
            // The row waited (downtime, or its reader had the day's message) until a later rung fell due, but that one
            // is for someone else: this row's own rung goes to its reader, and the later one is planned once it is sent.
            send = planned;
            to = NudgePlanner.recipient(ladder, planned.rung(), c, e);
        }
        Ladder.Rung rung = send.rung();
        Escalation.Planned sent = send;
        if (to.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> values = Narration.of(c, e, zone, batch.now);
        Narration.addConsequences(values, e, commitments.inChannels(c.workspaceId(), List.of(c.channelId())), batch.now);
        Narration.addStanding(values, standing.assess(c.workspaceId(), c.owner(), e, batch.now));
        // A final notice a consultant checks first goes to them as a draft, in the words the owner would read.
        boolean draft = rung.audience() == Ladder.Audience.OWNER && !row.recipient().equals(c.owner());
        boolean owner = rung.audience() == Ladder.Audience.OWNER && !draft;
        values.put("agreement", Narration.agreementLine(c, e, acks.find(c.workspaceId(), c.channelId(), c.owner()), owner,
                zone, batch.now));
        String id = String.valueOf(c.id());
        Templates.Lines agreement = (Templates.Lines) values.get("agreement");
        Consumer<Message.Builder> words = owner
                ? m -> {
                    values.put("agreement", unsaid(m, agreement));
                    messages.ownerMessage(m, rung.name(), c, e, zone, batch.now, values);
                }
                : draft ? m -> draft(m, rung.name(), c, e, zone, batch)
                : rung.audience() == Ladder.Audience.ESCALATION
                ? m -> {
                    // the consultant can close it or agree a new date on the owner's behalf
                    templates.render(rung.name(), values, m);
                    m.button("Mark done", "done", id).button("New date", "move", id);
                }
                : m -> templates.render(rung.name(), values, m);
        Outbox.Row sentAs = new Outbox.Row(row.id(), row.workspaceId(), row.commitmentId(), row.recipient(), row.step(),
                sent.index(), row.plannedFor(), row.attempts(), row.detail());
        return Optional.of(new Piece(sentAs, words, at -> {
            Outbox.SentSummary s = batch.sent.get(c.id());
            batch.sent.put(c.id(), new Outbox.SentSummary(c.id(), c.due(), s.overdueSent(), s.lastSentAt(), sent.index()));
            planner.rungRow(c, e, sent.index(), at).ifPresent(batch.planned::add);
            if (rung.audience() == Ladder.Audience.CHANNEL && e.sponsor() != null && e.isClient(c.owner())) {
                batch.planned.add(new Outbox.NewRow(c.workspaceId(), c.id(), c.due(), e.sponsor(), SPONSOR, sent.index(), at,
                        c.workspaceId() + ":" + c.id() + ":" + SPONSOR + ":" + rung.name() + "@" + c.due().getEpochSecond(),
                        rung.name()));
            }
            boolean silent = sightings.lastHeard(c.workspaceId(), c.owner()).map(h -> h.isBefore(c.due())).orElse(true);
            if (ladder.isLast(sent.index()) && silent) {
                standing.review(c.workspaceId(), c.owner(), e, c, at, true, true)
                        .ifPresent(notice -> batch.planned.add(planner.inReadersHours(notice, e)));
            }
        }, owner, null, new Told(owner || draft ? Action.NOTICE : Action.ESCALATION, draft ? "final-notice-draft"
                : rung.name())));
    }

    /**
     * The final notice drafted to the consultant: the notice as the owner would read it (their zone, the agreement as
     * they acknowledged it), what was asked and when, and Send / Edit / Hold.
     */
    private void draft(Message.Builder m, String rungName, Commitment c, Engagement e, ZoneId readerZone, Batch batch) {
        ZoneId ownerZone = batch.party(c.workspaceId(), c.owner()).zone();
        Map<String, Object> asRead = Narration.of(c, e, ownerZone, batch.now);
        asRead.put("agreement", Narration.agreementLine(c, e, acks.find(c.workspaceId(), c.channelId(), c.owner()), true,
                ownerZone, batch.now));
        List<List<Object>> notice = templates.render(rungName, asRead).lines().stream()
                .map(l -> List.<Object>copyOf(l.spans())).toList();
        Map<String, Object> values = Narration.of(c, e, readerZone, batch.now);
        values.put("notice", unsaid(m, new Templates.Lines(notice), (Templates.Lines) asRead.get("agreement")));
        templates.render("final-notice-draft", values, m);
        String id = String.valueOf(c.id());
        m.button("Send", "notice-send", id).button("Edit", "notice-edit", id).button("Hold", "notice-hold", id);
    }

    /** The lines not already in the message: one message never quotes the same clause twice. */
    static Templates.Lines unsaid(Message.Builder m, Templates.Lines lines) {
        java.util.Set<String> said = new java.util.HashSet<>(m.build().plain().lines().toList());
        return new Templates.Lines(lines.lines().stream()
                .filter(l -> !said.contains(Message.builder().line(l.toArray()).build().plain())).toList());
    }

    /** {@code lines} without those of {@code repeated} already in the message. */
    static Templates.Lines unsaid(Message.Builder m, Templates.Lines lines, Templates.Lines repeated) {
        java.util.Set<String> said = new java.util.HashSet<>(m.build().plain().lines().toList());
        java.util.Set<String> drop = new java.util.HashSet<>();
        for (List<Object> l : repeated.lines()) {
            String text = Message.builder().line(l.toArray()).build().plain();
            if (said.contains(text)) {
                drop.add(text);
            }
        }
        return new Templates.Lines(lines.lines().stream()
                .filter(l -> !drop.contains(Message.builder().line(l.toArray()).build().plain())).toList());
    }

    /** A final notice a consultant sent: as drafted, or in their own words; the owner gets the ways out with it. */
    private Optional<Piece> approvedNotice(Outbox.Row row, Commitment c, Engagement e, ZoneId zone, Batch batch) {
        if (!c.isOpen() || c.isBlocked()) {
            return Optional.empty();
        }
        Consumer<Message.Builder> words;
        if (row.detail() == null || row.detail().isBlank()) {
            Map<String, Object> values = new HashMap<>();
            Templates.Lines agreement = Narration.agreementLine(c, e, acks.find(c.workspaceId(), c.channelId(), c.owner()),
                    true, zone, batch.now);
            words = m -> {
                values.put("agreement", unsaid(m, agreement));
                messages.ownerMessage(m, "final-notice", c, e, zone, batch.now, values);
            };
        } else {
            String from = c.actions().stream().filter(h -> h.action() == Action.NOTICE_APPROVED)
                    .map(dev.keepword.domain.HistoryEntry::actor).reduce((a, b) -> b).orElse(e.leadConsultant());
            String id = String.valueOf(c.id());
            words = m -> m.line("Final notice about ", Message.bold("#" + c.id() + " " + c.title()), ", from ",
                            Message.mention(from), ":")
                    .line(row.detail())
                    .button("Done", "done", id).button("New date", "move", id).button("Blocked", "blocked", id)
                    .button("Not mine", "notmine", id);
        }
        return Optional.of(new Piece(row, words, at -> { }, true, null, new Told(Action.NOTICE, "final-notice")));
    }

    /** A blocked commitment, raised with its consultant again while it stays blocked; the next one is planned when sent. */
    private Optional<Piece> stillBlocked(Outbox.Row row, Commitment c, Engagement e, ZoneId zone, Batch batch) {
        Optional<Instant> since = NudgePlanner.blockedSince(c);
        if (!c.isOpen() || !c.isBlocked() || since.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> values = Narration.of(c, e, zone, batch.now);
        values.put("reason", c.blockedReason());
        values.put("waited", Narration.plainSpan(since.get(), batch.now, planner.calendar(row.recipient(), e)));
        String id = String.valueOf(c.id());
        return Optional.of(new Piece(row, m -> {
            messages.render("still-blocked", values, m);
            m.button("Mark done", "done", id).button("New date", "move", id);
        }, at -> planner.blockedRow(c, e, at.isAfter(row.plannedFor()) ? at : row.plannedFor()).ifPresent(batch.planned::add),
                false, null));
    }

    /** The client's sponsor hears about an escalation, once per rung. */
    private Piece sponsor(Outbox.Row row, Commitment c, Engagement e, ZoneId zone, Batch batch) {
        Map<String, Object> values = Narration.of(c, e, zone, batch.now);
        values.put("agreement", Narration.agreementLine(c, e, acks.find(c.workspaceId(), c.channelId(), c.owner()), false,
                zone, batch.now));
        return new Piece(row, m -> templates.render("sponsor", values, m), at -> { }, false, null,
                new Told(Action.ESCALATION, "sponsor"));
    }

    /**
     * A silence check: a client who owes something and has not been heard from for the agreement's working days
     * has gone quiet; the consultant hears once per silence spell. The check re-plans itself while they owe anything.
     */
    private Optional<Piece> silence(Outbox.Row row, Commitment anchor, Engagement e, ZoneId zone, Batch batch) {
        String[] detail = row.detail().split("\\|", -1);
        String person = detail[0];
        String notified = detail.length > 1 ? detail[1] : "";
        // Blocked items wait on someone else, so they do not make anyone "gone quiet".
        List<Commitment> open = commitments.openOwnedBy(anchor.workspaceId(), person).stream()
                .filter(c -> c.channelId().equals(e.channelId()) && !c.isBlocked()).toList();
        if (open.isEmpty() || !e.isClient(person)) {
            return Optional.empty();
        }
        Commitment next = open.get(0);
        Instant since = planner.silentSince(person, e, batch.now);
        Instant deadline = planner.silenceDeadlineFrom(since, person, e);
        // Not heard from is not yet quiet: only once something they owe is overdue or a reminder went unanswered.
        Instant accountable = Silence.accountableFrom(open, since, planner.calendar(person, e), e.agreement()).orElse(deadline);
        String spell = String.valueOf(since.toEpochMilli());
        if (batch.now.isBefore(deadline) || batch.now.isBefore(accountable) || spell.equals(notified)) {
            Instant daily = planner.silenceDeadlineFrom(batch.now, person, e);
            Instant at = batch.now.isBefore(deadline) ? deadline
                    : batch.now.isBefore(accountable) && accountable.isBefore(daily) ? accountable : daily;
            batch.planned.add(planner.silenceRow(next, e, at, notified));
            return Optional.empty();
        }
        List<List<Object>> items = open.stream().map(c -> List.<Object>of("• ", Message.bold("#" + c.id() + " " + c.title()),
                " — due " + Formats.when(c.due(), zone, batch.now)
                        + (c.isOverdue(batch.now) ? ", " + Narration.late(c, e, batch.now) + " late" : ""))).toList();
        Map<String, Object> values = new HashMap<>();
        values.put("person", Message.mention(person));
        values.put("silent", Narration.plainSpan(since, batch.now, planner.calendar(person, e)));
        values.put("items", new Templates.Lines(items));
        return Optional.of(new Piece(row, m -> templates.render("gone-quiet", values, m),
                at -> batch.planned.add(planner.silenceRow(next, e, planner.silenceDeadlineFrom(at, person, e), spell)),
                false, null));
    }

    private Piece standingNotice(Outbox.Row row, Commitment c, Engagement e, Batch batch) {
        String[] detail = row.detail().split("\\|", 3);
        Standing.Assessment a = standing.assess(c.workspaceId(), detail[0], e, batch.now);
        Map<String, Object> values = new HashMap<>();
        values.put("person", Message.mention(detail[0]));
        values.put("standing", Standing.Level.valueOf(detail[1]).words());
        values.put("reliability", a.reliability().words());
        values.put("reason", detail.length > 2 ? detail[2] : "");
        return new Piece(row, m -> templates.render("standing-changed", values, m), at -> { }, false, null);
    }

    private Piece notice(Outbox.Row row, Commitment c, Engagement e, ZoneId zone, Batch batch) {
        String reason = row.detail() == null || row.detail().isBlank() ? "the chat platform refused it" : row.detail();
        Consumer<Message.Builder> words = REROUTED.equals(row.step())
                ? m -> NudgeMessages.rerouted(m, c.owner(), e.channelId(), reason)
                : m -> NudgeMessages.undeliverable(m, c, reason, zone, batch.now);
        return new Piece(row, words, at -> { }, false, null,
                UNDELIVERABLE.equals(row.step()) ? new Told(Action.ESCALATION, "undeliverable") : null);
    }

    /** Gives rows back to the outbox: {@code from} is how far into the batch the sender answered {@code retry}. */
    private void retryOrGiveUp(List<Piece> pieces, Delivery.Retry retry, Batch batch, Duration from) {
        Instant now = batch.now.plus(from);
        if (retry.paced()) {
            // Never tried: the sender was pacing itself. Not an attempt; back when it says.
            batch.postponed.computeIfAbsent(now.plus(retry.after()), k -> new ArrayList<>())
                    .addAll(pieces.stream().map(p -> p.row().id()).toList());
            return;
        }
        int attempts = pieces.stream().mapToInt(p -> p.row().attempts()).max().orElse(0) + 1;
        if (attempts >= tuning.maxAttempts()) {
            pieces.forEach(p -> giveUp(p, "still failing after " + attempts + " attempts (" + retry.reason() + ")", batch));
            return;
        }
        // A positive Retry-After (the platform's, or the sender's own pacing) says exactly when to come back; an
        // error without one (5xx, a timeout: after is null or zero) backs off exponentially.
        Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 16));
        boolean told = retry.after() != null && retry.after().compareTo(Duration.ZERO) > 0;
        Duration wait = told ? retry.after() : backoff.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : backoff;
        batch.retried.computeIfAbsent(now.plus(wait), k -> new ArrayList<>())
                .addAll(pieces.stream().map(p -> p.row().id()).toList());
        batch.retryReason = retry.reason();
    }

    /** Undeliverable: stop reminding about this commitment, note it, and tell the consultant once. */
    private void giveUp(Piece p, String reason, Batch batch) {
        batch.failed.add(p.row().id());
        batch.failReason = reason;
        batch.told(p, batch.at(), "failed: " + reason);
        if (p.planning() == null) {
            LOG.warn("A notice ({}) could not be delivered: {}", p.row().step(), reason);
            return;
        }
        Commitment c = p.planning().commitment();
        batch.problems.put(c.id(), new Problem(c.workspaceId(), c.id(), reason));
        String lead = p.planning().engagement().leadConsultant();
        if (!lead.equals(p.row().recipient())) {
            batch.planned.add(new Outbox.NewRow(c.workspaceId(), c.id(), c.due(), lead, UNDELIVERABLE, 0, batch.now,
                    c.workspaceId() + ":" + c.id() + ":" + UNDELIVERABLE + "@" + c.due().getEpochSecond(), reason));
        }
    }

    private Delivery send(String ws, Target target, Message message) {
        try {
            return chat.send(ws, target, message);
        } catch (RuntimeException e) {
            // An adapter should classify its failures; anything it did not is treated as passing.
            LOG.warn("Chat adapter failed unexpectedly: {}", e.toString());
            return new Delivery.Retry(FIRST_RETRY, e.getClass().getSimpleName());
        }
    }

    private Map<String, Integer> sentToday(String ws, Set<String> recipients, Instant now, Batch batch) {
        Map<String, Set<String>> refs = new HashMap<>();
        for (Outbox.Delivered d : outbox.deliveredSince(ws, recipients, now.minus(Duration.ofHours(26)))) {
            if (d.recipient().startsWith("#")) {
                continue;
            }
            ZoneId zone = batch.party(ws, d.recipient()).zone();
            if (d.sentAt().atZone(zone).toLocalDate().equals(now.atZone(zone).toLocalDate())) {
                refs.computeIfAbsent(d.recipient(), k -> new HashSet<>()).add(d.messageRef());
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        refs.forEach((who, set) -> counts.put(who, set.size()));
        return counts;
    }


    private record Problem(String workspaceId, long commitmentId, String reason) {
    }

    /** What one batch decided since it last handed its outcomes to the recorder. */
    private final class Batch {
        final Instant now;
        List<Outbox.SentRow> delivered = new ArrayList<>();
        List<Outbox.NewRow> planned = new ArrayList<>();
        List<Outbox.NewRow> advanced = new ArrayList<>();
        Map<Instant, List<Long>> retried = new HashMap<>();
        Map<Instant, List<Long>> postponed = new HashMap<>();
        List<Long> failed = new ArrayList<>();
        List<Long> dropped = new ArrayList<>();
        Map<Long, Problem> problems = new HashMap<>();
        final Map<Long, Outbox.SentSummary> sent = new HashMap<>();
        /** The messages (and their outcomes) that go into their commitments' histories with this record. */
        List<Outbox.HistoryRow> told = new ArrayList<>();
        /** When it last handed its outcomes to the recorder ({@link System#nanoTime}). */
        long recordedAt = System.nanoTime();
        String retryReason = "";
        String failReason = "";
        /** When the batch started, by the clock: sends are recorded at {@code now} plus the time since. */
        final Instant started = clock.now();
        int parcels;
        // A batch touches few people and engagements many times; the next batch reads afresh.
        private final Map<String, Optional<Party>> people = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<String, Optional<Engagement>> engagementsByChannel = new java.util.concurrent.ConcurrentHashMap<>();

        /** The rows it claimed. */
        final List<Long> claimed;

        Batch(Instant now, List<Long> claimed) {
            this.now = now;
            this.claimed = claimed;
        }

        /**
         * Writes the lease on the rows still in this batch anew, a lease from now. {@code hung}: nothing to do but wait
         * for the platform's answers, which is worth a line in the log; a batch that is still sending (or waiting for
         * its turn in the send budget) renews quietly.
         */
        void renewLease(boolean hung) {
            int renewed = outbox.renew(claimed, node, at().plus(tuning.lease()));
            leased = elapsed();
            if (hung) {
                LOG.info("Still waiting for the chat platform's answers {} s into a batch; renewed the lease on {} rows",
                        elapsed().toSeconds(), renewed);
            } else {
                LOG.debug("{} s into a batch; renewed the lease on {} rows", elapsed().toSeconds(), renewed);
            }
        }

        /** Renews the lease when a third of it has passed since it was last written (by the batch's clock). */
        void keepLease() {
            if (elapsed().minus(leased).compareTo(renewEvery()) >= 0) {
                renewLease(false);
            }
        }

        /** How far into the batch its lease was last written (the claim: zero). */
        private Duration leased = Duration.ZERO;

        /** Reads these people at once (one query), so the batch never asks for them one by one. */
        void preload(String ws, Set<String> userIds) {
            Map<String, Party> found = parties.findAll(ws, userIds);
            userIds.forEach(id -> people.put(ws + "\n" + id, Optional.ofNullable(found.get(id))));
        }

        private Optional<Party> known(String ws, String userId) {
            return people.computeIfAbsent(ws + "\n" + userId, k -> parties.find(ws, userId));
        }

        /** The person, or someone unknown in UTC and office hours. */
        Party party(String ws, String userId) {
            return known(ws, userId).orElseGet(() -> new Party(ws, userId, userId, ZoneId.of("UTC"), WorkingHours.OFFICE));
        }

        /** Their working calendar, as {@link NudgePlanner#calendar} has it, from the people the batch read. */
        WorkingCalendar calendar(String userId, Engagement e) {
            return NudgePlanner.calendar(known(e.workspaceId(), userId), userId, e);
        }

        Optional<Engagement> engagement(String ws, String channelId) {
            return engagementsByChannel.computeIfAbsent(ws + "\n" + channelId, k -> engagements.byChannel(ws, channelId));
        }

        Duration elapsed() {
            Duration d = Duration.between(started, clock.now());
            return d.isNegative() ? Duration.ZERO : d;
        }

        Instant at() {
            return now.plus(elapsed());
        }

        /**
         * Records what is done so far and, the record written (the wait is idle time anyway), waits until
         * {@code offset} into the batch; false if interrupted.
         */
        boolean waitUntil(Duration offset) {
            recorder.awaitUpTo(record());
            try {
                // In steps of at most a third of the lease, renewing it between them: the rows stay this batch's.
                for (Duration left = offset.minus(elapsed()); left.compareTo(Duration.ZERO) > 0;
                     left = offset.minus(elapsed())) {
                    clock.sleep(left.compareTo(renewEvery()) < 0 ? left : renewEvery());
                    keepLease();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return true;
        }

        /** A piece's message goes into its commitment's history with this outcome. */
        synchronized void told(Piece p, Instant at, String outcome) {
            if (p.told() != null) {
                Outbox.Row r = p.row();
                told.add(new Outbox.HistoryRow(r.id(), r.workspaceId(), r.commitmentId(), at, p.told().action().name(),
                        p.told().what(), r.recipient(), outcome));
            }
        }

        /** A planned reminder or rung that was not sent goes into the history as dropped, with why. */
        void toldDropped(Outbox.Row r, Commitment c, String why) {
            Told t = toldFor(r);
            if (t != null) {
                told.add(new Outbox.HistoryRow(r.id(), r.workspaceId(), c.id(), now, t.action().name(), t.what(),
                        r.recipient(), "dropped: " + why));
            }
        }

        /**
         * Hands what was decided since the last time to the recorder, which writes it in one transaction, and starts
         * afresh; returns the recorder's number for it (nothing new: the number of the last write handed over).
         */
        synchronized long record() {
            if (delivered.isEmpty() && planned.isEmpty() && advanced.isEmpty() && retried.isEmpty() && postponed.isEmpty()
                    && failed.isEmpty() && dropped.isEmpty() && problems.isEmpty() && told.isEmpty()) {
                return recorder.submitted();
            }
            List<Outbox.SentRow> delivered = this.delivered;
            List<Outbox.NewRow> planned = this.planned;
            List<Outbox.NewRow> advanced = this.advanced;
            Map<Instant, List<Long>> retried = this.retried;
            Map<Instant, List<Long>> postponed = this.postponed;
            List<Long> failed = this.failed;
            List<Long> dropped = this.dropped;
            java.util.Collection<Problem> problems = this.problems.values();
            List<Outbox.HistoryRow> told = this.told;
            String retryReason = this.retryReason;
            String failReason = this.failReason;
            recordedAt = System.nanoTime();
            this.delivered = new ArrayList<>();
            this.planned = new ArrayList<>();
            this.advanced = new ArrayList<>();
            this.retried = new HashMap<>();
            this.postponed = new HashMap<>();
            this.failed = new ArrayList<>();
            this.dropped = new ArrayList<>();
            this.problems = new HashMap<>();
            this.told = new ArrayList<>();
            return recorder.submit(() -> tx.inTransaction(() -> {
                outbox.sent(delivered);
                retried.forEach((at, ids) -> outbox.retry(ids, at, retryReason));
                postponed.forEach((at, ids) -> outbox.postpone(ids, at));
                outbox.finish(failed, "FAILED", failReason);
                outbox.finish(dropped, "DROPPED", "commitment closed, blocked or gone");
                outbox.history(told);
                problems.forEach(p -> commitments.recordDeliveryProblem(p.workspaceId(), p.commitmentId(), p.reason()));
                outbox.add(planned);
                advanced.forEach(outbox::advance);
                return null;
            }));
        }
    }
}
