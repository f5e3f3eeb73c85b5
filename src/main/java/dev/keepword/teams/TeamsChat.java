package dev.keepword.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keepword.app.Chat;
import dev.keepword.app.Clock;
import dev.keepword.app.Delivery;
import dev.keepword.app.LocalSendBudget;
import dev.keepword.app.Message;
import dev.keepword.app.SendBudget;
import dev.keepword.app.SlidingWindow;
import dev.keepword.app.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every message Keepword sends to Teams goes through here. Direct and private messages go to the person's personal
 * chat with the bot (created once with {@code POST /v3/conversations} and stored; Teams has no ephemeral messages),
 * channel posts to the channel. It never waits: the conversation's rates ({@link #conversationRates}, Teams' documented
 * per bot per thread windows) and the bot's decide, and when one is used up, or Teams answers 429/412/502/504, the answer
 * is {@link Delivery.Retry} (after {@code Retry-After} when given) and the dispatcher plans the retry. The conversation's
 * rates and Teams' pauses live in the {@link SendBudget}: with the database's budget they hold for the whole cluster, and
 * a send with no room reserves its conversation's next slot and is told to come back then ({@link #budgetTake}). A 403 (the bot was
 * blocked or removed) marks the conversation unreachable and is {@link Delivery.Undeliverable}. A direct message whose
 * personal chat is gone ({@value #NOT_IN_ROSTER}, {@value #CONVERSATION_NOT_FOUND}) forgets that chat and, like a DM
 * Slack refuses, goes to the target's fallback channel as a threaded mention ({@link Delivery.Rerouted}).
 */
public final class TeamsChat implements Chat {
    private static final Logger LOG = LoggerFactory.getLogger(TeamsChat.class);

    /** Send rates: per conversation and for the whole bot, each as a burst refilled over one second. */
    public record Limits(int perConversationPerSecond, int botPerSecond) {
        public static final Limits DEFAULT = new Limits(7, 50);
    }

    private final TeamsConnector connector;
    private final TeamsReferences refs;
    private final Clock clock;
    private final Limits limits;
    private final SlidingWindow bot;
    private final SendBudget budget;
    /** The rates in this process's memory, for replies that must not wait for the database ({@link #replyCardWithoutDatabase}). */
    private final SendBudget here;
    private final SendBudget.Rate botRate;
    private final java.util.concurrent.atomic.AtomicLong rateLimited = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong paced = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong pacedMicros = new java.util.concurrent.atomic.AtomicLong();

    /** The budget's name for Teams; the bot's rates span every tenant, so they are kept under one "workspace". */
    public static final String PLATFORM = "teams";
    static final String BOT = "bot";

    /** Counters for metrics: 429s Teams answered, and the sends the pacing held back with the waits it asked for. */
    public record Stats(long rateLimited, long paced, double pacedSeconds) {
    }
    /** The thread, per workspace, channel and person, under which rerouted direct messages go. */
    private final Map<String, String> rerouteThreads = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Teams' error codes for a personal chat that no longer works as stored (MicrosoftDocs/msteams-docs
     * {@code msteams-platform/bots/build-conversational-capability.md}, "Status codes from bot conversational APIs"):
     * 403 {@value} "The bot isn't part of the conversation roster" (the app was removed; it must be added again) ...
     */
    static final String NOT_IN_ROSTER = "BotNotInConversationRoster";
    /** ... and 404 {@value} "Conversation not found" ("Remove the ID if it was cached"). */
    static final String CONVERSATION_NOT_FOUND = "ConversationNotFound";

    /** A direct message's outcome, and whether it failed because the person's personal chat is gone. */
    private record Direct(Delivery delivery, boolean chatGone) {
        static Direct of(Delivery d) {
            return new Direct(d, false);
        }
    }

    private static boolean chatGone(TeamsConnector.Result.Failed f) {
        return f.is(403, NOT_IN_ROSTER) || f.is(404, CONVERSATION_NOT_FOUND);
    }

    public TeamsChat(TeamsConnector connector, TeamsReferences refs, Clock clock, Limits limits) {
        this(connector, refs, clock, limits, new LocalSendBudget());
    }

    /**
     * A sender that, when {@code budget} is {@linkplain SendBudget#shared shared}, also takes every send from the
     * cluster's budget: the conversation's rate and the bot's, paced evenly across the cluster (one send every
     * 1/{@code botPerSecond} s, so no second of the cluster's sends ever holds more than the limit).
     */
    public TeamsChat(TeamsConnector connector, TeamsReferences refs, Clock clock, Limits limits, SendBudget budget) {
        this.budget = budget;
        this.here = budget.shared() ? new LocalSendBudget() : budget;
        this.botRate = new SendBudget.Rate(BOT, 1, Duration.ofNanos(1_000_000_000L / limits.botPerSecond()));
        this.connector = connector;
        this.refs = refs;
        this.clock = clock;
        this.limits = limits;
        // Teams counts the bot's requests per second: a sliding window, so a burst never draws a 429 at its start.
        // Each request counts from its answer (settle), so one that arrived late cannot open the next window early.
        this.bot = new SlidingWindow(limits.botPerSecond(), Duration.ofSeconds(1));
    }

    /** Safe from several threads (the buckets take one lock); a burst is then bound by Teams's rates, not round trips. */
    @Override
    public int parallelSends() {
        return PARALLEL_SENDS;
    }

    /** Sends the dispatcher may have in flight at once. */
    static final int PARALLEL_SENDS = 8;

    @Override
    public Delivery send(String workspaceId, Target target, Message message) {
        if (target instanceof Target.Channel c) {
            return toConversation(workspaceId, c.channelId(), message);
        }
        if (target instanceof Target.Private p) {
            return toPerson(workspaceId, p.userId(), message).delivery();
        }
        Target.Direct d = (Target.Direct) target;
        Direct direct = toPerson(workspaceId, d.userId(), message);
        if (direct.chatGone() && d.fallbackChannel() != null) {
            return reroute(workspaceId, d, message, ((Delivery.Undeliverable) direct.delivery()).reason());
        }
        return direct.delivery();
    }

    /**
     * The person's personal chat is gone: posts in the fallback channel instead, threaded under one message per person
     * that mentions them (so they are notified), each reminder mentioning them again. As {@code SlackChat} does.
     */
    private Delivery reroute(String workspaceId, Target.Direct d, Message message, String reason) {
        String key = workspaceId + " " + d.fallbackChannel() + " " + d.userId();
        String root = rerouteThreads.get(key);
        if (root == null) {
            Message intro = Message.builder().line(Message.mention(d.userId()),
                    " I couldn't reach you in your personal chat with Keepword, so your reminders will be in this thread.")
                    .build();
            Delivery started = toConversation(workspaceId, d.fallbackChannel(), intro);
            if (!(started instanceof Delivery.Sent s) || s.ref().isEmpty()) {
                return started instanceof Delivery.Sent ? new Delivery.Undeliverable(reason) : started;
            }
            root = s.ref();
            rerouteThreads.put(key, root);
        }
        TeamsReferences.Conversation c = refs.conversation(workspaceId, d.fallbackChannel()).orElse(null);
        if (c == null) {
            return new Delivery.Undeliverable(reason);
        }
        java.util.List<Message.Line> lines = new java.util.ArrayList<>(message.lines());
        Message.Line first = lines.isEmpty() ? new Message.Line(java.util.List.of(), java.util.List.of()) : lines.remove(0);
        java.util.List<Message.Span> spans = new java.util.ArrayList<>(java.util.List.of(Message.mention(d.userId()),
                new Message.Span.Plain(" ")));
        spans.addAll(first.spans());
        lines.add(0, new Message.Line(spans, first.buttons()));
        // A reply in a channel thread: the root's id, on the conversation id that names the thread.
        Delivery reply = post(c.serviceUrl(), c.conversationId() + ";messageid=" + root, activity(workspaceId,
                new Message(lines)), root);
        if (reply instanceof Delivery.Sent s) {
            return new Delivery.Rerouted(s.ref(), reason);
        }
        if (reply instanceof Delivery.Undeliverable) {
            rerouteThreads.remove(key); // the root may be gone; start a new thread next time
        }
        return reply;
    }

    /**
     * Shares a file: a PNG (a summary's chart) goes inline as an image attachment under 1 MB; anything else is refused,
     * since a bot can only send files in a personal chat, after the person accepts a consent card.
     */
    @Override
    public Delivery upload(String workspaceId, Target target, String filename, byte[] content, String title) {
        if (!filename.toLowerCase(java.util.Locale.ROOT).endsWith(".png") || content.length >= 1_000_000) {
            return new Delivery.Undeliverable("Teams takes only inline PNG images under 1 MB from a bot");
        }
        ObjectNode activity = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        activity.put("type", "message");
        activity.put("text", title == null ? "" : TeamsCards.escape(title));
        ObjectNode image = activity.putArray("attachments").addObject();
        image.put("contentType", "image/png");
        image.put("contentUrl", "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(content));
        image.put("name", filename);
        if (target instanceof Target.Channel c) {
            Optional<TeamsReferences.Conversation> found = refs.conversation(workspaceId, c.channelId());
            if (found.isEmpty() || !found.get().active() || found.get().unreachable()) {
                return new Delivery.Undeliverable("Keepword is not in Teams conversation " + c.channelId());
            }
            return post(found.get().serviceUrl(), found.get().conversationId(), activity, null);
        }
        String userId = target instanceof Target.Direct d ? d.userId() : ((Target.Private) target).userId();
        Optional<TeamsReferences.User> user = refs.user(workspaceId, userId);
        if (user.isEmpty() || user.get().chatId() == null || user.get().unreachable()) {
            return new Delivery.Undeliverable("no Teams chat with " + userId + " yet");
        }
        return post(user.get().serviceUrl(), user.get().chatId(), activity, null);
    }

    /** True when Keepword has met this workspace (a Teams tenant) in a verified activity. */
    public boolean knows(String workspaceId) {
        return refs.knowsWorkspace(workspaceId);
    }

    /** Names for cards: live mentions for people Keepword has a Teams id for, channel names it knows. */
    public TeamsCards.Names names(String workspaceId) {
        return new TeamsCards.Names() {
            @Override
            public Optional<TeamsCards.Person> person(String userId) {
                return refs.user(workspaceId, userId).map(u -> new TeamsCards.Person(u.teamsId(), u.name()));
            }

            @Override
            public Optional<String> channelName(String channelId) {
                return refs.conversation(workspaceId, channelId).map(TeamsReferences.Conversation::name);
            }
        };
    }

    /** The activity for a message: an Adaptive Card, with a plain-text summary for notifications. */
    public ObjectNode activity(String workspaceId, Message message) {
        ObjectNode activity = TeamsCards.activity(TeamsCards.render(message, names(workspaceId)));
        String summary = message.plain();
        activity.put("summary", summary.length() > 200 ? summary.substring(0, 200) + "…" : summary);
        return activity;
    }

    private Direct toPerson(String workspaceId, String userId, Message message) {
        Optional<TeamsReferences.User> found = refs.user(workspaceId, userId);
        if (found.isEmpty()) {
            return Direct.of(new Delivery.Undeliverable("Keepword has no Teams conversation reference for " + userId));
        }
        TeamsReferences.User user = found.get();
        if (user.unreachable()) {
            return Direct.of(new Delivery.Undeliverable("the bot was blocked or removed by " + userId));
        }
        String chatId = user.chatId();
        if (chatId == null) {
            Instant at = clock.now();
            Delivery.Retry held = take(null, null, at, budget);
            if (held != null) {
                return Direct.of(held);
            }
            TeamsConnector.Result created = connector.createPersonal(user.serviceUrl(), workspaceId, user.teamsId());
            settle(at);
            if (created instanceof TeamsConnector.Result.Later later) {
                return Direct.of(new Delivery.Retry(later.after(), later.reason()));
            }
            if (created instanceof TeamsConnector.Result.Failed failed) {
                if (chatGone(failed)) {
                    return new Direct(new Delivery.Undeliverable(failed.reason()), true);
                }
                if (failed.status() == 403) {
                    refs.userUnreachable(workspaceId, userId, clock.now());
                }
                return Direct.of(new Delivery.Undeliverable("could not open a chat with " + userId + ": " + failed.reason()));
            }
            chatId = ((TeamsConnector.Result.Ok) created).body().path("id").asText("");
            if (chatId.isEmpty()) {
                return Direct.of(new Delivery.Retry(Duration.ofSeconds(30), "Teams created no conversation"));
            }
            refs.chatOpened(workspaceId, userId, chatId, clock.now());
        }
        String key = TeamsReferences.baseConversation(chatId);
        Instant at = clock.now();
        Delivery.Retry held = take(key, message, at, budget);
        if (held != null) {
            return Direct.of(held);
        }
        TeamsConnector.Result r = connector.send(user.serviceUrl(), chatId, activity(workspaceId, message));
        settle(at);
        if (r instanceof TeamsConnector.Result.Failed failed && chatGone(failed)) {
            // The stored chat is dead: forget it (not the person), so the next message opens the chat afresh; this one
            // is undeliverable as a DM, and the caller may reroute it. Never retried: Teams says so ("No" retry).
            LOG.info("A Teams personal chat is gone ({}); forgotten", failed.code());
            refs.chatForgotten(workspaceId, userId, clock.now());
            return new Direct(new Delivery.Undeliverable(failed.reason()), true);
        }
        Delivery d = classify(key, r, null);
        if (d instanceof Delivery.Undeliverable && isForbidden(d)) {
            refs.userUnreachable(workspaceId, userId, clock.now());
        }
        return Direct.of(d);
    }

    private Delivery toConversation(String workspaceId, String channelId, Message message) {
        Optional<TeamsReferences.Conversation> found = refs.conversation(workspaceId, channelId);
        if (found.isEmpty() || !found.get().active()) {
            return new Delivery.Undeliverable("Keepword is not in Teams conversation " + channelId);
        }
        TeamsReferences.Conversation c = found.get();
        if (c.unreachable()) {
            return new Delivery.Undeliverable("the bot was removed from " + channelId);
        }
        Delivery d = post(c.serviceUrl(), c.conversationId(), activity(workspaceId, message), null);
        if (isForbidden(d)) {
            refs.conversationUnreachable(workspaceId, channelId, clock.now());
        }
        return d;
    }

    /** Replies to an activity in its conversation (a channel message's thread). */
    public Delivery reply(String workspaceId, String serviceUrl, String conversationId, String activityId, Message message) {
        return post(serviceUrl, conversationId, activity(workspaceId, message), activityId);
    }

    /** Replies to an activity with a ready card. */
    public Delivery replyCard(String serviceUrl, String conversationId, String activityId, ObjectNode card) {
        return post(serviceUrl, conversationId, TeamsCards.activity(card), activityId);
    }

    /**
     * Replies with a ready card, paced by this process alone: the answer to a message that came while the database
     * does not answer ("Keepword is catching up"), which must not wait for the database that a shared budget lives in.
     * The same rates, in memory; such replies are few, since nothing else is sent while the database is away.
     */
    public Delivery replyCardWithoutDatabase(String serviceUrl, String conversationId, String activityId, ObjectNode card) {
        return post(serviceUrl, conversationId, TeamsCards.activity(card), activityId, here);
    }

    /** Replaces a card the bot sent (after an {@code Action.Submit} click). */
    public Delivery update(String serviceUrl, String conversationId, String activityId, ObjectNode card) {
        String key = TeamsReferences.baseConversation(conversationId);
        Instant at = clock.now();
        Delivery.Retry held = take(key, java.util.Arrays.asList(activityId, card), at, budget);
        if (held != null) {
            return held;
        }
        ObjectNode activity = TeamsCards.activity(card);
        activity.put("id", activityId);
        TeamsConnector.Result r = connector.update(serviceUrl, conversationId, activityId, activity);
        settle(at);
        return classify(key, r, activityId);
    }

    private Delivery post(String serviceUrl, String conversationId, JsonNode activity, String replyTo) {
        return post(serviceUrl, conversationId, activity, replyTo, budget);
    }

    private Delivery post(String serviceUrl, String conversationId, JsonNode activity, String replyTo, SendBudget b) {
        String key = TeamsReferences.baseConversation(conversationId);
        Instant at = clock.now();
        Delivery.Retry held = take(key, java.util.Arrays.asList(replyTo, activity), at, b);
        if (held != null) {
            return held;
        }
        TeamsConnector.Result r = replyTo == null ? connector.send(serviceUrl, conversationId, activity)
                : connector.reply(serviceUrl, conversationId, replyTo, activity);
        settle(at);
        return classify(key, r, null, b);
    }

    private Delivery classify(String key, TeamsConnector.Result r, String fallbackId) {
        return classify(key, r, fallbackId, budget);
    }

    private Delivery classify(String key, TeamsConnector.Result r, String fallbackId, SendBudget b) {
        if (r instanceof TeamsConnector.Result.Ok ok) {
            return new Delivery.Sent(ok.body().path("id").asText(fallbackId == null ? "" : fallbackId));
        }
        if (r instanceof TeamsConnector.Result.Later later) {
            if (later.reason() != null && later.reason().contains("429")) {
                rateLimited.incrementAndGet();
            }
            pause(key, clock.now().plus(later.after()), b);
            return new Delivery.Retry(later.after(), later.reason());
        }
        TeamsConnector.Result.Failed failed = (TeamsConnector.Result.Failed) r;
        if (failed.status() == 403) {
            LOG.info("Teams refused a message to a conversation: the bot was blocked or removed");
            return new Delivery.Undeliverable(FORBIDDEN);
        }
        return new Delivery.Undeliverable(failed.reason());
    }

    private static final String FORBIDDEN = "the bot was blocked or removed (HTTP 403)";

    private static boolean isForbidden(Delivery d) {
        return d instanceof Delivery.Undeliverable u && FORBIDDEN.equals(u.reason());
    }

    /**
     * Teams' per bot per thread limits (MicrosoftDocs/msteams-docs {@code msteams-platform/bots/how-to/rate-limit.md},
     * "Per bot per thread limit", Send to conversation): 7 operations in 1 s, 8 in 2 s, 60 in 30 s, 1,800 in 3,600 s. As
     * two token buckets: a burst of one less than {@code perConversationPerSecond} (6) and then one a second, which keeps
     * the 1 s, 2 s and 30 s windows (at most 6, 7 and 35 by the moments the sends were taken); and the hour's, a burst of
     * 60 and one every 3,600/1,741 s (60 + 1,740 = 1,800). The one below Teams' 7 is for the request that arrives later
     * than the next: Teams counts a send when it arrives, the budget when it was taken, and a send taken a second after
     * a full burst that arrives sooner than the burst's first (a warm connection against a cold one, or one that first
     * had to fetch a token) would otherwise be the 8th in Teams' 1-s window and draw a 429. With the margin, requests
     * may arrive up to a second late and no window is exceeded.
     */
    List<SendBudget.Rate> conversationRates(String key) {
        int burst = Math.max(1, limits.perConversationPerSecond() - 1);
        return List.of(new SendBudget.Rate("conversation:" + key, burst, Duration.ofSeconds(1)),
                new SendBudget.Rate("conversation-hour:" + key, HOUR_BURST,
                        Duration.ofNanos(Duration.ofHours(1).toNanos() / (HOUR_LIMIT - HOUR_BURST + 1))));
    }

    static final int HOUR_LIMIT = 1800;
    static final int HOUR_BURST = 60;

    /**
     * How far ahead a send may reserve its conversation's slot on a shared budget (as {@code SlackChat} does); a later
     * one is told when to ask again.
     */
    static final Duration HORIZON = Duration.ofSeconds(30);
    /** A reserved slot used later than this is given up and a new one reserved: a late send must not add to a burst. */
    static final Duration LATE = Duration.ofSeconds(1);
    private static final String PACING = "Teams send budget used up";
    /** Conversation slots reserved for sends told to come back: conversation and send -> the slot. */
    private final Map<String, Instant> reservations = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Takes the send from the budget now (null), or answers the retry: the conversation's rates always (in memory for
     * one process, in the database for a cluster); the bot's too when the budget is shared. On a shared budget a send
     * with no room now reserves its conversation's next slot ({@code what} tells one send from another) and is told to
     * come back then ({@link Delivery.Retry#reserved}): a backlog in one conversation, spread over several processes,
     * then goes out on the conversation's every slot instead of backing off in a herd and leaving slots unused. The
     * bot's rate is paced evenly (no burst), so its slot is taken only at the moment of sending: reserved ahead with
     * the conversation's, it would hold the bot's next slot back until then and stop every other conversation.
     */
    private Delivery.Retry budgetTake(String key, Object what, Instant now, SendBudget budget) {
        List<SendBudget.Rate> rates = new ArrayList<>();
        if (budget.shared()) {
            rates.add(botRate);
        }
        if (key != null) {
            rates.addAll(conversationRates(key));
        }
        if (rates.isEmpty()) {
            return null;
        }
        String ticket = budget.shared() && key != null ? key + " " + java.util.Objects.hashCode(what) : null;
        try {
            if (ticket != null) {
                Instant held = reservations.get(ticket);
                if (held != null) {
                    if (held.isAfter(now)) {
                        return Delivery.Retry.reserved(Duration.between(now, held), PACING);
                    }
                    if (reservations.remove(ticket, held) && !now.isAfter(held.plus(LATE))) {
                        return botSlot(ticket, held, now, budget); // the conversation's slot has come
                    }
                }
            }
            SendBudget.Slot slot = budget.reserve(PLATFORM, BOT, now, Duration.ZERO, rates);
            if (slot.reserved()) {
                return null;
            }
            if (ticket == null) {
                return Delivery.Retry.paced(slot.waitFrom(now).plusNanos(1000), PACING);
            }
            SendBudget.Slot mine = budget.reserve(PLATFORM, BOT, now, HORIZON, conversationRates(key));
            if (!mine.reserved()) {
                return Delivery.Retry.paced(mine.waitFrom(now).plusNanos(1000), PACING);
            }
            if (!mine.at().isAfter(now)) {
                return botSlot(ticket, mine.at(), now, budget); // the conversation has room; the bot had none
            }
            hold(ticket, mine.at(), now);
            return Delivery.Retry.reserved(mine.waitFrom(now), PACING);
        } catch (RuntimeException e) {
            LOG.info("The send budget could not be read; trying again in 5 s: {}", e.toString());
            return Delivery.Retry.paced(Duration.ofSeconds(5), "the send budget is not reachable");
        }
    }

    /**
     * The conversation's slot {@code held} has come: takes the bot's now, or keeps the conversation's slot for this send
     * and says when the bot's next one comes (a send that comes back more than {@link #LATE} after its slot loses it).
     */
    private Delivery.Retry botSlot(String ticket, Instant held, Instant now, SendBudget budget) {
        SendBudget.Slot bot = budget.reserve(PLATFORM, BOT, now, Duration.ZERO, List.of(botRate));
        if (bot.reserved()) {
            return null;
        }
        hold(ticket, held, now);
        return Delivery.Retry.reserved(bot.waitFrom(now).plusNanos(1000), PACING);
    }

    private void hold(String ticket, Instant slot, Instant now) {
        reservations.put(ticket, slot);
        if (reservations.size() > 10_000) {
            Instant stale = now.minus(Duration.ofMinutes(1));
            reservations.values().removeIf(at -> at.isBefore(stale)); // sends that never came back
        }
    }

    /** Teams asked for a pause in this conversation: nobody sends to it before {@code until}, in any process. */
    private void pause(String key, Instant until, SendBudget budget) {
        try {
            for (SendBudget.Rate rate : conversationRates(key)) {
                budget.pause(PLATFORM, BOT, rate, until);
            }
        } catch (RuntimeException e) {
            LOG.info("Could not pause the send budget: {}", e.toString());
        }
    }

    private Delivery.Retry paced(Delivery.Retry r) {
        paced.incrementAndGet();
        pacedMicros.addAndGet(r.after().toNanos() / 1000);
        return r;
    }

    public Stats stats() {
        return new Stats(rateLimited.get(), paced.get(), pacedMicros.get() / 1e6);
    }

    /** The request taken at {@code at} has been answered: the bot's window counts it from now on (see SlidingWindow). */
    private synchronized void settle(Instant at) {
        bot.settle(at, clock.now());
    }

    /**
     * Takes a send from the bot's window and the budget ({@code key}: the conversation; null: only the bot), or takes
     * none and answers the retry (see {@link #budgetTake}; {@code what}: the send, for its reservation). A conversation
     * Teams paused (429) waits for its {@code Retry-After}: the pause is in the budget, so every process that shares it
     * waits too.
     */
    private Delivery.Retry take(String key, Object what, Instant now, SendBudget budget) {
        synchronized (this) {
            Duration waitBot = bot.waitFor(now);
            if (!waitBot.isZero()) {
                return paced(Delivery.Retry.paced(waitBot, PACING));
            }
        }
        // Outside the lock: a shared budget is a database round trip, and a database that does not answer must not
        // hold up the sends that do not need it (replyCardWithoutDatabase).
        Delivery.Retry held = budgetTake(key, what, now, budget);
        if (held != null) {
            return paced(held);
        }
        synchronized (this) {
            // Another thread may have filled the window meanwhile: then the budget's slot goes unused, never doubled.
            Duration late = bot.tryTake(now);
            return late.isZero() ? null : paced(Delivery.Retry.paced(late, PACING));
        }
    }
}
