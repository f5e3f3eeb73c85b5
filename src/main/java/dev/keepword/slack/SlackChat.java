package dev.keepword.slack;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostEphemeralResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.model.User;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import dev.keepword.app.Chat;
import dev.keepword.app.Clock;
import dev.keepword.app.Delivery;
import dev.keepword.app.Installations;
import dev.keepword.app.LocalSendBudget;
import dev.keepword.app.Message;
import dev.keepword.app.SendBudget;
import dev.keepword.app.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one gate every outbound Slack Web API call goes through. It paces posts (about one a second per channel and a
 * workspace-wide budget) on a {@link SendBudget}: in memory for one process, in the database for a cluster, so the
 * rates hold for all processes together. It honours {@code Retry-After} after a 429 for that workspace and method
 * (and pauses the shared budget, so the other processes wait too), and classifies every failure for the dispatcher.
 * It never waits: when the next slot is later it reserves it for this message and answers a
 * {@linkplain Delivery.Retry#reserved reserved} retry at once (the dispatcher or outbound queue comes back then, and
 * the same message goes out on its slot; no ack is ever held up). A DM Slack refuses goes to the fallback channel as a threaded mention ({@link Delivery.Rerouted}).
 */
public final class SlackChat implements Chat {
    private static final Logger LOG = LoggerFactory.getLogger(SlackChat.class);

    /** A DM to this person cannot work (they are a bot, gone, or the token may not DM them); a channel post might. */
    static final Set<String> DM_REFUSED = Set.of("cannot_dm_bot", "not_allowed_token_type", "user_not_found",
            "channel_not_found", "user_disabled", "messages_tab_disabled", "restricted_action",
            "team_access_not_granted", "ekm_access_denied", "not_in_channel", "is_archived");
    /** Slack's own transient trouble, reported with HTTP 200 and ok:false: worth another try. */
    static final Set<String> TRANSIENT = Set.of("internal_error", "fatal_error", "service_unavailable",
            "request_timeout", "ratelimited", "rate_limited");
    /** How long to pause after a 429 that names no Retry-After. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

    /** How fast Keepword may post: per channel, and per workspace. */
    public record Limits(int perChannelBurst, Duration perChannelEvery, int perWorkspacePerMinute, int perWorkspaceBurst) {
        /** About one message a second per channel; 240 a minute per workspace, bursts of 20. */
        public static final Limits DEFAULT = new Limits(1, Duration.ofSeconds(1), 240, 20);
    }

    /** Counters, for logs, metrics and the rate benchmark; {@code pacedSeconds}: the waits the pacing asked for, in all. */
    public record Stats(long sent, long rerouted, long paced, long rateLimited, long transientFailures, long refused,
                        double pacedSeconds) {
    }

    /** The budget's name for Slack. */
    public static final String PLATFORM = "slack";
    /**
     * How far ahead a post may reserve its slot on a shared budget; a later one is told when to ask again. On a budget
     * of its own (one process) nothing is reserved ahead: the post goes now or is told when there is room, as the
     * dispatcher's lanes, waiting exactly that long, already use the whole rate (see README, Benchmarks), and a batch
     * that gives messages back at the end of its send window (a minute) would leave their reserved slots unused.
     */
    static final Duration HORIZON = Duration.ofSeconds(30);
    /** A reserved slot used later than this is given up and a new one reserved: a late post must not add to a burst. */
    static final Duration LATE = Duration.ofSeconds(1);

    private final Slack slack;
    private final Installations installations;
    private final Clock clock;
    private final Limits limits;
    private final SendBudget budget;
    private final SendBudget.Rate workspaceRate;
    /** Slots reserved for messages told to come back: workspace, channel and message -> the slot. */
    private final Map<String, Instant> reservations = new ConcurrentHashMap<>();
    private final AtomicLong pacedMicros = new AtomicLong();
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();
    /** The parent message, per workspace, channel and person, under which rerouted reminders are threaded. */
    private final Map<String, String> rerouteThreads = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong rerouted = new AtomicLong();
    private final AtomicLong paced = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong transientFailures = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** A sender with a budget of its own (one process). */
    public SlackChat(Slack slack, Installations installations, Clock clock, Limits limits) {
        this(slack, installations, clock, limits, new LocalSendBudget());
    }

    /** A sender whose rates are kept in {@code budget}: a shared one makes them hold for the cluster. */
    public SlackChat(Slack slack, Installations installations, Clock clock, Limits limits, SendBudget budget) {
        this.slack = slack;
        this.installations = installations;
        this.clock = clock;
        this.limits = limits;
        this.budget = budget;
        this.workspaceRate = SendBudget.Rate.perMinute("workspace", limits.perWorkspacePerMinute(), limits.perWorkspaceBurst());
    }

    // ----------------------------------------------------------------------------------------------------------
    // the Chat port

    /** Safe from several threads (the buckets take one lock); a burst is then bound by Slack's rates, not round trips. */
    @Override
    public int parallelSends() {
        return PARALLEL_SENDS;
    }

    /** Sends the dispatcher may have in flight at once. */
    static final int PARALLEL_SENDS = 8;

    @Override
    public Delivery send(String workspaceId, Target target, Message message) {
        // Rendered only once a token is taken: a message held back by the pacing costs next to nothing.
        if (target instanceof Target.Private p) {
            return post(workspaceId, p.channelId(), true, message, () -> {
                SlackMessages.Rendered r = SlackMessages.render(message);
                return Call.of(workspaceId, "chat.postEphemeral", m -> m.chatPostEphemeral(b -> b.channel(p.channelId())
                        .user(p.userId()).text(r.text()).blocks(r.blocks())), ChatPostEphemeralResponse::getMessageTs);
            });
        }
        if (target instanceof Target.Channel c) {
            return post(workspaceId, c.channelId(), true, message, () -> postMessage(workspaceId, c.channelId(), SlackMessages.render(message), null));
        }
        Target.Direct d = (Target.Direct) target;
        Delivery direct = post(workspaceId, d.userId(), true, message, () -> postMessage(workspaceId, d.userId(), SlackMessages.render(message), null));
        if (direct instanceof Delivery.Undeliverable u && d.fallbackChannel() != null && DM_REFUSED.contains(u.reason())) {
            return reroute(workspaceId, d, message, u.reason());
        }
        return direct;
    }

    /** A reply in the thread of the message {@code threadTs} in {@code channel} ("Tracked as #12 …"). */
    public Delivery thread(String workspaceId, String channel, String threadTs, Message message) {
        return post(workspaceId, channel, true, List.of(threadTs, message), () -> postMessage(workspaceId, channel, SlackMessages.render(message), threadTs));
    }

    /** Shares a file (a summary chart, an export) with Slack's external-upload flow, see {@link SlackFiles}. */
    @Override
    public Delivery upload(String workspaceId, Target target, String filename, byte[] content, String title) {
        return new SlackFiles(slack, installations).upload(workspaceId, target, filename, content, title);
    }

    /** Posts in the fallback channel, threaded under one parent per person, mentioning them so they are notified. */
    private Delivery reroute(String workspaceId, Target.Direct d, Message message, String reason) {
        String channel = d.fallbackChannel();
        String key = workspaceId + " " + channel + " " + d.userId();
        String parent = rerouteThreads.get(key);
        boolean fresh = parent == null;
        if (fresh) {
            Message intro = Message.builder().line(Message.mention(d.userId()),
                    " I couldn't reach you by direct message, so your Keepword reminders will be in this thread.").build();
            Delivery started = post(workspaceId, channel, true, intro, () -> postMessage(workspaceId, channel, SlackMessages.render(intro), null));
            if (!(started instanceof Delivery.Sent s)) {
                return started;
            }
            sent.decrementAndGet();
            parent = s.ref();
            rerouteThreads.put(key, parent);
        }
        List<Message.Line> lines = new ArrayList<>(message.lines());
        Message.Line first = lines.isEmpty() ? new Message.Line(List.of(), List.of()) : lines.remove(0);
        List<Message.Span> spans = new ArrayList<>(List.of(Message.mention(d.userId()), new Message.Span.Plain(" ")));
        spans.addAll(first.spans());
        lines.add(0, new Message.Line(spans, first.buttons()));
        SlackMessages.Rendered r = SlackMessages.render(new Message(lines));
        String thread = parent;
        // A reply right after the parent it started counts as one post against the channel's pace, not two.
        Delivery reply = post(workspaceId, channel, !fresh, List.of(d.userId(), message), () -> postMessage(workspaceId, channel, r, thread));
        if (reply instanceof Delivery.Sent s) {
            sent.decrementAndGet();
            rerouted.incrementAndGet();
            return new Delivery.Rerouted(s.ref(), reason);
        }
        if (reply instanceof Delivery.Undeliverable) {
            rerouteThreads.remove(key); // the parent may be gone; start a new thread next time
        }
        return reply;
    }

    private Call<String> postMessage(String workspaceId, String channel, SlackMessages.Rendered r, String threadTs) {
        return Call.of(workspaceId, "chat.postMessage",
                m -> m.chatPostMessage(b -> b.channel(channel).text(r.text()).blocks(r.blocks()).threadTs(threadTs)
                        .unfurlLinks(false).unfurlMedia(false)),
                ChatPostMessageResponse::getTs);
    }

    /**
     * A paced post: waits for nobody. With no room in the channel's or the workspace's rate now, it reserves the next
     * slot for this message ({@code message} tells one message from another) and says when to come back.
     */
    private Delivery post(String workspaceId, String channel, boolean pace, Object message,
                          java.util.function.Supplier<Call<String>> call) {
        Instant now = clock.now();
        Instant paused = pausedUntil.get(workspaceId + " chat.postMessage");
        if (paused != null && paused.isAfter(now)) {
            return paced(Delivery.Retry.paced(Duration.between(now, paused), "rate limited by Slack"));
        }
        if (pace) {
            Delivery.Retry wait = admit(workspaceId, channel, message, now);
            if (wait != null) {
                return paced(wait);
            }
        }
        Result<String> result = execute(call.get());
        if (result instanceof Result.Ok<String> ok) {
            sent.incrementAndGet();
            return new Delivery.Sent(ok.value());
        }
        if (result instanceof Result.Later<String> later) {
            return new Delivery.Retry(later.after(), later.reason());
        }
        refused.incrementAndGet();
        return new Delivery.Undeliverable(((Result.Failed<String>) result).error());
    }

    private Delivery.Retry paced(Delivery.Retry r) {
        paced.incrementAndGet();
        pacedMicros.addAndGet(r.after().toNanos() / 1000);
        return r;
    }

    private static final String PACING = "pacing: within Slack's per-channel and workspace message rates";

    /**
     * Null when the post may go now (its slot has come, or one was free); otherwise the retry to answer. A post whose
     * reserved slot has not come yet waits for it; one that comes back more than {@link #LATE} after it reserves anew.
     */
    Delivery.Retry admit(String workspaceId, String channel, Object message, Instant now) {
        String ticket = workspaceId + " " + channel + " " + java.util.Objects.hashCode(message);
        Instant slot = reservations.get(ticket);
        if (slot != null) {
            if (slot.isAfter(now)) {
                return Delivery.Retry.reserved(Duration.between(now, slot), PACING);
            }
            if (reservations.remove(ticket, slot) && !now.isAfter(slot.plus(LATE))) {
                return null;
            }
        }
        SendBudget.Slot s;
        try {
            s = budget.reserve(PLATFORM, workspaceId, now, budget.shared() ? HORIZON : Duration.ZERO, List.of(workspaceRate,
                    new SendBudget.Rate("channel:" + channel, limits.perChannelBurst(), limits.perChannelEvery())));
        } catch (RuntimeException e) {
            LOG.info("The send budget could not be read; trying again in 5 s: {}", e.toString());
            return Delivery.Retry.paced(Duration.ofSeconds(5), "the send budget is not reachable");
        }
        if (!s.reserved()) {
            return Delivery.Retry.paced(s.waitFrom(now), PACING);
        }
        if (!s.at().isAfter(now)) {
            return null;
        }
        reservations.put(ticket, s.at());
        if (reservations.size() > 10_000) {
            Instant stale = now.minus(Duration.ofMinutes(1));
            reservations.values().removeIf(at -> at.isBefore(stale)); // messages that never came back
        }
        return Delivery.Retry.reserved(s.waitFrom(now), PACING);
    }

    // ----------------------------------------------------------------------------------------------------------
    // the other Web API calls Keepword makes, through the same gate (no pacing: each answers a person's click)

    /** Replaces a message in place ({@code chat.update}): a clicked nudge shows its new state, buttons gone. */
    public Result<String> update(String workspaceId, String channel, String ts, String text, List<LayoutBlock> blocks) {
        return execute(Call.of(workspaceId, "chat.update",
                m -> m.chatUpdate(b -> b.channel(channel).ts(ts).text(text).blocks(blocks)), ChatUpdateResponse::getTs));
    }

    /** Opens a modal; the trigger id expires 3 s after the click, so this runs before the ack. */
    public Result<String> openView(String workspaceId, String triggerId, View view) {
        return execute(Call.of(workspaceId, "views.open",
                m -> m.viewsOpen(b -> b.triggerId(triggerId).view(view)), res -> res.getView().getId()));
    }

    /** Publishes a person's App Home tab. */
    public Result<String> publishHome(String workspaceId, String userId, View view) {
        return execute(Call.of(workspaceId, "views.publish",
                m -> m.viewsPublish(b -> b.userId(userId).view(view)), res -> res.getView().getId()));
    }

    /**
     * Answers a slash command through its {@code response_url}, privately to the person who typed it. Slack accepts up
     * to five answers there within 30 minutes and needs no token; a URL it refuses (expired, used up) is
     * {@link Result.Failed}, so the caller can post the answer another way.
     */
    public Result<String> respond(String responseUrl, Message message) {
        String json = RESPONSE_JSON.toJson(SlackMessages.ephemeral(message));
        try {
            com.slack.api.webhook.WebhookResponse res = slack.send(responseUrl, json);
            int code = res.getCode() == null ? 0 : res.getCode();
            if (code >= 200 && code < 300) {
                return new Result.Ok<>("response_url");
            }
            if (code == 429 || code >= 500) {
                transientFailures.incrementAndGet();
                return new Result.Later<>(code == 429 ? Duration.ofSeconds(1) : Duration.ZERO,
                        "Slack answered HTTP " + code + " to a response_url");
            }
            String error = res.getBody() == null || res.getBody().isBlank() ? "http_" + code : res.getBody().strip();
            LOG.info("Slack refused a response_url answer: HTTP {} {}", code, error.length() > 40 ? error.substring(0, 40) : error);
            return new Result.Failed<>(error);
        } catch (IOException | RuntimeException e) {
            transientFailures.incrementAndGet();
            LOG.info("A response_url answer failed: {}", e.toString());
            return new Result.Later<>(Duration.ZERO, "network: " + e.getClass().getSimpleName());
        }
    }

    private static final com.google.gson.Gson RESPONSE_JSON = com.slack.api.util.json.GsonFactory.createSnakeCase();

    /** {@code users.info}: name and IANA zone of a person. */
    public Result<User> userInfo(String workspaceId, String userId) {
        return execute(Call.of(workspaceId, "users.info", m -> m.usersInfo(b -> b.user(userId)), UsersInfoResponse::getUser));
    }

    /**
     * {@code conversations.members}: the channel's members, up to {@code max}, following Slack's cursor a page at a time.
     * A failure on a later page ends the list there; on the first page it is the result.
     */
    public Result<List<String>> channelMembers(String workspaceId, String channel, int max) {
        List<String> members = new ArrayList<>();
        String cursor = null;
        do {
            String page = cursor;
            Result<com.slack.api.methods.response.conversations.ConversationsMembersResponse> r = execute(Call.of(workspaceId,
                    "conversations.members", m -> m.conversationsMembers(b -> b.channel(channel).limit(200).cursor(page)),
                    res -> res));
            if (!(r instanceof Result.Ok<com.slack.api.methods.response.conversations.ConversationsMembersResponse> ok)) {
                if (members.isEmpty()) {
                    return r instanceof Result.Later<?> later ? new Result.Later<>(later.after(), later.reason())
                            : new Result.Failed<>(((Result.Failed<?>) r).error());
                }
                break;
            }
            if (ok.value().getMembers() != null) {
                members.addAll(ok.value().getMembers());
            }
            cursor = ok.value().getResponseMetadata() == null ? null : ok.value().getResponseMetadata().getNextCursor();
        } while (cursor != null && !cursor.isEmpty() && members.size() < max);
        return new Result.Ok<>(members.size() > max ? List.copyOf(members.subList(0, max)) : List.copyOf(members));
    }

    public Stats stats() {
        return new Stats(sent.get(), rerouted.get(), paced.get(), rateLimited.get(), transientFailures.get(), refused.get(),
                pacedMicros.get() / 1e6);
    }

    // ----------------------------------------------------------------------------------------------------------

    /** What one Web API call came to. */
    public sealed interface Result<T> {
        record Ok<T>(T value) implements Result<T> {
        }

        /** Transient: a 429 (after = Retry-After), a 5xx, a timeout, or Slack's own ok:false trouble. */
        record Later<T>(Duration after, String reason) implements Result<T> {
        }

        /** Permanent: Slack's error code, such as {@code cannot_dm_bot} or {@code not_installed}. */
        record Failed<T>(String error) implements Result<T> {
        }

        default boolean ok() {
            return this instanceof Ok;
        }
    }

    @FunctionalInterface
    interface ApiCall<R> {
        R run(MethodsClient methods) throws IOException, SlackApiException;
    }

    record Call<T>(String workspaceId, String method, ApiCall<? extends SlackApiTextResponse> api,
                   java.util.function.Function<SlackApiTextResponse, T> value) {
        @SuppressWarnings("unchecked")
        static <R extends SlackApiTextResponse, T> Call<T> of(String workspaceId, String method, ApiCall<R> api,
                                                              java.util.function.Function<R, T> value) {
            return new Call<>(workspaceId, method, api, r -> value.apply((R) r));
        }
    }

    private <T> Result<T> execute(Call<T> call) {
        Optional<String> token = installations.botToken(call.workspaceId());
        if (token.isEmpty()) {
            return new Result.Failed<>("not_installed");
        }
        String pauseKey = call.workspaceId() + " " + call.method();
        Instant now = clock.now();
        Instant paused = pausedUntil.get(pauseKey);
        if (paused != null && paused.isAfter(now)) {
            return new Result.Later<>(Duration.between(now, paused), "rate limited by Slack");
        }
        try {
            SlackApiTextResponse response = call.api().run(slack.methods(token.get(), call.workspaceId()));
            if (response.isOk()) {
                return new Result.Ok<>(call.value().apply(response));
            }
            String error = response.getError() == null ? "unknown_error" : response.getError();
            if (TRANSIENT.contains(error)) {
                transientFailures.incrementAndGet();
                return new Result.Later<>(Duration.ZERO, error);
            }
            LOG.info("Slack {} refused: {}", call.method(), error);
            return new Result.Failed<>(error);
        } catch (SlackApiException e) {
            int status = e.getResponse().code();
            if (status == 429) {
                Duration after = retryAfter(e.getResponse().header("Retry-After"));
                // Retry-After counts from Slack's answer, not from when the call was made (a round trip earlier).
                Instant until = clock.now().plus(after);
                pausedUntil.merge(pauseKey, until, (a, b) -> a.isAfter(b) ? a : b);
                rateLimited.incrementAndGet();
                if (call.method().startsWith("chat.post")) {
                    pauseBudget(call.workspaceId(), until);
                }
                LOG.info("Slack {} rate limited; pausing it for {} s", call.method(), after.toSeconds());
                return new Result.Later<>(after, "rate limited by Slack");
            }
            if (status >= 500) {
                transientFailures.incrementAndGet();
                return new Result.Later<>(Duration.ZERO, "Slack answered HTTP " + status);
            }
            LOG.warn("Slack {} answered HTTP {}", call.method(), status);
            return new Result.Failed<>("http_" + status);
        } catch (IOException e) {
            transientFailures.incrementAndGet();
            LOG.info("Slack {} failed: {}", call.method(), e.toString());
            return new Result.Later<>(Duration.ZERO, "network: " + e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            // The SDK wraps some transport trouble (an unparseable body from a proxy) in unchecked exceptions.
            transientFailures.incrementAndGet();
            LOG.warn("Slack {} failed: {}", call.method(), e.toString());
            return new Result.Later<>(Duration.ZERO, "unexpected answer from Slack");
        }
    }

    /** Slack paused this workspace's posts: the budget stays closed until then for every process that shares it. */
    private void pauseBudget(String workspaceId, Instant until) {
        try {
            budget.pause(PLATFORM, workspaceId, workspaceRate, until);
        } catch (RuntimeException e) {
            LOG.info("Could not pause the shared send budget: {}", e.toString());
        }
    }

    static Duration retryAfter(String header) {
        if (header == null) {
            return DEFAULT_RETRY_AFTER;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds <= 0 ? Duration.ofSeconds(1) : Duration.ofSeconds(Math.min(seconds, 3600));
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER;
        }
    }
}
