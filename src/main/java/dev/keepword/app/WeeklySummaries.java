package dev.keepword.app;

import dev.keepword.domain.Command;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Consequences;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Side;
import dev.keepword.domain.Silence;
import dev.keepword.domain.Standing;
import dev.keepword.domain.WeekReport;
import dev.keepword.domain.WeeklySchedule;
import dev.keepword.domain.WorkingCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Weekly summaries, on-demand reports and exports. When an engagement's weekly schedule fires (a Quartz cron trigger,
 * or simulated time) {@link #fire} plans two outbox rows for that week, {@code SUMMARY} to the engagement channel (or
 * the channel chosen with {@code /commit summary}) and
 * {@code SUMMARY_INTERNAL} to the escalation channel, with dedupe keys naming the engagement and the week: exactly one
 * summary per engagement per week however often, and on however many instances, the schedule fires. The dispatcher
 * renders them when they are due ({@link #render}); one sent more than an hour after its planned time says it is late,
 * and a week in which nothing was done, due, moved or coming is not posted at all.
 */
public final class WeeklySummaries {
    private static final Logger LOG = LoggerFactory.getLogger(WeeklySummaries.class);

    public static final String SUMMARY = "SUMMARY";
    public static final String SUMMARY_INTERNAL = "SUMMARY_INTERNAL";
    /** A summary posted this long after its planned time says it is late. */
    static final Duration LATE_AFTER = Duration.ofHours(1);
    static final int TREND_WEEKS = 8;
    private static final DateTimeFormatter FILE_DAY = DateTimeFormatter.ISO_LOCAL_DATE;

    private final Engagements engagements;
    private final Commitments commitments;
    private final Standings standings;
    private final StandingWatch standing;
    private final Sightings sightings;
    private final Outbox outbox;
    private final Wakeup wakeup;
    private final Chat chat;
    private final ChartRenderer charts;
    private final SummaryMessages messages;

    public WeeklySummaries(Engagements engagements, Commitments commitments, Standings standings, StandingWatch standing,
                           Sightings sightings, Outbox outbox, Wakeup wakeup, Chat chat, ChartRenderer charts,
                           Templates templates) {
        this.engagements = engagements;
        this.commitments = commitments;
        this.standings = standings;
        this.standing = standing;
        this.sightings = sightings;
        this.outbox = outbox;
        this.wakeup = wakeup;
        this.chat = chat;
        this.charts = charts;
        this.messages = new SummaryMessages(templates);
    }

    public static boolean isSummary(String step) {
        return SUMMARY.equals(step) || SUMMARY_INTERNAL.equals(step);
    }

    /**
     * The engagement's weekly schedule fired at {@code now} (on time, or once after downtime): plans this week's
     * summary for its posting time (the next working day when the nominal day is a holiday). Planning the same week
     * again changes nothing. Returns false when the engagement no longer exists.
     */
    public boolean fire(String workspaceId, String channelId, Instant now) {
        Optional<Engagement> found = engagements.byChannel(workspaceId, channelId);
        if (found.isEmpty()) {
            return false;
        }
        Engagement e = found.get();
        WeeklySchedule schedule = WeeklySchedule.of(e);
        LocalDate week = schedule.weekAt(now);
        Instant at = schedule.occurrence(week);
        outbox.add(List.of(row(e, SUMMARY, "#" + e.summaryChannelOrOwn(), week, at),
                row(e, SUMMARY_INTERNAL, "#" + e.escalationChannel(), week, at)));
        wakeup.dueAt(at);
        return true;
    }

    /** The dedupe key of an engagement's summary of one week: {@code ws:SUMMARY:<channel>:<ISO week start>}. */
    public static String dedupeKey(String workspaceId, String step, String channelId, LocalDate weekStart) {
        return workspaceId + ":" + step + ":" + channelId + ":" + weekStart;
    }

    private static Outbox.NewRow row(Engagement e, String step, String recipient, LocalDate week, Instant at) {
        // No commitment: id 0 (commitment ids start at 1); the detail names the engagement and the week.
        return new Outbox.NewRow(e.workspaceId(), 0, at, recipient, step, 0, at,
                dedupeKey(e.workspaceId(), step, e.channelId(), week), e.channelId() + "|" + week);
    }

    /** A summary ready to send, and what to do once it is out (share the chart). */
    record Rendered(Message message, Runnable afterSent) {
    }

    /** Renders a claimed summary row at {@code now}; empty when its engagement is gone. */
    Optional<Rendered> render(Outbox.Row row, Instant now) {
        String[] detail = row.detail().split("\\|", 2);
        Optional<Engagement> found = engagements.byChannel(row.workspaceId(), detail[0]);
        if (found.isEmpty() || detail.length < 2) {
            return Optional.empty();
        }
        Engagement e = found.get();
        LocalDate week = LocalDate.parse(detail[1]);
        // The seven days before the summary's day: Monday's covers last week; a Friday's, last Friday to Thursday.
        LocalDate day = week.with(java.time.temporal.TemporalAdjusters.nextOrSame(WeeklySchedule.of(e).day()));
        Instant from = day.minusWeeks(1).atStartOfDay(e.zone()).toInstant();
        Instant to = day.atStartOfDay(e.zone()).toInstant();
        List<Commitment> all = commitments.inChannels(e.workspaceId(), List.of(e.channelId()));
        boolean internal = SUMMARY_INTERNAL.equals(row.step());
        WeekReport report = WeekReport.of(e, internal ? all : shared(e, all), from, to, now, TREND_WEEKS);
        if (isQuiet(report)) {
            return Optional.empty(); // signal, not noise: a week with nothing done, due, moved or coming is not posted
        }
        boolean late = Duration.between(row.plannedFor(), now).compareTo(LATE_AFTER) > 0;
        SummaryMessages.Heading heading = new SummaryMessages.Heading(false, SummaryMessages.period(from, to, e.zone()),
                late ? Optional.of(row.plannedFor()) : Optional.empty());
        Target target = new Target.Channel(row.recipient().substring(1));
        if (internal) {
            return Optional.of(new Rendered(messages.internal(e, report, heading, internal(e, all, from, to, now), now), () -> { }));
        }
        return Optional.of(new Rendered(messages.shared(e, report, heading, now),
                () -> shareChart(e, report, target, e.channelId() + "-on-time-" + FILE_DAY.format(day) + ".png")));
    }

    /**
     * What the client side may read: everything but the client's payments, which are discussed with the client's sponsor and the
     * owner, never in front of their colleagues (the internal summary and DMs carry them).
     */
    static List<Commitment> shared(Engagement e, List<Commitment> all) {
        return all.stream().filter(c -> c.kind() != dev.keepword.domain.Kind.PAYMENT || !e.isClient(c.owner())).toList();
    }

    static boolean isQuiet(WeekReport r) {
        return r.sides().values().stream().allMatch(WeekReport.SideRecord::isEmpty) && r.overdue().isEmpty()
                && r.dueNext().isEmpty();
    }

    /** Uploads the on-time chart; a chart that cannot be drawn or shared is logged, never retried. */
    private void shareChart(Engagement e, WeekReport report, Target target, String filename) {
        try {
            byte[] png = chart(e, report);
            if (png.length == 0) {
                return;
            }
            Delivery d = chat.upload(e.workspaceId(), target, filename, png, "#" + e.name() + ": kept on time, last "
                    + TREND_WEEKS + " weeks");
            if (!(d instanceof Delivery.Sent)) {
                LOG.warn("The summary chart for {} was not shared: {}", e.channelId(), d);
            }
        } catch (RuntimeException ex) {
            LOG.warn("The summary chart for {} could not be drawn or shared: {}", e.channelId(), ex.toString());
        }
    }

    /** The PNG of each side's on-time percentage per week; empty when nothing fell due in the whole span. */
    byte[] chart(Engagement e, WeekReport report) {
        List<WeekReport.WeekPoint> client = report.trend().get(Side.CLIENT);
        if (report.trend().values().stream().flatMap(List::stream).allMatch(p -> p.fellDue() == 0)) {
            return new byte[0];
        }
        DateTimeFormatter label = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
        List<String> weeks = client.stream().map(p -> label.format(p.weekStart())).toList();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("Client", percentages(client));
        series.put("Consultancy", percentages(report.trend().get(Side.CONSULTANT)));
        return charts.onTimeByWeek("#" + e.name() + ": kept on time per week", weeks, series);
    }

    private static List<Double> percentages(List<WeekReport.WeekPoint> points) {
        List<Double> out = new ArrayList<>();
        points.forEach(p -> out.add(p.ratio().map(r -> Math.round(r * 1000) / 10.0).orElse(null)));
        return out;
    }

    /** Standing, silence, consequences and reviews: what only the consultants see. */
    private SummaryMessages.Internal internal(Engagement e, List<Commitment> all, Instant from, Instant to, Instant now) {
        List<SummaryMessages.MemberLine> members = new ArrayList<>();
        List<String> reviews = new ArrayList<>();
        for (String who : e.members()) {
            Standing.Assessment a = standing.assess(e.workspaceId(), who, e, now);
            Optional<Standings.Recorded> recorded = standings.find(e.workspaceId(), who);
            Optional<Instant> changed = recorded.map(Standings.Recorded::since)
                    .filter(t -> !t.isBefore(from) && t.isBefore(to.isAfter(now) ? now.plusNanos(1) : to));
            members.add(new SummaryMessages.MemberLine(who, a.level().words(), a.reliability().words(), changed));
            if (a.level() == Standing.Level.DISENGAGE_REVIEW) {
                reviews.add(who);
            }
        }
        List<SummaryMessages.Silent> silent = new ArrayList<>();
        WorkingCalendar cal = Narration.calendar(e);
        for (String client : e.clients()) {
            List<Commitment> open = all.stream().filter(c -> c.isOpen() && c.owner().equals(client)).toList();
            if (open.isEmpty()) {
                continue;
            }
            Instant since = sightings.lastHeard(e.workspaceId(), client)
                    .orElseGet(() -> open.stream().map(Commitment::createdAt).min(Instant::compareTo).orElse(now));
            Instant deadline = cal.at(cal.plusWorkingDays(cal.localDate(since), e.terms().silenceWorkingDays()),
                    e.agreement().nudgeTime());
            boolean accountable = Silence.accountableFrom(open, since, cal, e.agreement()).map(t -> !now.isBefore(t))
                    .orElse(false);
            if (!now.isBefore(deadline) && accountable) {
                silent.add(new SummaryMessages.Silent(client, Narration.plainSpan(since, now, cal), open.size()));
            }
        }
        String consequences = Consequences.of(e, all, cal, now).words();
        return new SummaryMessages.Internal(members, silent, consequences, reviews);
    }

    // ------------------------------------------------------------------------------------------------------------
    // /commit report and /commit export

    /** Answers {@code /commit report} and {@code /commit export}; other commands are not for this class. */
    List<Outgoing> handle(Inbound in, Command command, Instant now) {
        Optional<Engagement> found = engagements.byChannel(in.workspaceId(), in.channelId());
        String verb = command instanceof Command.Export ? "export" : "report";
        if (found.isEmpty()) {
            return reply(in, "This channel has no engagement, so there is nothing to " + verb + ". Type it in an "
                    + "engagement's channel, for example in #acme: /commit " + verb + (verb.equals("report") ? " last week" : " csv"));
        }
        Engagement e = found.get();
        if (!e.isMember(in.userId())) {
            return reply(in, "Only members of this engagement can see its " + (verb.equals("report") ? "report" : "export")
                    + ". A consultant owner (" + mentions(e.consultants()) + ") can add you with /commit setup.");
        }
        if (command instanceof Command.Export x) {
            return export(in, e, x, now);
        }
        return report(in, e, (Command.Report) command, now);
    }

    private List<Outgoing> report(Inbound in, Engagement e, Command.Report r, Instant now) {
        ZoneId zone = e.zone();
        LocalDate thisWeek = WeeklySchedule.weekStartOf(now.atZone(zone).toLocalDate());
        LocalDate first = switch (r.period()) {
            case THIS_WEEK -> thisWeek;
            case LAST_WEEK -> thisWeek.minusWeeks(1);
            case RANGE -> r.from();
        };
        LocalDate end = switch (r.period()) {
            case THIS_WEEK -> thisWeek.plusWeeks(1);
            case LAST_WEEK -> thisWeek;
            case RANGE -> r.to().plusDays(1);
        };
        Instant from = first.atStartOfDay(zone).toInstant();
        Instant to = end.atStartOfDay(zone).toInstant();
        List<Commitment> all = commitments.inChannels(e.workspaceId(), List.of(e.channelId()));
        boolean consultant = e.isConsultant(in.userId());
        WeekReport report = WeekReport.of(e, consultant ? all : shared(e, all), from, to, now, TREND_WEEKS);
        SummaryMessages.Heading heading = new SummaryMessages.Heading(true, SummaryMessages.period(from, to, zone),
                Optional.empty());
        // Consultants get the internal version; a client member sees exactly what the shared summary shows.
        Message message = consultant
                ? messages.internal(e, report, heading, internal(e, all, from, to, now), now)
                : messages.shared(e, report, heading, now);
        List<Outgoing> out = new ArrayList<>();
        out.add(new Outgoing(new Target.Private(in.userId(), in.channelId()), message));
        shareChart(e, report, new Target.Direct(in.userId()),
                e.channelId() + "-on-time-" + FILE_DAY.format(first) + "-to-" + FILE_DAY.format(end.minusDays(1)) + ".png");
        return out;
    }

    private List<Outgoing> export(Inbound in, Engagement e, Command.Export x, Instant now) {
        if (!e.isConsultant(in.userId())) {
            return reply(in, "Only the engagement's consultants (" + mentions(e.consultants()) + ") can export it. "
                    + "/commit report shows you this week's record, for example: /commit report last week");
        }
        List<Commitment> all = commitments.inChannels(e.workspaceId(), List.of(e.channelId()));
        boolean csv = x.format().equals("csv");
        byte[] file = csv ? CommitmentExport.csv(e, all) : CommitmentExport.json(e, all, now);
        String name = e.channelId() + "-commitments-" + FILE_DAY.format(now.atZone(e.zone())) + "." + x.format();
        Delivery d = chat.upload(e.workspaceId(), new Target.Direct(in.userId()), name, file,
                "#" + e.name() + ": every commitment and its history");
        String what = Formats.plural(all.size(), "commitment") + " (" + Formats.plural(CommitmentExport.events(all), "event")
                + ")";
        if (d instanceof Delivery.Sent || d instanceof Delivery.Rerouted) {
            return reply(in, "Exported " + what + " of #" + e.name() + " as " + x.format().toUpperCase(Locale.ROOT)
                    + ": " + name + " is in your direct messages.");
        }
        String why = d instanceof Delivery.Undeliverable u ? u.reason() : ((Delivery.Retry) d).reason();
        return reply(in, "I couldn't deliver the export (" + why + "). Try again in a minute: /commit export " + x.format());
    }

    private static String mentions(List<String> users) {
        return String.join(", ", users.stream().map(u -> "@" + u).toList());
    }

    private static List<Outgoing> reply(Inbound in, String text) {
        return List.of(new Outgoing(new Target.Private(in.userId(), in.channelId()), Message.text(text)));
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * The weekly schedules as a timer for {@link SimulatedTime}: the next nominal (cron) time of any engagement, and
     * firing every engagement whose schedule is due then, exactly as the Quartz trigger would.
     */
    public SimulatedTime.Timer timer(EngagementRoster roster) {
        return new SimulatedTime.Timer() {
            @Override
            public Optional<Instant> next(Instant after) {
                return roster.everywhere().stream().map(e -> WeeklySchedule.of(e).nextNominal(after)).min(Instant::compareTo);
            }

            @Override
            public void fire(Instant at) {
                for (Engagement e : roster.everywhere()) {
                    WeeklySchedule s = WeeklySchedule.of(e);
                    if (s.nominal(s.weekAt(at)).equals(at)) {
                        WeeklySummaries.this.fire(e.workspaceId(), e.channelId(), at);
                    }
                }
            }
        };
    }
}
