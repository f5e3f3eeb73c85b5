package dev.keepword.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.request.builtin.EventRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.event.AppUninstalledEvent;
import com.slack.api.model.event.Event;
import com.slack.api.model.event.MemberJoinedChannelEvent;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.TokensRevokedEvent;
import com.slack.api.model.event.UserChangeEvent;
import dev.keepword.app.Clock;
import dev.keepword.app.CommitCommands;
import dev.keepword.app.Commitments;
import dev.keepword.app.Delivery;
import dev.keepword.app.Engagements;
import dev.keepword.app.Home;
import dev.keepword.app.InstallationStore;
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
import dev.keepword.domain.Party;
import jakarta.servlet.http.HttpServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keepword in Slack: a Bolt {@link App} whose handlers turn {@code /commit}, nudge buttons, modal submissions and
 * events into use-case calls. A {@code /commit} and an event Keepword subscribes to are stored as received and acked at
 * once; the {@link Inbox} thread handles them in order (a command answers through its {@code response_url}), and a
 * restart handles what was stored but not handled. Whatever Keepword does not use (other events, message subtypes,
 * interactivity it never asked for) is acked 200 and dropped with one DEBUG line; a handler that throws is logged once
 * and still acked 200, so a verified request never gets a 5xx that would make Slack retry it or disable events.
 * Clicks and modal submissions are handled on the request thread (a modal's errors must be in the ack). Everything
 * that talks to Slack after that (DMs, channel posts, {@code chat.update}, the App Home) runs on a small executor
 * through {@link SlackChat}. Served over HTTP by {@link #servlet()} or over Socket Mode by
 * {@link #startSocketMode(String)}; for one workspace with one bot token, or for many installed with OAuth
 * ({@link Authorization.OAuth}, {@link #oauthServlets()}). Members from another organisation (Slack Connect) are the
 * client side by default ({@link SlackConnect}).
 */
public final class SlackBot implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlackBot.class);
    static final String PLATFORM = "slack";
    static final int DELIVERY_ATTEMPTS = 5;
    /** How long a command's other messages may wait for the sender's pacing before they are dropped (logged). */
    static final Duration PACED_FOR_AT_MOST = Duration.ofMinutes(10);
    private static final Set<String> NUDGE_ACTIONS = Set.of("done", "move", "blocked", "notmine", "reassign", "approve",
            "decline", "notice-send", "notice-hold", "notice-edit");
    private static final String SORRY = "Something went wrong on my side; nothing was changed. Please try again in a minute.";
    /** The answer to a command that arrives while the database does not answer: it was not taken. */
    public static final String CATCHING_UP = "Keepword is catching up, try again in a minute.";

    /** The use cases and ports the Slack adapter drives. */
    public record Uses(CommitCommands commands, Commitments commitments, Engagements engagements, Parties parties,
                       Sightings sightings, NudgePlanner planner, Transactions tx, Home home, SeenEvents seen,
                       Clock clock, dev.keepword.app.PromiseCapture capture) {
        /** Without "Track as commitment" and the offers to track promises. */
        public Uses(CommitCommands commands, Commitments commitments, Engagements engagements, Parties parties,
                    Sightings sightings, NudgePlanner planner, Transactions tx, Home home, SeenEvents seen, Clock clock) {
            this(commands, commitments, engagements, parties, sightings, planner, tx, home, seen, clock, null);
        }
    }

    private final App app;
    private final SlackChat chat;
    private final SlackDirectory directory;
    private final Uses uses;
    private final SlackSignature signature;
    /** What goes out after an ack (DMs, answers, message updates, the App Home), tried again as Slack asks. */
    private final Outbound after;
    /** Stored {@code /commit}s and events, handled one at a time in the order they arrived. */
    private final Inbox inbox;
    /** A command's effects and answer, keyed by its inbox item's id. */
    private final KeyedEffects effects;
    /** Answers to commands handed over and not yet sent or given up (a report's still being drawn included). */
    private final Object answersLock = new Object();
    private int answering;
    /** Reads what Slack sent as JSON (events, a command as Socket Mode delivers it): Slack's own field names. */
    private static final com.google.gson.Gson SLACK_JSON = com.slack.api.util.json.GsonFactory.createSnakeCase();
    /** The inbox ids of stored events ({@code event:<event_id>}); commands are {@code command:<trigger_id>}. */
    static final String EVENT = "event:";
    /** The events Keepword uses, by Slack's type name; a message with a subtype ({@code message:bot_message}) is none of them. */
    private final Map<String, Subscribed<?>> subscribed = new LinkedHashMap<>();
    /** The nudges whose "New date"/"Blocked" modal is open: their blocks, to update them in place on submission. */
    private final Map<String, List<LayoutBlock>> openClicks = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<LayoutBlock>> eldest) {
            return size() > 1000;
        }
    });
    private final SlackConnect connect;
    /** The installations Bolt reads in OAuth mode; null with a single bot token. */
    private final SlackInstallations installations;
    private SocketModeApp socketMode;

    /**
     * The Slack SDK pointed at {@code apiUrl} (for example {@code http://127.0.0.1:8080/api/}; null: slack.com),
     * with usage statistics off and a 10-second call timeout so a hung call cannot hold a thread for long.
     */
    public static Slack slack(String apiUrl) {
        SlackConfig config = new SlackConfig();
        if (apiUrl != null && !apiUrl.isBlank()) {
            config.setMethodsEndpointUrlPrefix(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
        }
        config.setStatsEnabled(false);
        config.setHttpClientCallTimeoutMillis(10_000);
        return Slack.getInstance(config);
    }

    /** How Bolt finds the bot token of the workspace a request comes from. */
    public sealed interface Authorization {
        /** One workspace, one configured token ({@code SLACK_BOT_TOKEN}); Bolt checks it with {@code auth.test} at start. */
        record SingleWorkspace(String botToken) implements Authorization {
            @Override
            public String toString() {
                return "SingleWorkspace[botToken=(hidden)]";
            }
        }

        /**
         * Distributed with OAuth: admins install Keepword at {@code /slack/install}; each workspace's token is saved in
         * {@code installations} (encrypted) and found there for every request.
         *
         * @param redirectUri the public URL of {@code /slack/oauth_redirect}, or null for the one set in the app config
         * @param installUrl  where an admin installs Keepword (named to people whose workspace has no installation)
         * @param stateKey    32 bytes that sign the OAuth {@code state} (derived from {@code KEEPWORD_SECRET_KEY})
         */
        record OAuth(String clientId, String clientSecret, List<String> scopes, String redirectUri, String installUrl,
                     InstallationStore installations, byte[] stateKey) implements Authorization {
            @Override
            public String toString() {
                return "OAuth[clientId=" + clientId + ", scopes=" + scopes + ", clientSecret=(hidden)]";
            }
        }
    }

    /** Single-workspace mode with one bot token. */
    public SlackBot(Slack slack, String botToken, String signingSecret, SlackChat chat, SlackDirectory directory, Uses uses) {
        this(slack, new Authorization.SingleWorkspace(botToken), signingSecret, chat, directory, uses);
    }

    public SlackBot(Slack slack, Authorization authorization, String signingSecret, SlackChat chat, SlackDirectory directory,
                    Uses uses) {
        this.chat = chat;
        this.directory = directory;
        this.uses = uses;
        this.signature = new SlackSignature(signingSecret);
        this.connect = new SlackConnect(chat, directory, uses.engagements(), uses.parties(), uses.tx());
        // Every AppConfig field that Bolt would otherwise read from the process environment is set here, so the mode
        // is exactly the one Keepword chose (a stray SLACK_CLIENT_ID in the environment must not turn on OAuth).
        AppConfig.AppConfigBuilder builder = AppConfig.builder().signingSecret(signingSecret).slack(slack)
                .singleTeamBotToken(null).clientId(null).clientSecret(null).redirectUri(null).scope(null).userScope(null)
                .oauthCompletionUrl(null).oauthCancellationUrl(null);
        if (authorization instanceof Authorization.SingleWorkspace single) {
            builder.singleTeamBotToken(single.botToken());
            this.installations = null;
        } else {
            Authorization.OAuth oauth = (Authorization.OAuth) authorization;
            builder.clientId(oauth.clientId()).clientSecret(oauth.clientSecret()).scope(String.join(",", oauth.scopes()))
                    .redirectUri(oauth.redirectUri())
                    .oAuthInstallPageRenderingEnabled(false) // /slack/install redirects straight to Slack
                    .stateValidationEnabled(true)
                    // MultiTeamsAuthorization would otherwise call auth.test on every request, on the ack path (STACK.md trap 2)
                    .authTestCacheEnabled(true);
            this.installations = new SlackInstallations(oauth.installations(), uses.clock(), oauth.installUrl());
        }
        AppConfig config = builder.build();
        // SlackEndpoint has verified the signature, in both time directions, before Bolt sees the request; Bolt's own
        // check would read the system clock instead of Keepword's. Socket Mode requests carry no signature at all.
        config.setRequestVerificationEnabled(false);
        // Bolt's IgnoringSelfEvents middleware calls bots.info (sync, on the ack path) for every event with a bot_id and
        // throws on a 429 or on an answer without "bot" (STACK.md trap 17): a 500 for a request Keepword does not even
        // use. Keepword drops its own messages itself (ownEvent, and the message handler ignores every bot's).
        config.setIgnoringSelfEventsEnabled(false);
        // Anything no handler took is still acknowledged: a non-200 makes Slack retry an event (and disable the
        // subscription past a failure rate), and shows a person an error for a click Keepword has nothing to do with.
        config.setUnmatchedRequestHandler(req -> {
            LOG.debug("Nothing here handles a {} request; acknowledged", req.getRequestType());
            return Response.ok();
        });
        this.app = new App(config);
        if (authorization instanceof Authorization.OAuth oauth) {
            app.asOAuthApp(true);
            app.service(installations);
            app.service(new OAuthState(oauth.stateKey(), uses.clock(), uses.seen()));
            app.oauthCallbackStateError((req, resp) -> SlackOAuthEndpoint.refused(resp,
                    "This install link is not valid any more (it expired, was already used, or did not come from here)."));
            app.oauthCallbackAccessError((com.slack.api.bolt.service.builtin.oauth.OAuthV2AccessErrorHandler) (req, resp, api) -> {
                LOG.warn("Slack refused the OAuth code exchange: {}", api.getError());
                return SlackOAuthEndpoint.refused(resp, "Slack did not confirm the installation (" + api.getError() + ").");
            });
        }
        // Slack's refusals (429, 5xx) come back no sooner than Retry-After, backing off 2, 4, 8… seconds.
        this.after = new Outbound(PLATFORM, "keepword-slack", 2, new Outbound.Policy(DELIVERY_ATTEMPTS, PACED_FOR_AT_MOST,
                (failures, r) -> r.after().compareTo(Duration.ofSeconds(1L << failures)) > 0 ? r.after()
                        : Duration.ofSeconds(1L << failures)));
        this.inbox = new Inbox(PLATFORM, "keepword-slack-inbox", uses.seen(), uses.clock());
        this.effects = new KeyedEffects(uses.tx(), uses.seen(), uses.clock());
        register();
    }

    /** Calls {@code auth.test} through Bolt: fails fast on a wrong token, before anything else starts. */
    public void start() {
        app.start();
    }

    /** The servlet for {@code POST /slack/events} in HTTP mode. */
    public HttpServlet servlet() {
        return new SlackEndpoint(app, signature, uses.clock(), SlackBot::failed);
    }

    /**
     * In OAuth mode, the servlets for {@code GET /slack/install} and {@code GET /slack/oauth_redirect}, by path; empty
     * with a single bot token.
     */
    public Map<String, HttpServlet> oauthServlets() {
        if (installations == null) {
            return Map.of();
        }
        return Map.of(SlackOAuthEndpoint.INSTALL, new SlackOAuthEndpoint(app),
                SlackOAuthEndpoint.REDIRECT, new SlackOAuthEndpoint(app));
    }

    /** Connects over Socket Mode (no public URL needed) with an app-level token ({@code xapp-…}). */
    public synchronized void startSocketMode(String appToken) throws Exception {
        // The default error handler logs and sends no ack, so Slack would deliver the envelope again and again.
        socketMode = new SocketModeApp(appToken, SocketModeClient.Backend.Tyrus, e -> failed(e.getRequest(), e.getException()),
                app);
        socketMode.startAsync();
    }

    public SlackChat chat() {
        return chat;
    }

    // ----------------------------------------------------------------------------------------------------------

    private void register() {
        app.command("/commit", (req, ctx) -> {
            SlashCommandPayload p = req.getPayload();
            String text = p.getText() == null ? "" : p.getText().strip();
            if (text.isEmpty()) {
                SlackChat.Result<String> opened = chat.openView(p.getTeamId(), p.getTriggerId(),
                        SlackViews.newCommitment(p.getChannelId(), p.getUserId()));
                if (opened.ok()) {
                    return ctx.ack();
                }
                return ctx.ack(SlackMessages.ephemeral(Message.text("I couldn't open the form just now. Type the commitment instead, "
                        + "for example: /commit @sam send the brand guidelines by friday")));
            }
            // Stored as received (the form body over HTTP, the payload's JSON over Socket Mode), then acked with nothing
            // in it; the inbox thread handles it and answers through its response_url.
            String id = "command:" + (p.getTriggerId() == null || p.getTriggerId().isBlank()
                    ? java.util.UUID.randomUUID() : p.getTriggerId());
            try {
                if (!inbox.accept(p.getTeamId(), id, req.getRequestBodyAsString(), () -> answer(id, p))) {
                    LOG.debug("/commit {} seen before; ignored", id);
                }
            } catch (Inbox.NotStored e) {
                // The database does not answer (within the ack's time): nothing was kept, and the person hears so now.
                LOG.warn("A /commit was not stored, and its sender asked to try again: {}", e.getMessage());
                return ctx.ack(SlackMessages.ephemeral(Message.text(CATCHING_UP)));
            } catch (RuntimeException e) {
                LOG.error("Storing a /commit failed", e);
                return ctx.ack(SlackMessages.ephemeral(Message.text(SORRY)));
            }
            return ctx.ack();
        });
        for (String action : NUDGE_ACTIONS) {
            app.blockAction(action, (req, ctx) -> {
                click(req.getPayload());
                return ctx.ack();
            });
        }
        // "I agree" under a working agreement; the button's value is the engagement's channel.
        app.blockAction("agree", (req, ctx) -> {
            agreed(req.getPayload());
            return ctx.ack();
        });
        app.viewSubmission(SlackViews.NEW, (req, ctx) -> {
            ViewSubmissionPayload p = req.getPayload();
            String ws = p.getTeam().getId();
            String user = p.getUser().getId();
            String channel = p.getView().getPrivateMetadata();
            String line = SlackViews.commitLine(p.getView().getState());
            Set<Long> before = openIds(ws, line, user);
            Inbound in = new Inbound(ws, channel, user, line);
            List<Outgoing> out = handle(in);
            Optional<Outgoing> reply = Replies.of(user, out).answer();
            if (openIds(ws, line, user).equals(before)) { // nothing recorded: keep the form open with the reason
                return ctx.ack(r -> r.responseAction("errors").errors(Map.of("what", plainText(reply))));
            }
            deliverLater(ws, out, channel);
            return ctx.ack();
        });
        app.viewSubmission(SlackViews.TRACK, (req, ctx) -> {
            ViewSubmissionPayload p = req.getPayload();
            String ws = p.getTeam().getId();
            String user = p.getUser().getId();
            Optional<SlackViews.Tracking> tracking = SlackViews.Tracking.parse(p.getView().getPrivateMetadata());
            if (tracking.isEmpty() || uses.capture() == null) {
                return ctx.ack();
            }
            SlackViews.Tracking t = tracking.get();
            dev.keepword.app.PromiseCapture.Captured captured = capture(() -> uses.capture().submit(
                    new Inbound(ws, t.channelId(), user, SlackViews.commitLine(p.getView().getState())), t.ts(), t.link()), user,
                    t.channelId());
            if (captured.saved().isEmpty()) { // nothing recorded: keep the form open with the reason
                return ctx.ack(r -> r.responseAction("errors").errors(Map.of("what",
                        plainText(Replies.of(user, captured.out()).answer()))));
            }
            deliverLater(ws, captured.out(), t.channelId());
            captured.threadReply().ifPresent(m -> inThread(ws, t.channelId(), t.threadTs(), m));
            return ctx.ack();
        });
        // "Track as commitment" on a message: the /commit form, prefilled from it; refused privately outside an
        // engagement or to a non-member.
        app.messageShortcut(SlackViews.SHORTCUT, (req, ctx) -> {
            com.slack.api.app_backend.interactive_components.payload.MessageShortcutPayload p = req.getPayload();
            if (uses.capture() == null || p.getTeam() == null || p.getUser() == null || p.getChannel() == null) {
                return ctx.ack();
            }
            String ws = p.getTeam().getId();
            String user = p.getUser().getId();
            String channel = p.getChannel().getId();
            com.slack.api.model.Message m = p.getMessage();
            String ts = m != null && m.getTs() != null ? m.getTs() : p.getMessageTs();
            dev.keepword.domain.Outcome<dev.keepword.app.PromiseCapture.Form> form = uses.capture().form(ws, channel, ts,
                    m == null ? null : m.getUser(), user, m == null ? "" : m.getText());
            Message refusal;
            if (form instanceof dev.keepword.domain.Outcome.Ok<dev.keepword.app.PromiseCapture.Form> ok) {
                SlackViews.Tracking tracking = new SlackViews.Tracking(channel, ts,
                        SlackViews.Tracking.permalink(p.getTeam().getDomain(), channel, ts),
                        m != null && m.getThreadTs() != null ? m.getThreadTs() : ts);
                if (chat.openView(ws, p.getTriggerId(), SlackViews.track(tracking, ok.value())).ok()) {
                    return ctx.ack();
                }
                refusal = Message.text("I couldn't open the form just now. Try again, or type the commitment: "
                        + "/commit @person WHAT by WHEN");
            } else {
                refusal = Message.text(((dev.keepword.domain.Outcome.Rejected<?>) form).message());
            }
            String url = p.getResponseUrl();
            Message said = refusal;
            after.execute(() -> {
                if (url == null || url.isBlank() || !chat.respond(url, said).ok()) {
                    deliverLater(ws, List.of(new Outgoing(new Target.Private(user, channel), said)), null);
                }
            });
            return ctx.ack();
        });
        // The buttons under a private offer to track a promise.
        app.blockAction(dev.keepword.app.PromiseCapture.TRACK, (req, ctx) -> {
            BlockActionPayload p = req.getPayload();
            if (uses.capture() == null || p.getActions() == null || p.getActions().isEmpty()) {
                return ctx.ack();
            }
            String ws = p.getTeam().getId();
            String user = p.getUser().getId();
            String key = p.getActions().get(0).getValue();
            String[] parts = key == null ? new String[0] : key.split(" ", 2);
            String link = parts.length == 2 ? SlackViews.Tracking.permalink(p.getTeam().getDomain(), parts[0], parts[1]) : null;
            uses.sightings().heard(ws, user, uses.clock().now());
            dev.keepword.app.PromiseCapture.Captured captured = capture(() -> uses.capture().track(ws, user, key, link), user,
                    parts.length == 2 ? parts[0] : null);
            deliverLater(ws, captured.out(), parts.length == 2 ? parts[0] : null);
            if (parts.length == 2) {
                captured.threadReply().ifPresent(m -> inThread(ws, parts[0], parts[1], m));
            }
            return ctx.ack();
        });
        app.blockAction(dev.keepword.app.PromiseCapture.NOT_NOW, (req, ctx) -> {
            BlockActionPayload p = req.getPayload();
            if (uses.capture() != null && p.getActions() != null && !p.getActions().isEmpty()) {
                String ws = p.getTeam().getId();
                deliverLater(ws, uses.capture().notNow(ws, p.getUser().getId(), p.getActions().get(0).getValue()), null);
            }
            return ctx.ack();
        });
        app.viewSubmission(SlackViews.MOVE, (req, ctx) -> submitted(req.getPayload(), "due_date", ctx));
        app.viewSubmission(SlackViews.BLOCKED, (req, ctx) -> submitted(req.getPayload(), "reason", ctx));

        // Events are stored and acked by storeEvent (a middleware, ahead of Bolt's own dispatch); these run on the inbox
        // thread, and hand anything that talks to Slack to the delivery executor so the inbox goes on.
        app.use(this::storeEvent);
        on(MessageEvent.TYPE_NAME, MessageEvent.class, (ws, e, at) -> {
            // Any bot's message (Keepword's own included) is no one being heard from.
            if (e.getUser() != null && e.getBotId() == null && e.getSubtype() == null) {
                Optional<dev.keepword.domain.Engagement> engagement = uses.engagements().byChannel(ws, e.getChannel());
                if (engagement.isPresent()) {
                    uses.sightings().heard(ws, e.getUser(), at);
                    if (uses.capture() != null) {
                        // A dated promise by a member: offered, privately, to track it (rate-limited per person).
                        uses.capture().offer(ws, e.getChannel(), e.getTs(), e.getUser(), e.getText(), null)
                                .ifPresent(o -> deliverLater(ws, List.of(o), null));
                    }
                    if (!engagement.get().isMember(e.getUser())) { // someone from another organisation, perhaps
                        String user = e.getUser();
                        String channel = e.getChannel();
                        after.execute(() -> connect.adopt(ws, channel, user));
                    }
                }
            }
        });
        on(MemberJoinedChannelEvent.TYPE_NAME, MemberJoinedChannelEvent.class, (ws, e, at) -> {
            if (uses.engagements().byChannel(ws, e.getChannel()).isPresent()) {
                after.execute(() -> {
                    connect.adopt(ws, e.getChannel(), e.getUser());
                    showAgreement(ws, e.getChannel(), e.getUser());
                });
            }
        });
        on(AppHomeOpenedEvent.TYPE_NAME, AppHomeOpenedEvent.class, (ws, e, at) -> {
            if (e.getTab() == null || "home".equals(e.getTab())) {
                after.execute(() -> publishHome(ws, e.getUser()));
            }
        });
        on(UserChangeEvent.TYPE_NAME, UserChangeEvent.class, (ws, e, at) -> {
            if (e.getUser() != null && e.getUser().getId() != null) {
                String id = e.getUser().getId();
                after.execute(() -> personChanged(ws, id));
            }
        });
        on(AppUninstalledEvent.TYPE_NAME, AppUninstalledEvent.class, (ws, e, at) -> {
            if (installations != null) {
                installations.remove(ws, "app_uninstalled");
            }
            LOG.warn("Keepword was uninstalled from workspace {}; its messages will be refused until it is reinstalled", ws);
        });
        on(TokensRevokedEvent.TYPE_NAME, TokensRevokedEvent.class, (ws, e, at) -> {
            boolean bot = e.getTokens() != null && e.getTokens().getBot() != null && !e.getTokens().getBot().isEmpty();
            if (bot && installations != null) {
                installations.remove(ws, "tokens_revoked");
            }
            LOG.warn("Slack revoked Keepword's {} tokens in workspace {}", bot ? "bot" : "user", ws);
        });
        ignoreTheRest();
    }

    /**
     * Interactivity Keepword never asks for (shortcuts, dialogs, legacy attachment buttons, a closed modal, a button or
     * modal of another version): acked with nothing and one DEBUG line, where Bolt would log a WARN with a code
     * suggestion for each. Keepword's own action and callback ids are excluded by pattern, so the handlers above keep
     * them whatever order Bolt tries its patterns in.
     */
    private void ignoreTheRest() {
        Pattern any = Pattern.compile(".*");
        Set<String> actions = new java.util.TreeSet<>(NUDGE_ACTIONS);
        actions.add("agree");
        actions.add(dev.keepword.app.PromiseCapture.TRACK);
        actions.add(dev.keepword.app.PromiseCapture.NOT_NOW);
        app.command(otherThan(Set.of("/commit")), (req, ctx) -> ignored("command " + req.getPayload().getCommand(), ctx.ack()));
        app.blockAction(otherThan(actions), (req, ctx) -> ignored("block action", ctx.ack()));
        app.viewSubmission(otherThan(Set.of(SlackViews.NEW, SlackViews.MOVE, SlackViews.BLOCKED, SlackViews.TRACK)),
                (req, ctx) -> ignored("view submission", ctx.ack()));
        app.viewClosed(any, (req, ctx) -> ignored("view_closed", ctx.ack()));
        app.blockSuggestion(any, (req, ctx) -> ignored("block suggestion", ctx.ack()));
        app.globalShortcut(any, (req, ctx) -> ignored("shortcut", ctx.ack()));
        app.messageShortcut(otherThan(Set.of(SlackViews.SHORTCUT)), (req, ctx) -> ignored("message shortcut", ctx.ack()));
        app.attachmentAction(any, (req, ctx) -> ignored("attachment action", ctx.ack()));
        app.dialogSubmission(any, (req, ctx) -> ignored("dialog submission", ctx.ack()));
        app.dialogSuggestion(any, (req, ctx) -> ignored("dialog suggestion", ctx.ack()));
        app.dialogCancellation(any, (req, ctx) -> ignored("dialog cancellation", ctx.ack()));
    }

    /** Matches any id but these. */
    private static Pattern otherThan(Set<String> ids) {
        return Pattern.compile("(?!(?:" + ids.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")$).*",
                Pattern.DOTALL);
    }

    private static Response ignored(String what, Response ack) {
        LOG.debug("Ignored a {} (nothing in Keepword uses it)", what);
        return ack;
    }

    /**
     * A verified request whose handling threw: logged once, and still answered 200, since a 5xx makes Slack retry it
     * and, past a failure rate, disable the app's events. Nothing was changed by then; a command is told so.
     */
    static Response failed(Request<?> req, Exception e) {
        RequestType type = req == null ? null : req.getRequestType();
        LOG.error("Handling a Slack {} request failed; acknowledged anyway", type, e);
        return type == RequestType.Command ? Response.json(200, SlackMessages.ephemeral(Message.text(SORRY))) : Response.ok();
    }

    /**
     * Waits until every command stored before this call has been handled and answered (including answers still being
     * retried), and what was handed to the delivery executor before that has run (not retries scheduled for later:
     * a DM waiting for pacing may wait minutes). One barrier task per thread can only all be running once nothing
     * queued ahead of them is. For tests and benchmarks.
     */
    public void drain() {
        inbox.drain();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        synchronized (answersLock) {
            while (answering > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(answering + " answers to commands were still being sent");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(answersLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        after.drain();
    }

    /** Counts answers to commands not yet sent (or given up), for {@link #drain}. */
    private void answering(int delta) {
        synchronized (answersLock) {
            answering += delta;
            if (answering == 0) {
                answersLock.notifyAll();
            }
        }
    }

    /** Runs {@code task} on the inbox thread, after what is queued: tests hold the thread to see what waits for it. */
    public void onInboxThread(Runnable task) {
        inbox.onThread(task);
    }

    /** What Keepword does with one event of a kind, on the inbox thread; {@code at}: when it happened. */
    @FunctionalInterface
    private interface EventHandler<E extends Event> {
        void handle(String workspaceId, E event, Instant at);
    }

    /** An event Keepword uses: its model class and its handler. */
    private record Subscribed<E extends Event>(Class<E> type, EventHandler<E> handler) {
        void handle(String workspaceId, JsonObject event, Instant at) {
            handler.handle(workspaceId, SLACK_JSON.fromJson(event, type), at);
        }
    }

    private <E extends Event> void on(String typeName, Class<E> type, EventHandler<E> handler) {
        subscribed.put(typeName, new Subscribed<>(type, handler));
    }

    /**
     * The Events API, ahead of Bolt's dispatch (after its authorization): an event Keepword uses is stored as Slack sent
     * it, keyed {@code event:<event_id>} so Slack's retries change nothing, and acked; the inbox thread handles it.
     * Every other event (and Keepword's own messages) is acked and dropped with one DEBUG line. Bolt's own dispatch
     * would log a WARN for each event type it has no handler for.
     */
    private Response storeEvent(Request<?> req, Response resp, MiddlewareChain chain) throws Exception {
        if (req.getRequestType() == RequestType.WorkflowStepExecute) { // steps from apps: retired by Slack, never used here
            LOG.debug("Ignored a workflow_step_execute event");
            return Response.ok();
        }
        if (req.getRequestType() != RequestType.Event) {
            return chain.next(req);
        }
        EventRequest request = (EventRequest) req;
        String kind = request.getEventTypeAndSubtype();
        if (!subscribed.containsKey(kind)) {
            LOG.debug("Ignored a {} event (not one Keepword uses)", kind);
            return Response.ok();
        }
        String body = request.getRequestBodyAsString();
        JsonObject payload = JsonParser.parseString(body).getAsJsonObject();
        String botUser = request.getContext().getBotUserId();
        if (botUser != null && botUser.equals(string(payload.getAsJsonObject("event"), "user"))) {
            LOG.debug("Ignored Keepword's own {} event", kind);
            return Response.ok();
        }
        String eventId = string(payload, "event_id");
        String ws = workspace(request.getContext().getTeamId(), payload);
        String id = EVENT + (eventId == null ? java.util.UUID.randomUUID() : eventId);
        try {
            if (!inbox.accept(ws, id, body, () -> handleEvent(body))) {
                LOG.debug("Event {} seen before (retry {} {}); ignored", eventId, request.getContext().getRetryNum(),
                        request.getContext().getRetryReason());
            }
        } catch (Inbox.NotStored e) {
            // Not stored (the database does not answer), so not acked: a 503 makes Slack send it again (up to three
            // times: at once, after a minute, after five), which is what an event needs; an ack would lose it. There is
            // nobody to tell, and an outage longer than Slack's retries loses the event either way.
            LOG.warn("A {} event was not stored; Slack will send it again: {}", kind, e.getMessage());
            return Response.builder().statusCode(503).build();
        } catch (RuntimeException e) {
            // Not stored, so not acked: Slack sends it again, which is what it is for. Handling failures never get here.
            LOG.error("Storing a {} event failed; Slack will send it again", kind, e);
            return Response.builder().statusCode(503).build();
        }
        return Response.ok();
    }

    /**
     * Handles one stored event, on the inbox thread: the body as Slack sent it (the {@code event_callback} over HTTP,
     * the envelope's payload over Socket Mode), read again here so a restart handles it the same way.
     */
    private void handleEvent(String body) {
        JsonObject payload = JsonParser.parseString(body).getAsJsonObject();
        JsonObject event = payload.getAsJsonObject("event");
        String type = string(event, "type");
        String subtype = string(event, "subtype");
        Subscribed<?> s = subscribed.get(subtype == null ? type : type + ":" + subtype);
        if (s == null) {
            return;
        }
        // When it happened (event_time), not when it is handled: the inbox may be behind, or this may be after a restart.
        Instant now = uses.clock().now();
        JsonElement time = payload.get("event_time");
        Instant at = time != null && time.isJsonPrimitive() && time.getAsJsonPrimitive().isNumber()
                ? Instant.ofEpochSecond(time.getAsLong()) : now;
        s.handle(workspace(null, payload), event, at.isAfter(now) ? now : at);
    }

    /**
     * The workspace an event is for: Bolt's (read from {@code authorizations}, which in a shared channel names the
     * installation rather than the channel's home workspace), else the payload's {@code team_id}.
     */
    private static String workspace(String bolt, JsonObject payload) {
        if (bolt != null) {
            return bolt;
        }
        JsonElement authorizations = payload.get("authorizations");
        if (authorizations != null && authorizations.isJsonArray() && !authorizations.getAsJsonArray().isEmpty()
                && authorizations.getAsJsonArray().get(0).isJsonObject()) {
            String team = string(authorizations.getAsJsonArray().get(0).getAsJsonObject(), "team_id");
            if (team != null) {
                return team;
            }
        }
        String team = string(payload, "team_id");
        return team == null ? "" : team;
    }

    /** A string field, or null when absent, null or not a string. */
    private static String string(JsonObject o, String field) {
        JsonElement e = o == null ? null : o.get(field);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    /** Shows a client member who joined an engagement's channel its working agreement, privately, once recorded as shown. */
    void showAgreement(String workspaceId, String channelId, String userId) {
        boolean client = uses.engagements().byChannel(workspaceId, channelId).map(e -> e.isClient(userId)).orElse(false);
        if (!client) {
            return; // consultants set the agreement; people outside the engagement see nothing of it
        }
        uses.commands().agreementFor(workspaceId, channelId, userId).ifPresent(m -> deliverLater(workspaceId,
                List.of(new Outgoing(new Target.Private(userId, channelId), m)), channelId));
    }

    /** Publishes the person's App Home: what they owe, what is owed to them, their engagements' health. */
    void publishHome(String workspaceId, String userId) {
        Message home = uses.home().forUser(workspaceId, userId, uses.clock().now());
        SlackChat.Result<String> result = chat.publishHome(workspaceId, userId, SlackViews.home(home));
        if (!result.ok()) {
            LOG.info("App Home for {} not published: {}", userId, result);
        }
    }

    /** A person's Slack profile changed: refresh the stored name and zone, and re-plan their nudges on a new zone. */
    void personChanged(String workspaceId, String userId) {
        Optional<Party> stored = uses.parties().find(workspaceId, userId);
        if (stored.isEmpty()) {
            return; // not someone Keepword deals with (yet); they will be looked up when first named
        }
        Optional<Party> fresh = directory.refresh(workspaceId, userId);
        if (fresh.isEmpty()) {
            return;
        }
        Party old = stored.get();
        Party updated = new Party(workspaceId, userId, fresh.get().displayName(), fresh.get().zone(), old.hours(),
                old.awayFrom(), old.awayUntil());
        if (updated.equals(old)) {
            return;
        }
        Instant now = uses.clock().now();
        uses.tx().inTransaction(() -> {
            uses.parties().save(updated);
            if (!updated.zone().equals(old.zone())) {
                uses.planner().ownerChanged(uses.commitments().openOwnedBy(workspaceId, userId), uses.engagements(), now);
            }
            return null;
        });
        LOG.info("Refreshed {} ({}{})", userId, updated.zone().getId(), updated.zone().equals(old.zone()) ? "" : ", re-planned");
    }

    // ----------------------------------------------------------------------------------------------------------
    // nudge buttons

    private void click(BlockActionPayload p) {
        if (p.getActions() == null || p.getActions().isEmpty()) {
            return;
        }
        BlockActionPayload.Action action = p.getActions().get(0);
        String ws = p.getTeam().getId();
        String user = p.getUser().getId();
        long id;
        try {
            id = Long.parseLong(action.getValue());
        } catch (NumberFormatException e) {
            return;
        }
        String channel = p.getContainer() != null && p.getContainer().getChannelId() != null ? p.getContainer().getChannelId()
                : p.getChannel() == null ? null : p.getChannel().getId();
        String ts = p.getContainer() != null && p.getContainer().getMessageTs() != null ? p.getContainer().getMessageTs()
                : p.getMessage() == null ? null : p.getMessage().getTs();
        SlackViews.Clicked clicked = new SlackViews.Clicked(id, channel, ts, action.getBlockId());
        List<LayoutBlock> blocks = p.getMessage() == null || p.getMessage().getBlocks() == null ? List.of()
                : p.getMessage().getBlocks();
        uses.sightings().heard(ws, user, uses.clock().now()); // a click is an answer, whatever it says
        switch (action.getActionId()) {
            // "reassign" asks privately who should own it; "approve" and "decline" are a client's decision on a change request
            case "done", "notmine", "reassign", "approve", "decline" -> {
                Optional<Commitment> before = uses.commitments().find(ws, id);
                List<Outgoing> out = handle(new Inbound(ws, channel, user, action.getActionId() + " " + id));
                finish(ws, user, clicked, blocks, before, out);
            }
            case "notice-send", "notice-hold" -> { // a drafted final notice: sent as drafted, or held
                Optional<Commitment> before = uses.commitments().find(ws, id);
                List<Outgoing> out = handle(new Inbound(ws, channel, user, "notice " + id + " "
                        + action.getActionId().substring("notice-".length())));
                finish(ws, user, clicked, blocks, before, out);
            }
            case "notice-edit" -> deliverLater(ws, List.of(new Outgoing(new Target.Private(user, channel), Message.text(
                    "Type your own wording and it goes out instead of the draft: /commit notice " + id
                            + " edit YOUR WORDING"))), channel);
            case "move", "blocked" -> {
                openClicks.put(channel + " " + ts, blocks);
                SlackChat.Result<String> opened = chat.openView(ws, p.getTriggerId(), "move".equals(action.getActionId())
                        ? SlackViews.move(clicked.metadata(), id) : SlackViews.blocked(clicked.metadata(), id));
                if (!opened.ok()) {
                    deliverLater(ws, List.of(new Outgoing(new Target.Private(user, channel), Message.text(
                            "I couldn't open the form just now. Type it instead: /commit " + ("move".equals(action.getActionId())
                                    ? "move " + id + " WHEN because REASON" : "blocked " + id + " REASON")))), channel);
                }
            }
            default -> {
            }
        }
    }

    /** "I agree" clicked: the agreement is acknowledged as if typed in its channel, and the button replaced by the answer. */
    private void agreed(BlockActionPayload p) {
        if (p.getActions() == null || p.getActions().isEmpty() || p.getActions().get(0).getValue() == null) {
            return;
        }
        BlockActionPayload.Action action = p.getActions().get(0);
        String ws = p.getTeam().getId();
        String user = p.getUser().getId();
        String engagementChannel = action.getValue();
        uses.sightings().heard(ws, user, uses.clock().now());
        Replies replies = Replies.of(user, handle(new Inbound(ws, engagementChannel, user, "agree")));
        Optional<Outgoing> reply = replies.answer();
        String channel = p.getContainer() == null ? null : p.getContainer().getChannelId();
        String ts = p.getContainer() == null ? null : p.getContainer().getMessageTs();
        if (channel != null && ts != null && p.getMessage() != null && p.getMessage().getBlocks() != null) {
            List<LayoutBlock> updated = SlackViews.retire(p.getMessage().getBlocks(), action.getBlockId(),
                    "<@" + user + "> " + reply.map(o -> mrkdwn(o.message())).orElse(""));
            after.execute(() -> chat.update(ws, channel, ts, reply.map(o -> o.message().plain()).orElse("Agreed"), updated));
            deliverLater(ws, replies.rest(), null);
        } else {
            deliverLater(ws, replies.all(), null);
        }
    }

    private Response submitted(ViewSubmissionPayload p, String errorBlock, com.slack.api.bolt.context.builtin.ViewSubmissionContext ctx) {
        String ws = p.getTeam().getId();
        String user = p.getUser().getId();
        Optional<SlackViews.Clicked> clicked = SlackViews.Clicked.parse(p.getView().getPrivateMetadata());
        if (clicked.isEmpty()) {
            return ctx.ack();
        }
        SlackViews.Clicked c = clicked.get();
        String line = SlackViews.MOVE.equals(p.getView().getCallbackId()) ? SlackViews.moveLine(c.id(), p.getView().getState())
                : SlackViews.blockedLine(c.id(), p.getView().getState());
        Optional<Commitment> before = uses.commitments().find(ws, c.id());
        List<Outgoing> out = handle(new Inbound(ws, c.channelId(), user, line));
        if (!Replies.changed(before, uses.commitments().find(ws, c.id()))) {
            return ctx.ack(r -> r.responseAction("errors").errors(Map.of(errorBlock,
                    plainText(Replies.of(user, out).answer()))));
        }
        List<LayoutBlock> blocks = openClicks.remove(c.channelId() + " " + c.ts());
        finish(ws, user, c, blocks == null ? List.of() : blocks, before, out);
        return ctx.ack();
    }

    /**
     * After a click: when the commitment changed, the clicked message is updated in place (its buttons replaced by
     * what happened); when it did not (not allowed, already closed), the clicker is told why, privately.
     */
    private void finish(String ws, String user, SlackViews.Clicked clicked, List<LayoutBlock> blocks,
                        Optional<Commitment> before, List<Outgoing> out) {
        Replies replies = Replies.of(user, out);
        Optional<Outgoing> reply = replies.answer();
        if (Replies.changed(before, uses.commitments().find(ws, clicked.id())) && clicked.ts() != null
                && !clicked.ts().isEmpty()) {
            String status = "<@" + user + "> " + reply.map(o -> mrkdwn(o.message())).orElse("");
            List<LayoutBlock> updated = SlackViews.retire(blocks, clicked.blockId(), status);
            after.execute(() -> {
                SlackChat.Result<String> r = chat.update(ws, clicked.channelId(), clicked.ts(),
                        reply.map(o -> o.message().plain()).orElse("Updated"), updated);
                if (!r.ok()) {
                    LOG.info("chat.update of {} failed: {}", clicked.ts(), r);
                }
            });
            deliverLater(ws, replies.rest(), null);
        } else {
            deliverLater(ws, out, null);
        }
    }

    /**
     * Handles one stored {@code /commit} on the inbox thread: Slack Connect first (people from another organisation are
     * the client side unless the engagement says otherwise), then the command; the answer goes to the person through
     * the command's {@code response_url}, everything else after it. A report or an export (several Slack calls) says
     * it is working on it and runs on the delivery executor, so it never holds up the commands behind it. The command's
     * effects and answer are keyed by {@code itemId} ({@link KeyedEffects}): handled again after a crash, it changes
     * nothing and sends only an answer not yet sent; the item is marked handled once its answer is sent.
     */
    private void answer(String itemId, SlashCommandPayload p) {
        String ws = p.getTeamId();
        String text = p.getText() == null ? "" : p.getText().strip();
        Target.Private asker = new Target.Private(p.getUserId(), p.getChannelId());
        SlackConnect.Setup setup = connect.setup(ws, p.getChannelId(), text);
        if (setup instanceof SlackConnect.Setup.Refused refused) {
            respond(ws, p.getResponseUrl(), asker, refused.message());
            return;
        }
        if (setup instanceof SlackConnect.Setup.Rewritten rewritten) {
            text = rewritten.text();
        } else {
            connect.adopt(ws, p.getChannelId(), p.getUserId());
        }
        Inbound in = new Inbound(ws, p.getChannelId(), p.getUserId(), text);
        if (offTheAckPath(text)) {
            String url = p.getResponseUrl();
            boolean viaUrl = url != null && !url.isBlank();
            answering(viaUrl ? 2 : 1);
            // "Working on it" is sent by the same task, before the work starts, so it always arrives first.
            if (!after.execute(() -> {
                if (viaUrl) {
                    respond(ws, url, asker, Message.text(WORKING_ON_IT), 1);
                } else {
                    deliverLater(ws, List.of(new Outgoing(asker, Message.text(WORKING_ON_IT))), null);
                }
                try {
                    reply(in, url, handle(in), setup);
                } finally {
                    answering(-1);
                }
            })) {
                answering(viaUrl ? -2 : -1);
                LOG.info("Stopping; a report or export was not made");
            }
            return;
        }
        KeyedEffects.Handled handled;
        try {
            handled = effects.once(PLATFORM, ws, itemId, () -> uses.commands().handle(in));
        } catch (RuntimeException e) {
            if (Inbox.databaseGone(e) || !uses.seen().answers()) {
                throw e; // the database went away meanwhile: the inbox handles this command again once it is back
            }
            LOG.error("/commit failed", e);
            handled = new KeyedEffects.Handled(List.of(new Outgoing(asker, Message.text(SORRY))), false);
        }
        if (handled.again() && handled.out().isEmpty()) {
            return; // handled and answered before (by a process that died before marking the item handled)
        }
        Runnable sent = inbox.handledWhenSent();
        reply(in, p.getResponseUrl(), handled.out(), setup, () -> {
            effects.answered(PLATFORM, ws, itemId);
            if (sent != null) {
                sent.run();
            }
        });
    }

    /** Sends a command's answer to the person who typed it and the rest of what it caused after it. */
    private void reply(Inbound in, String responseUrl, List<Outgoing> out, SlackConnect.Setup setup) {
        reply(in, responseUrl, out, setup, null);
    }

    /** As above; {@code done} (null: none) runs once the answer and every other message are sent or given up on. */
    private void reply(Inbound in, String responseUrl, List<Outgoing> out, SlackConnect.Setup setup, Runnable done) {
        Replies replies = Replies.of(in.userId(), out);
        Runnable each = done == null ? null : countdown(1 + replies.rest().size(), done);
        Message answer = replies.answer().map(Outgoing::message).orElse(Message.text("Done."));
        if (setup instanceof SlackConnect.Setup.Rewritten rewritten && uses.engagements().byChannel(in.workspaceId(),
                in.channelId()).map(e -> e.clients().equals(rewritten.clients())).orElse(false)) {
            answer = SlackConnect.withNote(answer, rewritten.clients());
        }
        respond(in.workspaceId(), responseUrl, new Target.Private(in.userId(), in.channelId()), answer, each);
        deliverLater(in.workspaceId(), replies.rest(), in.channelId(), each);
    }

    /** A callback that runs {@code done} on its {@code n}th call. */
    private static Runnable countdown(int n, Runnable done) {
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(n);
        return () -> {
            if (left.decrementAndGet() == 0) {
                done.run();
            }
        };
    }

    /**
     * Answers through a command's {@code response_url} (on its own thread, so the inbox goes on); trouble is tried
     * again a few times, and a URL Slack refuses (it lasts 30 minutes: a command handled after a restart) is replaced
     * by an ephemeral message in the channel.
     */
    private void respond(String ws, String responseUrl, Target.Private asker, Message answer) {
        respond(ws, responseUrl, asker, answer, (Runnable) null);
    }

    /** As above; {@code done} (null: none) runs once the answer is sent or given up on (not when it is dropped at a stop). */
    private void respond(String ws, String responseUrl, Target.Private asker, Message answer, Runnable done) {
        if (responseUrl == null || responseUrl.isBlank()) {
            deliverLater(ws, List.of(new Outgoing(asker, answer)), null, done);
            return;
        }
        answering(1);
        try {
            after.execute(() -> respond(ws, responseUrl, asker, answer, 1, done));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            answering(-1);
            LOG.info("Stopping; an answer to a command was not sent");
        }
    }

    /** One try at an answer; the count {@link #answering} goes down when it is sent or given up. */
    private void respond(String ws, String responseUrl, Target.Private asker, Message answer, int attempt) {
        respond(ws, responseUrl, asker, answer, attempt, null);
    }

    private void respond(String ws, String responseUrl, Target.Private asker, Message answer, int attempt, Runnable done) {
        boolean again = false;
        try {
            SlackChat.Result<String> r = chat.respond(responseUrl, answer);
            if (r instanceof SlackChat.Result.Later<String> later && attempt < DELIVERY_ATTEMPTS && !after.isShutdown()) {
                long wait = Math.max(later.after().toMillis(), Duration.ofSeconds(1L << (attempt - 1)).toMillis());
                after.schedule(() -> respond(ws, responseUrl, asker, answer, attempt + 1, done), Duration.ofMillis(wait));
                again = true;
            } else if (!r.ok() && after.isShutdown()) {
                LOG.info("Stopping; an answer to a command was not sent ({})", r);
            } else if (!r.ok()) {
                LOG.info("Answering a command through its response_url failed ({}); posting it in the channel instead", r);
                deliverLater(ws, List.of(new Outgoing(asker, answer)), null, done);
            } else if (r.ok() && done != null) {
                done.run();
            }
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.info("Stopping; an answer to a command was not sent");
        } finally {
            if (!again) {
                answering(-1);
            }
        }
    }

    /**
     * Handles the commands and events a stopped process stored but did not handle, received in the last day up to
     * {@code before}; returns how many were queued. One being handled when the process died is handled again.
     */
    public int recover(Instant before) {
        return inbox.recover(before, pending -> {
            String body = pending.payload();
            if (pending.eventId().startsWith(EVENT)) {
                JsonElement parsed = JsonParser.parseString(body); // unreadable: thrown, and the inbox skips it
                return parsed.isJsonObject() && parsed.getAsJsonObject().has("event") ? () -> handleEvent(body) : null;
            }
            SlashCommandPayload p = body.startsWith("{") ? SLACK_JSON.fromJson(body, SlashCommandPayload.class)
                    : new com.slack.api.app_backend.slash_commands.SlashCommandPayloadParser().parse(body);
            return p == null || p.getTeamId() == null ? null : () -> answer(pending.eventId(), p);
        });
    }

    // ----------------------------------------------------------------------------------------------------------

    /** The ack of a {@code /commit report} or {@code /commit export}, whose answer follows. */
    static final String WORKING_ON_IT = "Working on it: the answer follows here in a moment, and any file in your "
            + "direct messages with Keepword.";

    /** {@code /commit report} and {@code /commit export}: handled on the delivery executor, off the inbox thread. */
    private static boolean offTheAckPath(String text) {
        return dev.keepword.domain.CommandParser.parse(text) instanceof dev.keepword.domain.Outcome.Ok<dev.keepword.domain.Command> ok
                && (ok.value() instanceof dev.keepword.domain.Command.Export
                || ok.value() instanceof dev.keepword.domain.Command.Report);
    }

    private List<Outgoing> handle(Inbound in) {
        try {
            return uses.commands().handle(in);
        } catch (RuntimeException e) {
            LOG.error("/commit failed", e);
            return List.of(new Outgoing(new Target.Private(in.userId(), in.channelId()), Message.text(SORRY)));
        }
    }

    /** Runs a capture use case; a failure is logged and told to the person privately, never thrown at Bolt. */
    private dev.keepword.app.PromiseCapture.Captured capture(java.util.function.Supplier<dev.keepword.app.PromiseCapture.Captured> work,
                                                            String user, String channel) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            LOG.error("Tracking a message as a commitment failed", e);
            return new dev.keepword.app.PromiseCapture.Captured(List.of(new Outgoing(new Target.Private(user, channel),
                    Message.text(SORRY))), Optional.empty(), Optional.empty());
        }
    }

    /** Posts {@code message} in the thread of the message {@code ts}, after the ack. */
    private void inThread(String ws, String channel, String ts, Message message) {
        after.send("a thread reply in " + channel, () -> chat.thread(ws, channel, ts, message), d -> {
            if (d instanceof Delivery.Undeliverable u) {
                LOG.info("Could not reply in the thread of {}: {}", ts, u.reason());
            }
        });
    }

    /** The commitments open for whoever a "new commitment" line names as owner (the speaker by default). */
    private Set<Long> openIds(String ws, String line, String speaker) {
        String owner = line.startsWith("<@") && line.indexOf('>') > 2 ? line.substring(2, line.indexOf('>')) : speaker;
        return uses.commitments().openOwnedBy(ws, owner).stream().map(Commitment::id).collect(Collectors.toSet());
    }

    private static String mrkdwn(Message m) {
        return m.lines().stream().map(l -> String.join("", SlackMessages.sections(l))).collect(Collectors.joining(" "));
    }

    private static String plainText(Optional<Outgoing> reply) {
        String text = reply.map(o -> o.message().plain()).orElse("That didn't work; please check the fields.");
        return text.length() <= 2000 ? text : text.substring(0, 1999) + "…";
    }

    /**
     * Sends messages after the ack, off the request thread. A DM from a command falls back to the channel it was typed
     * in; a transient failure is tried again a few times, never sooner than Slack asked.
     */
    private void deliverLater(String ws, List<Outgoing> out, String fallbackChannel) {
        deliverLater(ws, out, fallbackChannel, null);
    }

    /** As above; {@code each} (null: none) runs as each message is sent or given up on. */
    private void deliverLater(String ws, List<Outgoing> out, String fallbackChannel, Runnable each) {
        for (Outgoing o : out) {
            Target target = o.target() instanceof Target.Direct d && d.fallbackChannel() == null && fallbackChannel != null
                    ? new Target.Direct(d.userId(), fallbackChannel) : o.target();
            after.send("a message to " + target, () -> chat.send(ws, target, o.message()), d -> {
                if (d instanceof Delivery.Undeliverable u) {
                    LOG.info("Could not deliver a message to {}: {}", target, u.reason());
                }
                if (each != null) {
                    each.run();
                }
            });
        }
    }

    /** Stops Socket Mode (if used) and Bolt, then lets messages already handed over finish (never interrupting them). */
    @Override
    public synchronized void close() {
        if (socketMode != null) {
            try {
                socketMode.close();
            } catch (Exception e) {
                LOG.warn("Socket Mode did not close cleanly: {}", e.toString());
            }
            socketMode = null;
        }
        try {
            app.stop();
        } catch (RuntimeException e) {
            LOG.warn("Bolt did not stop cleanly: {}", e.toString());
        }
        inbox.close(); // commands not handled in time are handled after the next start
        after.close();
    }
}
