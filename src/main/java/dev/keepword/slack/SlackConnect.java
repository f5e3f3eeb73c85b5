package dev.keepword.slack;

import com.slack.api.model.User;
import dev.keepword.app.Engagements;
import dev.keepword.app.Message;
import dev.keepword.app.Parties;
import dev.keepword.app.Transactions;
import dev.keepword.domain.CommandParser;
import dev.keepword.domain.Engagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Slack Connect: people from another organisation (their {@code users.info} names another team, or marks them
 * {@code is_stranger}) are the client side by default. The rule, applied by the adapter in front of the unchanged
 * {@code /commit} language:
 * <ul>
 * <li>{@code /commit setup …} with no {@code client} list takes the channel's members from other organisations
 * ({@code conversations.members} + {@code users.info}) as the client members.</li>
 * <li>{@code /commit setup} naming someone from another organisation after {@code owner} is refused: consultant
 * owners receive the agency's internal escalations. They can be named after {@code client} (or {@code sponsor}).</li>
 * <li>A member of another organisation met in an engagement's channel without being listed (they join, write, or use
 * {@code /commit}) is added to the engagement's client members.</li>
 * </ul>
 * Members of the same Enterprise Grid organisation (the workspace is among their {@code enterprise_user.teams}) are
 * not external. Bots, apps and deactivated accounts are never counted.
 */
final class SlackConnect {
    private static final Logger LOG = LoggerFactory.getLogger(SlackConnect.class);
    /** The most channel members looked at for one setup. */
    static final int MAX_MEMBERS = 200;
    /** How long a setup may spend asking Slack about members: it runs before the 3-second ack. */
    static final Duration BUDGET = Duration.ofMillis(1500);
    private static final Set<String> OWNER_WORDS = Set.of("owner", "owners", "consultant", "consultants");
    private static final Set<String> CLIENT_WORDS = Set.of("client", "clients");
    private static final Set<String> KEYS = Set.of("client", "clients", "owner", "owners", "consultant", "consultants",
            "escalate", "tz", "tier", "name", "sponsor");

    private final SlackChat chat;
    private final SlackDirectory directory;
    private final Engagements engagements;
    private final Parties parties;
    private final Transactions tx;

    SlackConnect(SlackChat chat, SlackDirectory directory, Engagements engagements, Parties parties, Transactions tx) {
        this.chat = chat;
        this.directory = directory;
        this.engagements = engagements;
        this.parties = parties;
        this.tx = tx;
    }

    /** What the rule made of a {@code /commit} line. */
    sealed interface Setup {
        /** Not a setup, or one the rule leaves as it is. */
        record Unchanged() implements Setup {
        }

        /** A setup without a client list, completed with the channel's external members. */
        record Rewritten(String text, List<String> clients) implements Setup {
        }

        /** A setup that names someone from another organisation as a consultant owner. */
        record Refused(Message message) implements Setup {
        }
    }

    /** True when Slack says the person belongs to another organisation than {@code workspaceId}. */
    static boolean external(String workspaceId, User u) {
        if (u.isBot() || u.isAppUser() || u.isDeleted() || "USLACKBOT".equals(u.getId())) {
            return false;
        }
        if (u.isStranger()) {
            return true;
        }
        String team = u.getTeamId();
        if (team == null || team.equals(workspaceId)) {
            return false;
        }
        return u.getEnterpriseUser() == null || u.getEnterpriseUser().getTeams() == null
                || !u.getEnterpriseUser().getTeams().contains(workspaceId);
    }

    boolean isExternal(String workspaceId, String userId) {
        return directory.user(workspaceId, userId).map(u -> external(workspaceId, u)).orElse(false);
    }

    /** Applies the setup rules to a {@code /commit} line typed in {@code channel}. */
    Setup setup(String workspaceId, String channel, String text) {
        String[] tokens = text.strip().split("\\s+");
        if (tokens.length < 2 || !tokens[0].equalsIgnoreCase("setup")) {
            return new Setup.Unchanged();
        }
        boolean clientsNamed = false;
        List<String> owners = new ArrayList<>();
        String key = null;
        for (int i = 1; i < tokens.length; i++) {
            String lower = tokens[i].toLowerCase(Locale.ROOT);
            if (KEYS.contains(lower)) {
                key = lower;
                clientsNamed |= CLIENT_WORDS.contains(lower);
                continue;
            }
            if (key != null && OWNER_WORDS.contains(key)) {
                CommandParser.mention(tokens[i]).ifPresent(owners::add);
            }
        }
        for (String owner : owners) {
            if (isExternal(workspaceId, owner)) {
                return new Setup.Refused(Message.builder()
                        .line(Message.mention(owner), " is from another organisation (Slack Connect), so Keepword counts "
                                + "them on the client side: consultant owners receive the agency's internal escalations. "
                                + "Name them after \"client\" instead, and only people from your own organisation after \"owner\".")
                        .build());
            }
        }
        if (clientsNamed) {
            return new Setup.Unchanged();
        }
        SlackChat.Result<List<String>> members = chat.channelMembers(workspaceId, channel, MAX_MEMBERS);
        if (!(members instanceof SlackChat.Result.Ok<List<String>> ok)) {
            LOG.info("conversations.members for {} failed ({}); setup left to name its clients", channel, members);
            return new Setup.Unchanged();
        }
        long deadline = System.nanoTime() + BUDGET.toNanos();
        List<String> clients = new ArrayList<>();
        for (String member : ok.value()) {
            if (owners.contains(member)) {
                continue;
            }
            if (System.nanoTime() > deadline) {
                return new Setup.Refused(Message.text("This channel has too many members for me to tell who is from "
                        + "another organisation in time. Name the client members after \"client\", for example: "
                        + "/commit setup client @sam @lee owner @maya escalate #acme-internal"));
            }
            if (isExternal(workspaceId, member)) {
                clients.add(member);
            }
        }
        if (clients.isEmpty()) {
            return new Setup.Unchanged(); // the parser will ask for a client list
        }
        StringBuilder line = new StringBuilder(text.strip()).append(" client");
        clients.forEach(c -> line.append(" <@").append(c).append('>'));
        return new Setup.Rewritten(line.toString(), List.copyOf(clients));
    }

    /** The reply to a rewritten setup, with a note naming who was taken as the client side. */
    static Message withNote(Message reply, List<String> clients) {
        List<Object> parts = new ArrayList<>(List.of("Client members: this channel's members from other organisations "
                + "(Slack Connect): "));
        for (int i = 0; i < clients.size(); i++) {
            parts.add(i == 0 ? "" : ", ");
            parts.add(Message.mention(clients.get(i)));
        }
        parts.add(". Name others with /commit setup client @a @b …");
        List<Message.Line> lines = new ArrayList<>(reply.lines());
        lines.addAll(Message.builder().line(parts.toArray()).build().lines());
        return new Message(lines);
    }

    /**
     * Adds {@code userId} to the client members of the engagement in {@code channel} when they are from another
     * organisation and not listed on either side. True when they were added.
     */
    boolean adopt(String workspaceId, String channel, String userId) {
        try {
            Optional<Engagement> found = engagements.byChannel(workspaceId, channel);
            if (found.isEmpty() || found.get().isMember(userId)) {
                return false;
            }
            Optional<User> user = directory.user(workspaceId, userId);
            if (user.isEmpty() || !external(workspaceId, user.get())) {
                return false;
            }
            boolean added = tx.inTransaction(() -> {
                Optional<Engagement> now = engagements.byChannel(workspaceId, channel);
                if (now.isEmpty() || now.get().isMember(userId)) {
                    return false;
                }
                if (parties.find(workspaceId, userId).isEmpty()) {
                    parties.save(SlackDirectory.toParty(workspaceId, user.get()));
                }
                Engagement e = now.get();
                List<String> clients = new ArrayList<>(e.clients());
                clients.add(userId);
                engagements.save(new Engagement(e.workspaceId(), e.channelId(), e.name(), clients, e.consultants(),
                        e.escalationChannel(), e.zone(), e.tier(), e.agreement(), e.sponsor(), e.summaryChannel()));
                return true;
            });
            if (added) {
                LOG.info("{} (from another organisation) joined the client side of the engagement in {}", userId, channel);
            }
            return added;
        } catch (RuntimeException e) {
            LOG.warn("Could not check whether {} in {} is from another organisation: {}", userId, channel, e.toString());
            return false;
        }
    }
}
