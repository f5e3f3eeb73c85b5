package dev.keepword.app;

import dev.keepword.domain.Cadence;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingCalendar;
import dev.keepword.domain.WorkingHours;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Claims due outbox rows in batches, groups them per recipient into one message, delivers it through the
 * {@link Chat} port and records the outcome: sent (and the next step planned), retried with backoff (honouring
 * Retry-After), or given up as undeliverable and reported to the engagement's consultant. At-least-once: a
 * crash between send and record re-sends only the rows of the batch in flight, once their lease ends.
 */
public final class DispatchDueNudges {
    private static final Logger LOG = LoggerFactory.getLogger(DispatchDueNudges.class);

    /** Tuning: rows per claim, how long a claim is leased, and the window that batches one person's nudges. */
    public record Tuning(int batchSize, Duration lease, Duration batchWindow, int maxAttempts) {
        public static final Tuning DEFAULT = new Tuning(200, Duration.ofMinutes(2), Duration.ofMinutes(30), 12);
    }

    static final String UNDELIVERABLE = "UNDELIVERABLE";
    static final String REROUTED = "REROUTED";
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration LONGEST_RETRY = Duration.ofHours(1);

    private final Outbox outbox;
    private final Commitments commitments;
    private final Engagements engagements;
    private final Parties parties;
    private final Chat chat;
    private final Transactions tx;
    private final String node;
    private final Tuning tuning;

    public DispatchDueNudges(Outbox outbox, Commitments commitments, Engagements engagements, Parties parties, Chat chat,
                             Transactions tx, String node, Tuning tuning) {
        this.outbox = outbox;
        this.commitments = commitments;
        this.engagements = engagements;
        this.parties = parties;
        this.chat = chat;
        this.tx = tx;
        this.node = node;
        this.tuning = tuning;
    }

    /** Sends everything due at {@code now}, batch after batch; returns how many rows were handled. */
    public int runDue(Instant now) {
        int total = 0;
        int handled;
        do {
            handled = runBatch(now);
            total += handled;
        } while (handled > 0);
        return total;
    }

    /** Claims and handles one batch; returns how many rows it claimed. */
    public synchronized int runBatch(Instant now) {
        partyCache.clear();
        engagementCache.clear();
        List<Outbox.Row> rows = outbox.claim(node, now, now.plus(tuning.lease()), tuning.batchSize(), tuning.batchWindow());
        if (rows.isEmpty()) {
            return 0;
        }
        Batch batch = new Batch(now);
        Map<String, List<Outbox.Row>> byWorkspace = rows.stream()
                .collect(Collectors.groupingBy(Outbox.Row::workspaceId, LinkedHashMap::new, Collectors.toList()));
        byWorkspace.forEach((ws, wsRows) -> {
            List<Long> ids = wsRows.stream().map(Outbox.Row::commitmentId).distinct().toList();
            Map<Long, Commitment> found = commitments.findAll(ws, ids)
                    .stream().collect(Collectors.toMap(Commitment::id, Function.identity()));
            List<Outbox.SentSummary> progress = outbox.progress(ws, ids);
            found.values().forEach(c -> batch.progress.put(c.id(), NudgePlanner.progressOf(c, progress)));
            Map<String, List<Outbox.Row>> byRecipient = wsRows.stream()
                    .collect(Collectors.groupingBy(Outbox.Row::recipient, LinkedHashMap::new, Collectors.toList()));
            Map<String, Integer> sentToday = sentToday(ws, byRecipient.keySet(), now);
            byRecipient.forEach((recipient, mine) -> deliver(ws, recipient, mine, found, sentToday, batch));
        });
        batch.record();
        return rows.size();
    }

    /** One recipient's rows: a single message listing every nudge, or the consultant's notice. */
    private void deliver(String ws, String recipient, List<Outbox.Row> rows, Map<Long, Commitment> found,
                         Map<String, Integer> sentToday, Batch batch) {
        Party person = party(ws, recipient);
        List<Outbox.Row> nudges = new ArrayList<>();
        List<NudgeMessages.Item> items = new ArrayList<>();
        List<Planning> planning = new ArrayList<>();
        for (Outbox.Row row : rows) {
            Commitment c = found.get(row.commitmentId());
            Optional<Engagement> e = c == null ? Optional.empty() : engagement(ws, c.channelId());
            if (c == null || e.isEmpty()) {
                batch.dropped.add(row.id());
                continue;
            }
            if (UNDELIVERABLE.equals(row.step()) || REROUTED.equals(row.step())) {
                notice(ws, recipient, person, row, c, e.get(), batch);
                continue;
            }
            if (!c.isOpen() || c.isBlocked()) {
                batch.dropped.add(row.id());
                continue;
            }
            WorkingCalendar cal = WorkingCalendar.of(party(ws, c.owner()), e.get().agreement());
            Cadence.Planned planned = new Cadence.Planned(Cadence.Step.valueOf(row.step()), row.occurrence(), row.plannedFor());
            Cadence.Progress progress = batch.progress.getOrDefault(c.id(), Cadence.Progress.NONE);
            Cadence.Planned send = Cadence.latestDue(c, e.get().agreement(), cal, progress, planned, batch.now);
            nudges.add(row);
            items.add(new NudgeMessages.Item(c, send.step()));
            planning.add(new Planning(row, send, c, e.get(), cal));
        }
        if (nudges.isEmpty()) {
            return;
        }
        Engagement first = planning.get(0).engagement();
        if (sentToday.getOrDefault(recipient, 0) >= first.agreement().dailyNudgeCap()) {
            WorkingCalendar cal = WorkingCalendar.of(person, first.agreement());
            batch.postponed.computeIfAbsent(cal.start(cal.nextWorkingDay(cal.localDate(batch.now))), k -> new ArrayList<>())
                    .addAll(nudges.stream().map(Outbox.Row::id).toList());
            return;
        }
        Delivery delivery = send(ws, new Target.Direct(recipient, first.channelId()),
                NudgeMessages.nudge(items, person.zone(), batch.now));
        if (delivery instanceof Delivery.Rerouted rerouted) {
            Commitment c = planning.get(0).commitment();
            String lead = first.leadConsultant();
            if (!lead.equals(recipient)) {
                // Once per person, ever: the consultant needs to know, not to hear it with every nudge.
                batch.planned.add(new Outbox.NewRow(ws, c.id(), c.due(), lead, REROUTED, 0, batch.now,
                        ws + ":" + REROUTED + ":" + recipient, rerouted.reason()));
            }
            delivery = new Delivery.Sent(rerouted.ref());
        }
        if (delivery instanceof Delivery.Sent sent) {
            sentToday.merge(recipient, 1, Integer::sum);
            for (Planning p : planning) {
                batch.sent.add(new Outbox.SentRow(p.row().id(), p.send().step().name(), p.send().occurrence(), sent.ref(), batch.now));
                Instant after = p.send().at().isAfter(batch.now) ? p.send().at() : batch.now;
                Cadence.Progress progress = batch.progress.getOrDefault(p.commitment().id(), Cadence.Progress.NONE)
                        .after(p.send(), after);
                batch.progress.put(p.commitment().id(), progress);
                Cadence.next(p.commitment(), p.engagement().agreement(), p.calendar(), progress, after)
                        .ifPresent(next -> batch.planned.add(NudgePlanner.row(p.commitment(), next)));
            }
        } else if (delivery instanceof Delivery.Retry retry) {
            retryOrGiveUp(nudges, retry, planning, batch);
        } else {
            String reason = ((Delivery.Undeliverable) delivery).reason();
            for (Planning p : planning) {
                giveUp(p, reason, batch);
            }
        }
    }

    private void retryOrGiveUp(List<Outbox.Row> rows, Delivery.Retry retry, List<Planning> planning, Batch batch) {
        int attempts = rows.stream().mapToInt(Outbox.Row::attempts).max().orElse(0) + 1;
        if (attempts >= tuning.maxAttempts()) {
            for (Planning p : planning) {
                giveUp(p, "still failing after " + attempts + " attempts (" + retry.reason() + ")", batch);
            }
            return;
        }
        Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 16));
        Duration wait = backoff.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : backoff;
        if (retry.after() != null && retry.after().compareTo(wait) > 0) {
            wait = retry.after();
        }
        batch.retried.computeIfAbsent(batch.now.plus(wait), k -> new ArrayList<>())
                .addAll(rows.stream().map(Outbox.Row::id).toList());
        batch.retryReason = retry.reason();
    }

    /** Undeliverable: stop nudging this commitment, note it, and tell the consultant once. */
    private void giveUp(Planning p, String reason, Batch batch) {
        Commitment c = p.commitment();
        batch.failed.add(p.row().id());
        batch.failReason = reason;
        batch.problems.put(c.id(), new Problem(c.workspaceId(), c.id(), reason));
        String lead = p.engagement().leadConsultant();
        if (!lead.equals(p.row().recipient())) {
            batch.planned.add(new Outbox.NewRow(c.workspaceId(), c.id(), c.due(), lead, UNDELIVERABLE, 0, batch.now,
                    c.workspaceId() + ":" + c.id() + ":" + UNDELIVERABLE + "@" + c.due().getEpochSecond(), reason));
        }
    }

    private void notice(String ws, String recipient, Party person, Outbox.Row row, Commitment c, Engagement e, Batch batch) {
        String reason = row.detail() == null || row.detail().isBlank() ? "the chat platform refused it" : row.detail();
        Message message = REROUTED.equals(row.step())
                ? NudgeMessages.rerouted(c.owner(), e.channelId(), reason)
                : NudgeMessages.undeliverable(c, c.owner(), reason, person.zone(), batch.now);
        Delivery d = send(ws, new Target.Direct(recipient), message);
        if (d instanceof Delivery.Sent s) {
            batch.sent.add(new Outbox.SentRow(row.id(), row.step(), 0, s.ref(), batch.now));
        } else if (d instanceof Delivery.Retry r) {
            batch.retried.computeIfAbsent(batch.now.plus(r.after() == null ? FIRST_RETRY : r.after()), k -> new ArrayList<>())
                    .add(row.id());
        } else {
            LOG.warn("Could not tell the consultant that commitment {} is undeliverable either", c.id());
            batch.failed.add(row.id());
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

    private Map<String, Integer> sentToday(String ws, java.util.Set<String> recipients, Instant now) {
        Map<String, Integer> counts = new HashMap<>();
        List<Outbox.Delivered> recent = outbox.deliveredSince(ws, recipients, now.minus(Duration.ofHours(26)));
        Map<String, java.util.Set<String>> refs = new HashMap<>();
        for (Outbox.Delivered d : recent) {
            ZoneId zone = party(ws, d.recipient()).zone();
            if (d.sentAt().atZone(zone).toLocalDate().equals(now.atZone(zone).toLocalDate())) {
                refs.computeIfAbsent(d.recipient(), k -> new java.util.HashSet<>()).add(d.messageRef());
            }
        }
        refs.forEach((who, set) -> counts.put(who, set.size()));
        return counts;
    }

    // Per-batch caches: a batch touches few people and engagements many times; a new batch reads afresh.
    private final Map<String, Party> partyCache = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Optional<Engagement>> engagementCache = new java.util.concurrent.ConcurrentHashMap<>();

    private Party party(String ws, String userId) {
        return partyCache.computeIfAbsent(ws + "\n" + userId, k -> parties.find(ws, userId)
                .orElseGet(() -> new Party(ws, userId, userId, ZoneId.of("UTC"), WorkingHours.OFFICE)));
    }

    private Optional<Engagement> engagement(String ws, String channelId) {
        return engagementCache.computeIfAbsent(ws + "\n" + channelId, k -> engagements.byChannel(ws, channelId));
    }

    private record Planning(Outbox.Row row, Cadence.Planned send, Commitment commitment, Engagement engagement,
                            WorkingCalendar calendar) {
    }

    private record Problem(String workspaceId, long commitmentId, String reason) {
    }

    /** What one batch decided, recorded in one transaction at the end. */
    private final class Batch {
        final Instant now;
        final List<Outbox.SentRow> sent = new ArrayList<>();
        final List<Outbox.NewRow> planned = new ArrayList<>();
        final Map<Instant, List<Long>> retried = new HashMap<>();
        final Map<Instant, List<Long>> postponed = new HashMap<>();
        final List<Long> failed = new ArrayList<>();
        final List<Long> dropped = new ArrayList<>();
        final Map<Long, Problem> problems = new HashMap<>();
        final Map<Long, Cadence.Progress> progress = new HashMap<>();
        String retryReason = "";
        String failReason = "";

        Batch(Instant now) {
            this.now = now;
        }

        void record() {
            tx.inTransaction(() -> {
                outbox.sent(sent);
                retried.forEach((at, ids) -> outbox.retry(ids, at, retryReason));
                postponed.forEach((at, ids) -> outbox.postpone(ids, at));
                outbox.finish(failed, "FAILED", failReason);
                outbox.finish(dropped, "DROPPED", "commitment closed, blocked or gone");
                problems.values().forEach(p -> commitments.recordDeliveryProblem(p.workspaceId(), p.commitmentId(), p.reason()));
                outbox.add(planned);
                return null;
            });
        }
    }
}
