package dev.keepword.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keepword.app.Clock;
import dev.keepword.app.CommitCommands;
import dev.keepword.app.Commitments;
import dev.keepword.app.Delivery;
import dev.keepword.app.Engagements;
import dev.keepword.app.Inbound;
import dev.keepword.chat.Inbox;
import dev.keepword.chat.KeyedEffects;
import dev.keepword.chat.Outbound;
import dev.keepword.chat.Replies;
import dev.keepword.app.Message;
import dev.keepword.app.NudgePlanner;
import dev.keepword.app.Outgoing;
import dev.keepword.app.Parties;
import dev.keepword.app.SeenEvents;
import dev.keepword.app.Sightings;
import dev.keepword.app.Target;
import dev.keepword.app.Transactions;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keepword in Teams: turns verified Bot Framework activities into use-case calls. Messages are the {@code /commit}
 * language (in a personal chat with or without the word {@code commit}; elsewhere only when the bot is @mentioned);
 * card clicks arrive as {@code adaptiveCard/action} invokes (answered in the HTTP response with the updated card) or as
 * {@code Action.Submit} messages (the card is then replaced with {@code PUT …/activities/{id}}); installation and
 * conversation updates store and retire conversation references. No Teams type leaves this package.
 */
public final class TeamsBot implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TeamsBot.class);
    static final String PLATFORM = "teams";
    static final int DELIVERY_ATTEMPTS = 5;
    /** How long a reply may wait for the sender's pacing before it is dropped (logged). */
    static final Duration PACED_FOR_AT_MOST = Duration.ofMinutes(10);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final Pattern HTML_TAG = Pattern.compile("<[^>]{0,200}>");
    private static final Pattern LEADING_COMMIT = Pattern.compile("^/?commit(?:\\s+|$)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ESCALATE = Pattern.compile("(?i)(?<=\\s|^)escalate\\s+(.+?)(?=\\s+(?:tz|tier|sponsor|name|client|clients|owner|owners|consultant|consultants)\\s|$)");
    private static final Pattern SETUP_TZ = Pattern.compile("(?i)(?<=\\s|^)tz\\s+(\\S+)");
    private static final String SORRY = "Something went wrong on my side; nothing was changed. Please try again in a minute.";

    /** The use cases and ports the Teams adapter drives. */
    public record Uses(CommitCommands commands, Commitments commitments, Engagements engagements, Parties parties,
                       Sightings sightings, NudgePlanner planner, Transactions tx, SeenEvents seen, Clock clock,
                       dev.keepword.app.PromiseCapture capture, java.util.function.BooleanSupplier databaseAnswers) {
        /** Without a readiness probe: the database is taken to answer. */
        public Uses(CommitCommands commands, Commitments commitments, Engagements engagements, Parties parties,
                    Sightings sightings, NudgePlanner planner, Transactions tx, SeenEvents seen, Clock clock,
                    dev.keepword.app.PromiseCapture capture) {
            this(commands, commitments, engagements, parties, sightings, planner, tx, seen, clock, capture, () -> true);
        }

        /** Without "Track as commitment" and the offers to track promises. */
        public Uses(CommitCommands commands, Commitments commitments, Engagements engagements, Parties parties,
                    Sightings sightings, NudgePlanner planner, Transactions tx, SeenEvents seen, Clock clock) {
            this(commands, commitments, engagements, parties, sightings, planner, tx, seen, clock, null);
        }
    }

    /** The HTTP answer to an activity: a status and, for invokes, a JSON body. */
    public record Answer(int status, JsonNode body) {
        static Answer ok() {
            return new Answer(200, null);
        }
    }

    private final TeamsChat chat;
    private final TeamsReferences refs;
    private final TeamsConnector connector;
    private final TeamsDirectory directory;
    private final Uses uses;
    /** Replies and the other messages a command caused, sent off the inbox thread and tried again as Teams asks. */
    private final Outbound retries;
    /** Stored activities, handled one at a time in the order they arrived. */
    private final Inbox inbox;
    /** A command's effects and answer, keyed by its activity's id. */
    private final KeyedEffects effects;

    public TeamsBot(TeamsChat chat, TeamsReferences refs, TeamsConnector connector, TeamsDirectory directory, Uses uses) {
        this.chat = chat;
        this.refs = refs;
        this.connector = connector;
        this.directory = directory;
        this.uses = uses;
        // One thread: replies go out in order. Teams' refusals come back when its Retry-After says (at least 200 ms).
        this.retries = new Outbound(PLATFORM, "keepword-teams", 1, new Outbound.Policy(DELIVERY_ATTEMPTS,
                PACED_FOR_AT_MOST, (failures, r) -> r.after().toMillis() < 200 ? Duration.ofMillis(200) : r.after()));
        this.inbox = new Inbox(PLATFORM, "keepword-teams-inbox", uses.seen(), uses.clock());
        this.effects = new KeyedEffects(uses.tx(), uses.seen(), uses.clock());
    }

    /** The servlet for {@code POST /api/messages}: verifies each request with {@code auth}, then hands it to this bot. */
    public jakarta.servlet.http.HttpServlet servlet(TeamsAuth auth) {
        return new TeamsEndpoint(auth, this);
    }

    /** What one verified activity looked like to the adapter. */
    private record Context(JsonNode activity, String workspaceId, String serviceUrl, String conversationId,
                           String channelKey, String conversationType, String teamId, TeamsReferences.User speaker,
                           String botId, Instant now) {
        boolean personal() {
            return "personal".equals(conversationType);
        }
    }

    /**
     * Takes one verified activity off the HTTP request. A card's {@code Action.Execute} is answered in the response,
     * so it is handled at once; anything else is stored with its payload (a repeat of a stored one changes nothing),
     * answered 200, and handled right after on the inbox thread, in arrival order. A restart handles what was stored
     * but not yet handled ({@link #recover}).
     */
    public Answer receive(JsonNode a, String body) {
        String type = a.path("type").asText("");
        if (!acts(a)) {
            return ignored(a);
        }
        String ws = tenant(a);
        String id = a.path("id").asText("");
        if ("invoke".equals(type)) {
            return invoke(a);
        }
        if (ws == null || id.isEmpty() || a.path("serviceUrl").asText("").isEmpty()
                || a.path("conversation").path("id").asText("").isEmpty()) {
            return handle(a);
        }
        try {
            if (!inbox.accept(ws, id, body, () -> process(a))) {
                LOG.debug("Activity {} seen before; ignored", id);
            }
        } catch (Inbox.NotStored e) {
            return notStored(a, type, e);
        }
        return Answer.ok();
    }

    /**
     * An activity that could not be stored (the database does not answer): nothing of it is kept. A message is answered
     * at once, with a reply in its conversation saying to try again (200: it was dealt with, and the Bot Framework does
     * not deliver it again); anything else, which nobody waits for, gets a 503 and no body.
     */
    private Answer notStored(JsonNode a, String type, Inbox.NotStored e) {
        if (!"message".equals(type)) {
            LOG.warn("A Teams {} activity was not stored: {}", type, e.getMessage());
            return new Answer(503, null);
        }
        LOG.warn("A Teams message was not stored, and its sender asked to try again: {}", e.getMessage());
        String serviceUrl = a.path("serviceUrl").asText();
        String conversationId = a.path("conversation").path("id").asText();
        String activityId = a.path("id").asText();
        ObjectNode card = TeamsCards.render(Message.text(CATCHING_UP));
        retries.send("a reply in " + conversationId, () -> chat.replyCardWithoutDatabase(serviceUrl, conversationId,
                activityId, card), d -> {
            if (!(d instanceof Delivery.Sent)) {
                LOG.info("A Teams reply was not delivered: {}", d);
            }
        });
        return Answer.ok();
    }

    /**
     * An invoke is answered in its HTTP response, so it is handled at once, not stored. While the database does not
     * answer (the readiness probe, at most 2 s) the person is told at once that Keepword is catching up and nothing is
     * done: handling it would wait for a connection far longer than Teams waits for the answer, and then fail. Should the
     * database go away while one is handled, the answer is an apology, never a 500.
     */
    private Answer invoke(JsonNode a) {
        String name = a.path("name").asText("");
        if (!uses.databaseAnswers().getAsBoolean()) {
            LOG.warn("A Teams {} invoke came while the database does not answer; its sender asked to try again", name);
            return new Answer(200, FETCH_TASK.equals(name) || SUBMIT_ACTION.equals(name) ? TeamsCards.taskMessage(CATCHING_UP)
                    : TeamsCards.invokeResponse(TeamsCards.render(Message.text(CATCHING_UP))));
        }
        try {
            return handle(a);
        } catch (RuntimeException e) {
            LOG.error("Handling a Teams {} invoke failed", name, e);
            return new Answer(200, FETCH_TASK.equals(name) || SUBMIT_ACTION.equals(name) ? TeamsCards.taskMessage(SORRY)
                    : TeamsCards.invokeResponse(TeamsCards.render(Message.text(SORRY))));
        }
    }

    /** The answer to a message that arrives while the database does not answer: it was not taken. */
    public static final String CATCHING_UP = "Keepword is catching up, try again in a minute.";

    /**
     * The activity types Keepword acts on. Teams sends others too (typing, messageReaction, messageUpdate,
     * messageDelete, endOfConversation, event, and new ones at any time: "design your bot to receive unexpected events",
     * MicrosoftDocs/msteams-docs subscribe-to-conversation-events.md); those are answered 200 at once, stored nowhere.
     */
    static final Set<String> SUBSCRIBED = Set.of("message", "conversationUpdate", "installationUpdate", "invoke");
    /** The invokes Keepword answers; any other invoke name is acknowledged with 200 and an empty body. */
    static final Set<String> INVOKES = Set.of("adaptiveCard/action");
    /** The message extension's action command on a message ("Track as commitment"), as in the app manifest. */
    static final String TRACK_COMMAND = "trackCommitment";
    static final String FETCH_TASK = "composeExtension/fetchTask";
    static final String SUBMIT_ACTION = "composeExtension/submitAction";

    /**
     * Whether Keepword acts on this activity: a subscribed type; of the invokes, a card's {@code Action.Execute} and the
     * "Track as commitment" action's {@code fetchTask} and {@code submitAction} (other message-extension commands
     * are none of Keepword's).
     */
    static boolean acts(JsonNode a) {
        String type = a.path("type").asText("");
        if (!SUBSCRIBED.contains(type)) {
            return false;
        }
        if (!"invoke".equals(type)) {
            return true;
        }
        String name = a.path("name").asText("");
        return INVOKES.contains(name) || (FETCH_TASK.equals(name) || SUBMIT_ACTION.equals(name))
                && TRACK_COMMAND.equals(a.path("value").path("commandId").asText(""));
    }

    /**
     * An activity Keepword does not act on: one debug line, 200, nothing stored or sent. Not a WARN: Teams sends these
     * routinely, and a line per reaction or typing indicator would bury real warnings.
     */
    private static Answer ignored(JsonNode a) {
        String type = a.path("type").asText("");
        String name = a.path("name").asText("");
        LOG.debug("Teams {}{} activity acknowledged and ignored", type, name.isEmpty() ? "" : " " + name);
        return "invoke".equals(type) ? new Answer(200, F.objectNode()) : Answer.ok();
    }

    /**
     * Handles the activities a stopped process stored but did not handle, received in the last day up to
     * {@code before}; returns how many were queued. At-least-once: one that was being handled when the process died
     * is handled again.
     */
    public int recover(Instant before) {
        return inbox.recover(before, p -> {
            try {
                JsonNode a = JSON.readTree(p.payload());
                return () -> process(a);
            } catch (java.io.IOException e) {
                return null;
            }
        });
    }

    /** Runs {@code task} on the inbox thread, after what is queued: tests hold the thread to see what waits for it. */
    void onInboxThread(Runnable task) {
        inbox.onThread(task);
    }

    /**
     * Waits until every activity handed to the inbox thread before this call has been handled and its replies sent
     * (tests, benchmarks).
     */
    public void drain() {
        inbox.drain();
        retries.drain(); // and the replies it handed over (not later retries)
    }

    /** Handles one verified activity at once (de-duplicated by its id) and says what to answer over HTTP. */
    public Answer handle(JsonNode a) {
        String type = a.path("type").asText("");
        if (!acts(a)) {
            return ignored(a);
        }
        String ws = tenant(a);
        String id = a.path("id").asText("");
        if (ws != null && !"invoke".equals(type) && !id.isEmpty()
                && !uses.seen().firstTime(PLATFORM, ws, id, uses.clock().now())) {
            LOG.debug("Activity {} seen before; ignored", id);
            return Answer.ok();
        }
        return process(a);
    }

    private Answer process(JsonNode a) {
        String type = a.path("type").asText("");
        String ws = tenant(a);
        String serviceUrl = a.path("serviceUrl").asText("");
        String conversationId = a.path("conversation").path("id").asText("");
        if (ws == null || serviceUrl.isEmpty() || conversationId.isEmpty()) {
            return Answer.ok(); // nothing Keepword can address an answer to
        }
        Instant now = uses.clock().now();
        String botId = a.path("recipient").path("id").asText("");
        String conversationType = a.path("conversation").path("conversationType").asText("personal");
        String teamId = text(a.path("channelData").path("team"), "id");
        String channelName = text(a.path("channelData").path("channel"), "name");
        String kind = "channel".equals(conversationType) ? "channel" : "groupChat".equals(conversationType) ? "groupChat" : "personal";
        TeamsReferences.Conversation conversation = refs.rememberConversation(ws, conversationId, kind, teamId,
                channelName, serviceUrl, now);
        JsonNode from = a.path("from");
        TeamsReferences.User speaker = null;
        String fromId = from.path("id").asText("");
        if (!fromId.isEmpty() && !fromId.equals(botId) && !fromId.startsWith("28:")) {
            speaker = refs.rememberUser(ws, fromId, text(from, "name"), text(from, "aadObjectId"), serviceUrl, now);
            String chat = TeamsReferences.baseConversation(conversationId);
            if ("personal".equals(kind) && (!chat.equals(speaker.chatId()) || speaker.unreachable())) {
                refs.chatOpened(ws, speaker.userId(), chat, now);
            }
        }
        Context ctx = new Context(a, ws, serviceUrl, conversationId, conversation.channelId(), conversationType, teamId,
                speaker, botId, now);
        try {
            if (speaker != null) {
                zoneSeen(ctx, localTimezone(a));
            }
            return switch (type) {
                case "message" -> {
                    if (speaker != null && a.path("value").isObject() && a.path("text").asText("").isBlank()) {
                        submitted(ctx);
                    } else if (speaker != null) {
                        message(ctx);
                    }
                    yield Answer.ok();
                }
                case "invoke" -> switch (a.path("name").asText()) {
                    case "adaptiveCard/action" -> speaker != null
                            ? new Answer(200, TeamsCards.invokeResponse(executed(ctx))) : new Answer(200, F.objectNode());
                    case FETCH_TASK -> new Answer(200, speaker != null ? fetchTask(ctx)
                            : TeamsCards.taskMessage("I couldn't tell who you are; nothing was recorded."));
                    case SUBMIT_ACTION -> new Answer(200, speaker != null ? submitAction(ctx)
                            : TeamsCards.taskMessage("I couldn't tell who you are; nothing was recorded."));
                    default -> new Answer(200, F.objectNode());
                };
                case "conversationUpdate" -> {
                    conversationUpdate(ctx);
                    yield Answer.ok();
                }
                case "installationUpdate" -> {
                    installationUpdate(ctx);
                    yield Answer.ok();
                }
                default -> Answer.ok();
            };
        } catch (RuntimeException e) {
            LOG.error("Handling a Teams {} activity failed", type, e);
            if ("invoke".equals(type)) {
                return new Answer(200, TeamsCards.invokeResponse(TeamsCards.render(Message.text(SORRY))));
            }
            return Answer.ok();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // messages

    private void message(Context ctx) {
        JsonNode a = ctx.activity();
        boolean mentioned = false;
        for (JsonNode e : a.path("entities")) {
            if ("mention".equals(e.path("type").asText()) && ctx.botId().equals(e.path("mentioned").path("id").asText())) {
                mentioned = true;
            }
        }
        Optional<Engagement> engagement = uses.engagements().byChannel(ctx.workspaceId(), ctx.channelKey());
        if (!ctx.personal() && !mentioned) {
            if (engagement.isPresent()) {
                uses.sightings().heard(ctx.workspaceId(), ctx.speaker().userId(), ctx.now());
                if (uses.capture() != null) {
                    // A dated promise by a member: offered, in their personal chat with Keepword, to track it.
                    ensureParty(ctx, engagement.get().zone());
                    uses.capture().offer(ctx.workspaceId(), ctx.channelKey(), a.path("id").asText(null),
                            ctx.speaker().userId(), htmlText(a.path("text").asText("")), null)
                            .ifPresent(o -> deliver(ctx.workspaceId(), List.of(o)));
                }
            }
            return; // channel chatter not addressed to Keepword
        }
        List<Mentioned> people = new ArrayList<>();
        String text = rewrite(ctx, a.path("text").asText(""), a.path("entities"), people);
        text = LEADING_COMMIT.matcher(text).replaceFirst("").strip();
        if (text.toLowerCase(Locale.ROOT).startsWith("setup ")) {
            Optional<String> refusal = Optional.empty();
            Matcher m = ESCALATE.matcher(text);
            if (m.find() && !m.group(1).startsWith("<#")) {
                Optional<String> resolved = channelByName(ctx, m.group(1).strip());
                if (resolved.isPresent()) {
                    text = text.substring(0, m.start(1)) + "<#" + resolved.get() + ">" + text.substring(m.end(1));
                } else if (ctx.teamId() != null) {
                    refusal = Optional.of("I can't find a channel called \"" + m.group(1).strip() + "\" in this team. "
                            + "Mention it (@ and the channel's name) or give its exact name, for example: "
                            + "@Keepword setup client @Sam owner @Maya escalate Acme Internal");
                }
            }
            if (refusal.isPresent()) {
                reply(ctx, Message.text(refusal.get()));
                return;
            }
        }
        String line = text;
        ZoneId defaultZone = engagement.map(Engagement::zone).orElseGet(() -> setupZone(ctx, line));
        for (Mentioned p : people) {
            if (uses.parties().find(ctx.workspaceId(), p.userId()).isEmpty()) {
                uses.parties().save(new Party(ctx.workspaceId(), p.userId(), p.name(), defaultZone, WorkingHours.OFFICE));
            }
        }
        ensureParty(ctx, defaultZone);
        Inbound in = new Inbound(ctx.workspaceId(), ctx.channelKey(), ctx.speaker().userId(), line);
        // Keyed by the activity's id: handled again after a crash, the command changes nothing and sends only an
        // answer not yet sent; a stored activity is marked handled once its answer is sent (KeyedEffects).
        String itemId = a.path("id").asText("");
        KeyedEffects.Handled handled;
        try {
            handled = itemId.isEmpty() ? new KeyedEffects.Handled(uses.commands().handle(in), false)
                    : effects.once(PLATFORM, ctx.workspaceId(), itemId, () -> uses.commands().handle(in));
        } catch (RuntimeException e) {
            LOG.error("commit failed", e);
            handled = new KeyedEffects.Handled(List.of(new Outgoing(new Target.Private(in.userId(), in.channelId()),
                    Message.text(SORRY))), false);
        }
        if (handled.again() && handled.out().isEmpty()) {
            return; // handled and answered before (by a process that died before marking the activity handled)
        }
        Replies replies = Replies.of(in.userId(), handled.out());
        Runnable sent = inbox.handledWhenSent();
        String ws = ctx.workspaceId();
        Runnable each = countdown((replies.answer().isPresent() ? 1 : 0) + replies.rest().size(), () -> {
            effects.answered(PLATFORM, ws, itemId);
            if (sent != null) {
                sent.run();
            }
        });
        replies.answer().ifPresent(o -> reply(ctx, o.message(), null, each));
        deliver(ws, replies.rest(), each);
    }

    /** A callback that runs {@code done} on its {@code n}th call (at once when {@code n} is 0). */
    private static Runnable countdown(int n, Runnable done) {
        if (n == 0) {
            done.run();
            return () -> { };
        }
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(n);
        return () -> {
            if (left.decrementAndGet() == 0) {
                done.run();
            }
        };
    }

    private record Mentioned(String userId, String name) {
    }

    /**
     * The message text with the bot's mention removed, people's mentions as {@code <@id>}, channel mentions as
     * {@code <#id>}, and any other markup dropped; the mentioned people and channels are recorded on the way.
     */
    private String rewrite(Context ctx, String raw, JsonNode entities, List<Mentioned> people) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (JsonNode e : entities) {
            if (!"mention".equals(e.path("type").asText())) {
                continue;
            }
            String tag = e.path("text").asText("");
            int at = tag.isEmpty() ? -1 : raw.indexOf(tag, from);
            if (at < 0) {
                continue;
            }
            out.append(plain(raw.substring(from, at)));
            from = at + tag.length();
            JsonNode mentioned = e.path("mentioned");
            String id = mentioned.path("id").asText("");
            String name = text(mentioned, "name");
            String mentionType = mentioned.path("type").asText("person");
            if (id.isEmpty() || id.equals(ctx.botId())) {
                out.append(' ');
            } else if ("channel".equals(mentionType) || id.startsWith("19:")) {
                TeamsReferences.Conversation c = refs.rememberConversation(ctx.workspaceId(), id, "channel", ctx.teamId(),
                        name, ctx.serviceUrl(), ctx.now());
                out.append("<#").append(c.channelId()).append('>');
            } else if ("tag".equals(mentionType)) {
                out.append(name == null ? "" : name);
            } else {
                TeamsReferences.User u = refs.rememberUser(ctx.workspaceId(), id, name, null, ctx.serviceUrl(), ctx.now());
                people.add(new Mentioned(u.userId(), u.name()));
                out.append("<@").append(u.userId()).append('>');
            }
        }
        out.append(plain(raw.substring(from)));
        return out.toString().replaceAll("\\s+", " ").strip();
    }

    /** Text around mentions: markup dropped, the few entities Teams uses decoded. */
    private static String plain(String html) {
        String s = HTML_TAG.matcher(html).replaceAll(" ");
        return s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }

    /** A channel of this team by name ("Acme Internal", "#acme-internal", "General"), recorded; its Keepword id. */
    private Optional<String> channelByName(Context ctx, String typed) {
        if (ctx.teamId() == null) {
            return Optional.empty();
        }
        String wanted = normal(typed.startsWith("#") ? typed.substring(1) : typed);
        List<TeamsConnector.Channel> channels = connector.channels(ctx.serviceUrl(), ctx.teamId());
        if (channels == null) {
            return Optional.empty();
        }
        for (TeamsConnector.Channel c : channels) {
            String name = c.name() == null ? "General" : c.name();
            if (normal(name).equals(wanted)) {
                return Optional.of(refs.rememberConversation(ctx.workspaceId(), c.id(), "channel", ctx.teamId(), name,
                        ctx.serviceUrl(), ctx.now()).channelId());
            }
        }
        return Optional.empty();
    }

    private static String normal(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "-");
    }

    private static ZoneId setupZone(Context ctx, String text) {
        Matcher m = SETUP_TZ.matcher(text);
        if (m.find()) {
            try {
                return ZoneId.of(m.group(1));
            } catch (DateTimeException e) {
                // the parser tells the person; here it only picks a provisional zone
            }
        }
        return localTimezone(ctx.activity()).orElse(ZoneOffset.UTC);
    }

    /** Stores the speaker as a party if Keepword has not met them: their own zone if Teams said it, else {@code zone}. */
    private void ensureParty(Context ctx, ZoneId zone) {
        TeamsReferences.User u = ctx.speaker();
        if (uses.parties().find(ctx.workspaceId(), u.userId()).isEmpty()) {
            uses.parties().save(new Party(ctx.workspaceId(), u.userId(), u.name(),
                    localTimezone(ctx.activity()).orElse(zone), WorkingHours.OFFICE));
        }
    }

    /** A person's zone as this activity reports it: stored, and their reminders re-planned when it changed. */
    private void zoneSeen(Context ctx, Optional<ZoneId> zone) {
        if (zone.isEmpty()) {
            return;
        }
        String ws = ctx.workspaceId();
        String user = ctx.speaker().userId();
        Optional<Party> known = uses.parties().find(ws, user);
        if (known.isEmpty()) {
            uses.parties().save(new Party(ws, user, ctx.speaker().name(), zone.get(), WorkingHours.OFFICE));
            return;
        }
        if (known.get().zone().equals(zone.get())) {
            return;
        }
        Party moved = known.get().withZone(zone.get());
        uses.tx().inTransaction(() -> {
            uses.parties().save(moved);
            uses.planner().ownerChanged(uses.commitments().openOwnedBy(ws, user), uses.engagements(), ctx.now());
            return null;
        });
        LOG.info("{} is now in {}; their reminders were re-planned", user, zone.get().getId());
    }

    static Optional<ZoneId> localTimezone(JsonNode a) {
        String tz = a.path("localTimezone").asText("");
        if (tz.isEmpty()) {
            for (JsonNode e : a.path("entities")) {
                if ("clientInfo".equals(e.path("type").asText())) {
                    tz = e.path("timezone").asText("");
                }
            }
        }
        if (tz.isEmpty() || !tz.contains("/")) {
            return Optional.empty(); // an IANA id only: offsets and abbreviations do not follow daylight saving
        }
        try {
            return Optional.of(ZoneId.of(tz));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // card clicks

    /** {@code Action.Execute}: the new card goes back in the HTTP response. */
    private ObjectNode executed(Context ctx) {
        JsonNode action = ctx.activity().path("value").path("action");
        JsonNode data = action.path("data");
        String verb = action.path("verb").asText("");
        return click(ctx, data, data.path("kw").asText(verb));
    }

    /** {@code Action.Submit} (older clients): the clicked card is replaced in place. */
    private void submitted(Context ctx) {
        JsonNode data = ctx.activity().path("value");
        String kw = data.path("kw").asText("");
        if (kw.isEmpty()) {
            return;
        }
        ObjectNode card = click(ctx, data, kw);
        String cardId = ctx.activity().path("replyToId").asText("");
        if (cardId.isEmpty()) {
            reply(ctx, null, card);
            return;
        }
        Delivery d = chat.update(ctx.serviceUrl(), ctx.conversationId(), cardId, card);
        if (!(d instanceof Delivery.Sent)) {
            LOG.info("Updating card {} failed: {}", cardId, d);
        }
    }

    private ObjectNode click(Context ctx, JsonNode data, String kw) {
        String ws = ctx.workspaceId();
        String user = ctx.speaker().userId();
        String value = data.path("value").asText("");
        uses.sightings().heard(ws, user, ctx.now()); // a click is an answer, whatever it says
        ensureParty(ctx, ZoneOffset.UTC);
        if (uses.capture() != null && dev.keepword.app.PromiseCapture.TRACK.equals(kw)) {
            dev.keepword.app.PromiseCapture.Captured captured = uses.capture().track(ws, user, value);
            Replies replies = Replies.of(user, captured.out());
            deliver(ws, replies.rest());
            String[] key = value.split(" ", 2);
            captured.threadReply().ifPresent(m -> inThread(ws, key[0], key.length == 2 ? key[1] : null, m));
            return TeamsCards.render(replies.answer().map(Outgoing::message).orElse(Message.text("Done.")), chat.names(ws));
        }
        if (uses.capture() != null && dev.keepword.app.PromiseCapture.NOT_NOW.equals(kw)) {
            Replies replies = Replies.of(user, uses.capture().notNow(ws, user, value));
            return TeamsCards.render(replies.answer().map(Outgoing::message).orElse(Message.text("Left it.")), chat.names(ws));
        }
        if ("agree".equals(kw)) {
            Replies replies = Replies.of(user, handle(new Inbound(ws, value, user, "agree")));
            deliver(ws, replies.rest());
            return TeamsCards.render(replies.answer().map(Outgoing::message).orElse(Message.text("Noted.")), chat.names(ws));
        }
        long id;
        try {
            id = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return TeamsCards.render(Message.text("That button no longer works. Type commit list to see what is open."));
        }
        boolean form = data.path("form").asBoolean(false);
        String reason = data.path("reason").asText("").replaceAll("\\s+", " ").strip();
        String line;
        switch (kw) {
            // "reassign" asks who should own it; "approve" and "decline" are a client's decision on a change request
            case "done", "notmine", "reassign", "approve", "decline" -> line = kw + " " + id;
            case "notice-send", "notice-hold" -> line = "notice " + id + " " + kw.substring("notice-".length());
            case "notice-edit" -> {
                return TeamsCards.render(Message.text("Type your own wording and it goes out instead of the draft: notice "
                        + id + " edit YOUR WORDING"));
            }
            case "move" -> {
                String date = data.path("date").asText("").strip();
                if (!form || date.isEmpty()) {
                    return TeamsCards.moveForm(String.valueOf(id), form ? "Pick the new date." : null);
                }
                line = "move " + id + " " + date + (reason.isEmpty() ? "" : " because " + reason);
            }
            case "blocked" -> {
                if (!form || reason.isEmpty()) {
                    return TeamsCards.blockedForm(String.valueOf(id), form ? "Say what it is waiting for." : null);
                }
                line = "blocked " + id + " " + reason;
            }
            default -> {
                return TeamsCards.render(Message.text("That button no longer works. Type commit list to see what is open."));
            }
        }
        Optional<Commitment> before = uses.commitments().find(ws, id);
        Replies replies = Replies.of(user, handle(new Inbound(ws, ctx.channelKey(), user, line)));
        deliver(ws, replies.rest());
        Message said = replies.answer().map(Outgoing::message).orElse(Message.text("Done."));
        if (Replies.changed(before, uses.commitments().find(ws, id))) {
            return TeamsCards.render(said, chat.names(ws)); // the new state; the buttons are gone
        }
        if ("reassign".equals(kw)) {
            return TeamsCards.render(said, chat.names(ws)); // the question who should own it; nothing to click again
        }
        if (form) {
            return "move".equals(kw) ? TeamsCards.moveForm(String.valueOf(id), said.plain())
                    : TeamsCards.blockedForm(String.valueOf(id), said.plain());
        }
        String sid = String.valueOf(id);
        Message again = "approve".equals(kw) || "decline".equals(kw)
                ? Message.builder().line(said.plain()).button("Approve", "approve", sid).button("Decline", "decline", sid).build()
                : Message.builder().line(said.plain()).button("Done", "done", sid).button("New date", "move", sid)
                .button("Blocked", "blocked", sid).button("Not mine", "notmine", sid).build();
        return TeamsCards.render(again, chat.names(ws));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // "Track as commitment": the message extension's action command on a message

    /**
     * {@code composeExtension/fetchTask} from a message's "More actions": the /commit form, prefilled from the message,
     * as a task module; refused with a task message (seen by this person alone) outside an engagement, to a non-member,
     * or for a message already tracked.
     */
    private ObjectNode fetchTask(Context ctx) {
        JsonNode v = ctx.activity().path("value");
        JsonNode m = v.path("messagePayload");
        if (uses.capture() == null || !"message".equals(v.path("commandContext").asText("")) || !m.isObject()) {
            return TeamsCards.taskMessage("Use \"Track as commitment\" from a message's More actions menu. Nothing was recorded.");
        }
        String ws = ctx.workspaceId();
        String user = ctx.speaker().userId();
        Optional<Engagement> engagement = uses.engagements().byChannel(ws, ctx.channelKey());
        ensureParty(ctx, engagement.map(Engagement::zone).orElse(ZoneOffset.UTC));
        dev.keepword.domain.Outcome<dev.keepword.app.PromiseCapture.Form> form = uses.capture().form(ws, ctx.channelKey(),
                text(m, "id"), authorOf(ws, m), user, htmlText(bodyText(m)));
        if (form instanceof dev.keepword.domain.Outcome.Rejected<dev.keepword.app.PromiseCapture.Form> r) {
            return TeamsCards.taskMessage(r.message());
        }
        dev.keepword.app.PromiseCapture.Form f = ((dev.keepword.domain.Outcome.Ok<dev.keepword.app.PromiseCapture.Form>) form).value();
        return TeamsCards.taskContinue("Track as commitment", TeamsCards.trackForm(f, members(ws, engagement.orElseThrow()), null));
    }

    /**
     * {@code composeExtension/submitAction}: the submitted form recorded as {@code /commit} would, tracked from the
     * message ({@code messagePayload}); the answer shows in the dialog, and the message's thread says it is tracked.
     * A refusal keeps the form open with the reason.
     */
    private ObjectNode submitAction(Context ctx) {
        JsonNode v = ctx.activity().path("value");
        JsonNode d = v.path("data");
        JsonNode m = v.path("messagePayload");
        if (uses.capture() == null || !m.isObject()) {
            return TeamsCards.taskMessage("Use \"Track as commitment\" from a message's More actions menu. Nothing was recorded.");
        }
        String ws = ctx.workspaceId();
        String user = ctx.speaker().userId();
        Optional<Engagement> engagement = uses.engagements().byChannel(ws, ctx.channelKey());
        ensureParty(ctx, engagement.map(Engagement::zone).orElse(ZoneOffset.UTC));
        String owner = safeId(text(d, "owner"));
        String owedTo = safeId(text(d, "owed_to"));
        String what = oneLine(d.path("what").asText(""));
        String date = d.path("due_date").asText("").strip();
        String time = d.path("due_time").asText("").strip();
        String kind = d.path("kind").asText("");
        String line = (owner == null ? "" : "<@" + owner + "> ") + what + " by " + (date.matches("\\d{4}-\\d{2}-\\d{2}") ? date : "")
                + (time.matches("\\d{2}:\\d{2}") ? " " + time : "") + (owedTo == null ? "" : " to <@" + owedTo + ">")
                + (Set.of("deliverable", "input", "approval", "payment", "meeting").contains(kind) ? " kind:" + kind : "");
        String messageId = text(m, "id");
        dev.keepword.app.PromiseCapture.Captured captured = uses.capture().submit(
                new Inbound(ws, ctx.channelKey(), user, line), messageId, text(m, "linkToMessage"));
        Replies replies = Replies.of(user, captured.out());
        String answer = replies.answer().map(o -> o.message().plain()).orElse("Done.");
        if (captured.saved().isEmpty()) {
            if (engagement.isEmpty() || !engagement.get().isMember(user)) {
                return TeamsCards.taskMessage(answer);
            }
            dev.keepword.app.PromiseCapture.Form again = new dev.keepword.app.PromiseCapture.Form(owner == null ? user : owner,
                    what, parseDate(date), parseTime(time), owedTo);
            return TeamsCards.taskContinue("Track as commitment", TeamsCards.trackForm(again, members(ws, engagement.get()), answer));
        }
        deliver(ws, replies.rest());
        String root = text(m, "replyToId") != null ? text(m, "replyToId") : messageId;
        captured.threadReply().ifPresent(r -> inThread(ws, ctx.channelKey(), root, r));
        return TeamsCards.taskMessage(answer);
    }

    /** Posts {@code message} in the thread of the channel message {@code root}. */
    private void inThread(String ws, String channelKey, String root, Message message) {
        if (root == null) {
            return;
        }
        Optional<TeamsReferences.Conversation> c = refs.conversation(ws, channelKey);
        if (c.isEmpty()) {
            return;
        }
        String thread = TeamsReferences.baseConversation(c.get().conversationId()) + ";messageid=" + root;
        retries.send("a thread reply in " + channelKey, () -> chat.reply(ws, c.get().serviceUrl(), thread, root, message), d -> {
            if (!(d instanceof Delivery.Sent)) {
                LOG.info("A Teams thread reply was not delivered: {}", d);
            }
        });
    }

    /** Keepword's id for the author of a message extension's message ({@code from.user.id} is their AAD object id). */
    private String authorOf(String ws, JsonNode messagePayload) {
        String aad = text(messagePayload.path("from").path("user"), "id");
        return refs.userByAad(ws, aad).map(TeamsReferences.User::userId).orElse(null);
    }

    /** The engagement's members by Keepword id, with the names Teams gave them, for the form's pickers. */
    private java.util.Map<String, String> members(String ws, Engagement e) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String id : e.members()) {
            out.put(id, refs.user(ws, id).map(TeamsReferences.User::name)
                    .or(() -> uses.parties().find(ws, id).map(Party::displayName)).orElse(id));
        }
        return out;
    }

    private static String bodyText(JsonNode messagePayload) {
        JsonNode body = messagePayload.path("body");
        String text = body.path("textContent").asText("");
        return text.isBlank() ? body.path("content").asText("") : text;
    }

    /** A Teams message body as plain text: tags dropped (a mention keeps its name), the common entities read. */
    static String htmlText(String html) {
        String text = html.replaceAll("(?i)<br\\s*/?>|</p>|</div>", "\n").replaceAll("<[^>]*>", "");
        return text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&").strip();
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    private static String safeId(String id) {
        return id != null && id.matches("[A-Za-z0-9]{1,64}") ? id : null;
    }

    private static Optional<java.time.LocalDate> parseDate(String date) {
        try {
            return date.isEmpty() ? Optional.empty() : Optional.of(java.time.LocalDate.parse(date));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<java.time.LocalTime> parseTime(String time) {
        try {
            return time.isEmpty() ? Optional.empty() : Optional.of(java.time.LocalTime.parse(time));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // installation and membership

    private void installationUpdate(Context ctx) {
        String action = ctx.activity().path("action").asText("");
        if (action.startsWith("remove")) {
            retire(ctx);
            return;
        }
        learnMembers(ctx);
    }

    private void conversationUpdate(Context ctx) {
        JsonNode a = ctx.activity();
        String event = a.path("channelData").path("eventType").asText("");
        if ("teamDeleted".equals(event)) {
            retire(ctx);
            return;
        }
        if ("channelDeleted".equals(event)) {
            String deleted = text(a.path("channelData").path("channel"), "id");
            if (deleted != null) {
                refs.retire(ctx.workspaceId(), TeamsReferences.channelKey(deleted), ctx.now());
            }
            return;
        }
        if ("channelCreated".equals(event) || "channelRenamed".equals(event) || "channelRestored".equals(event)) {
            JsonNode ch = a.path("channelData").path("channel");
            if (text(ch, "id") != null) {
                refs.rememberConversation(ctx.workspaceId(), text(ch, "id"), "channel", ctx.teamId(), text(ch, "name"),
                        ctx.serviceUrl(), ctx.now());
            }
            return;
        }
        for (JsonNode m : a.path("membersRemoved")) {
            if (ctx.botId().equals(m.path("id").asText())) {
                retire(ctx);
                return;
            }
        }
        List<String> added = new ArrayList<>();
        boolean botAdded = false;
        for (JsonNode m : a.path("membersAdded")) {
            String id = m.path("id").asText("");
            if (id.equals(ctx.botId())) {
                botAdded = true;
            } else if (!id.isEmpty()) {
                refs.rememberUser(ctx.workspaceId(), id, text(m, "name"), text(m, "aadObjectId"), ctx.serviceUrl(), ctx.now());
                added.add(TeamsReferences.userKey(id));
            }
        }
        if (botAdded || !added.isEmpty()) {
            learnMembers(ctx);
        }
        for (String user : added) {
            showAgreements(ctx, user);
        }
    }

    /** Shows a client member who joined a conversation with engagements in it (a channel, or any channel of the team) the working agreement, in their 1:1 chat. */
    private void showAgreements(Context ctx, String user) {
        Set<String> channels = new LinkedHashSet<>();
        channels.add(ctx.channelKey());
        if (ctx.teamId() != null) {
            refs.teamChannels(ctx.workspaceId(), ctx.teamId()).forEach(c -> channels.add(c.channelId()));
        }
        for (String channel : channels) {
            Optional<Engagement> e = uses.engagements().byChannel(ctx.workspaceId(), channel);
            if (e.isPresent() && e.get().isClient(user)) {
                if (uses.parties().find(ctx.workspaceId(), user).isEmpty()) {
                    refs.user(ctx.workspaceId(), user).ifPresent(u -> uses.parties().save(TeamsDirectory.party(u, e.get().zone())));
                }
                uses.commands().agreementFor(ctx.workspaceId(), channel, user).ifPresent(m ->
                        deliver(ctx.workspaceId(), List.of(new Outgoing(new Target.Direct(user), m))));
            }
        }
    }

    private void learnMembers(Context ctx) {
        String of = ctx.teamId() != null ? ctx.teamId() : TeamsReferences.baseConversation(ctx.conversationId());
        int n = directory.learnMembers(ctx.workspaceId(), ctx.serviceUrl(), of, ctx.now());
        if (n < 0) {
            LOG.info("Members of a Teams conversation could not be listed now; they will be recorded as they write");
        }
    }

    private void retire(Context ctx) {
        if (ctx.teamId() != null) {
            refs.retireTeam(ctx.workspaceId(), ctx.teamId(), ctx.now());
        }
        refs.retire(ctx.workspaceId(), ctx.channelKey(), ctx.now());
        LOG.info("Keepword was removed from a Teams conversation in tenant {}", ctx.workspaceId());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // delivery

    private List<Outgoing> handle(Inbound in) {
        try {
            return uses.commands().handle(in);
        } catch (RuntimeException e) {
            LOG.error("commit failed", e);
            return List.of(new Outgoing(new Target.Private(in.userId(), in.channelId()), Message.text(SORRY)));
        }
    }

    /** The answer to the speaker's command: a reply to their activity, in the same conversation. */
    private void reply(Context ctx, Message message) {
        reply(ctx, message, null);
    }

    private void reply(Context ctx, Message message, ObjectNode card) {
        reply(ctx, message, card, null);
    }

    /** As above; {@code done} (null: none) runs once the reply is sent or given up on. */
    private void reply(Context ctx, Message message, ObjectNode card, Runnable done) {
        String ws = ctx.workspaceId();
        String activityId = ctx.activity().path("id").asText("");
        retries.send("a reply in " + ctx.conversationId(), () -> card != null
                ? chat.replyCard(ctx.serviceUrl(), ctx.conversationId(), activityId, card)
                : chat.reply(ws, ctx.serviceUrl(), ctx.conversationId(), activityId, message), d -> {
                    if (!(d instanceof Delivery.Sent)) {
                        LOG.info("A Teams reply was not delivered: {}", d);
                    }
                    if (done != null) {
                        done.run();
                    }
                });
    }

    /** Delivers the other messages a command caused (DMs, channel posts), retrying a few times when Teams says later. */
    private void deliver(String ws, List<Outgoing> out) {
        deliver(ws, out, null);
    }

    /** As above; {@code each} (null: none) runs as each message is sent or given up on. */
    private void deliver(String ws, List<Outgoing> out, Runnable each) {
        for (Outgoing o : out) {
            retries.send("a message to " + o.target(), () -> chat.send(ws, o.target(), o.message()), d -> {
                if (!(d instanceof Delivery.Sent)) {
                    LOG.info("A Teams message was not delivered: {}", d);
                }
                if (each != null) {
                    each.run();
                }
            });
        }
    }

    private static String tenant(JsonNode a) {
        String t = text(a.path("channelData").path("tenant"), "id");
        return t != null ? t : text(a.path("conversation"), "tenantId");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    /** Lets stored activities already queued finish (what is left is handled after the next start), then stops. */
    @Override
    public void close() {
        inbox.close();
        retries.close();
    }
}
