package dev.keepword.teams;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Conversation references: how to reach each Teams person and conversation Keepword has met (tables
 * {@code teams_user} and {@code teams_channel}). Teams ids are long and full of {@code :} and {@code @}, which the
 * command language does not take, so Keepword knows people and conversations by a short id derived from the Teams id
 * ({@link #userKey}, {@link #channelKey}); the Teams id is kept here. Service URLs stored here only ever come from
 * verified activities.
 */
public final class TeamsReferences {

    /** A person: Keepword's id, Teams id, name, AAD object id, service URL, 1:1 conversation (null until known). */
    public record User(String workspaceId, String userId, String teamsId, String name, String aadObjectId,
                       String serviceUrl, String chatId, boolean unreachable) {
    }

    /** A conversation: a team channel, a group chat or a personal chat. */
    public record Conversation(String workspaceId, String channelId, String conversationId, String kind, String teamId,
                               String name, String serviceUrl, boolean active, boolean unreachable) {
    }

    private final DataSource dataSource;

    public TeamsReferences(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Keepword's id for a Teams user id: stable, short, and made only of characters the command language accepts. */
    public static String userKey(String teamsId) {
        return "t" + digest(teamsId);
    }

    /** Keepword's id for a Teams conversation (a channel's id without any {@code ;messageid=} suffix). */
    public static String channelKey(String conversationId) {
        return "c" + digest(baseConversation(conversationId));
    }

    /** A channel conversation id without the thread suffix ({@code 19:x@thread.tacv2;messageid=123} → {@code 19:x@thread.tacv2}). */
    public static String baseConversation(String conversationId) {
        int semi = conversationId.indexOf(';');
        return semi < 0 ? conversationId : conversationId.substring(0, semi);
    }

    private static String digest(String id) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder();
            // 80 bits in base 32 (16 characters): no collision among the people of one tenant in practice.
            long bits = 0;
            int have = 0;
            int i = 0;
            while (out.length() < 16) {
                if (have < 5) {
                    bits = (bits << 8) | (hash[i++] & 0xff);
                    have += 8;
                }
                have -= 5;
                out.append("abcdefghijklmnopqrstuvwxyz234567".charAt((int) ((bits >> have) & 31)));
            }
            return out.toString().toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** True when any conversation of this workspace (tenant) is recorded. */
    public boolean knowsWorkspace(String workspaceId) {
        return !query("select 1 from teams_channel where workspace_id = ? fetch first 1 rows only", rs -> 1, workspaceId).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // people

    /**
     * Records (or refreshes) a person seen in a verified activity; keeps a known 1:1 chat and name when not given. Most
     * activities come from people already known as they are: then it only reads. Two first activities of one person
     * at once both try to insert; the second finds the row and refreshes it.
     */
    public User rememberUser(String workspaceId, String teamsId, String name, String aadObjectId, String serviceUrl,
                             Instant now) {
        String key = userKey(teamsId);
        Optional<User> known = user(workspaceId, key);
        if (known.isEmpty() && inserted("insert into teams_user (workspace_id, user_id, teams_id, name, aad_object_id, "
                + "service_url, updated_at) values (?, ?, ?, ?, ?, ?, ?)", workspaceId, key, teamsId, name, aadObjectId,
                serviceUrl, ts(now))) {
            return new User(workspaceId, key, teamsId, name, aadObjectId, serviceUrl, null, false);
        }
        User k = known.isPresent() ? known.get() : user(workspaceId, key).orElseThrow();
        User fresh = new User(workspaceId, key, k.teamsId(), blankTo(name, k.name()), blankTo(aadObjectId, k.aadObjectId()),
                serviceUrl, k.chatId(), k.unreachable());
        if (fresh.equals(k)) {
            return k;
        }
        update("update teams_user set name = ?, aad_object_id = ?, service_url = ?, updated_at = ? "
                + "where workspace_id = ? and user_id = ?", fresh.name(), fresh.aadObjectId(), serviceUrl, ts(now), workspaceId, key);
        return fresh;
    }

    public Optional<User> user(String workspaceId, String userId) {
        List<User> found = query("select * from teams_user where workspace_id = ? and user_id = ?", rs -> new User(
                rs.getString("workspace_id"), rs.getString("user_id"), rs.getString("teams_id"), rs.getString("name"),
                rs.getString("aad_object_id"), rs.getString("service_url"), rs.getString("chat_id"),
                rs.getBoolean("unreachable")), workspaceId, userId);
        return found.stream().findFirst();
    }

    /** The person with this Azure AD object id (how a message extension's {@code messagePayload.from.user} names them). */
    public Optional<User> userByAad(String workspaceId, String aadObjectId) {
        if (aadObjectId == null || aadObjectId.isBlank()) {
            return Optional.empty();
        }
        List<User> found = query("select * from teams_user where workspace_id = ? and aad_object_id = ?", rs -> new User(
                rs.getString("workspace_id"), rs.getString("user_id"), rs.getString("teams_id"), rs.getString("name"),
                rs.getString("aad_object_id"), rs.getString("service_url"), rs.getString("chat_id"),
                rs.getBoolean("unreachable")), workspaceId, aadObjectId);
        return found.stream().findFirst();
    }

    /** Stores the person's personal conversation with the bot (created once, or seen when they wrote to it); reachable again. */
    public void chatOpened(String workspaceId, String userId, String chatId, Instant now) {
        update("update teams_user set chat_id = ?, unreachable = false, updated_at = ? where workspace_id = ? and user_id = ?",
                chatId, ts(now), workspaceId, userId);
    }

    /**
     * The stored personal chat is gone (Teams answered {@code ConversationNotFound}, or the bot is no longer in its
     * roster): forgotten, so the next message opens the chat afresh ({@code POST /v3/conversations}) instead of
     * posting to a dead one again.
     */
    public void chatForgotten(String workspaceId, String userId, Instant now) {
        update("update teams_user set chat_id = null, updated_at = ? where workspace_id = ? and user_id = ?",
                ts(now), workspaceId, userId);
    }

    /** The bot was blocked or uninstalled by this person (403): no more attempts until they write to it again. */
    public void userUnreachable(String workspaceId, String userId, Instant now) {
        update("update teams_user set unreachable = true, updated_at = ? where workspace_id = ? and user_id = ?",
                ts(now), workspaceId, userId);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // conversations

    /**
     * Records (or reactivates) a conversation seen in a verified activity; keeps a known name and team when not given.
     * Only reads when nothing changed; a race between two first activities ends with one row, refreshed.
     */
    public Conversation rememberConversation(String workspaceId, String conversationId, String kind, String teamId,
                                             String name, String serviceUrl, Instant now) {
        String base = baseConversation(conversationId);
        String key = channelKey(base);
        Optional<Conversation> known = conversation(workspaceId, key);
        if (known.isEmpty() && inserted("insert into teams_channel (workspace_id, channel_id, conversation_id, kind, team_id, "
                + "name, service_url, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)", workspaceId, key, base, kind, teamId, name,
                serviceUrl, ts(now))) {
            return new Conversation(workspaceId, key, base, kind, teamId, name, serviceUrl, true, false);
        }
        Conversation k = known.isPresent() ? known.get() : conversation(workspaceId, key).orElseThrow();
        Conversation seen = new Conversation(workspaceId, key, k.conversationId(), kind, blankTo(teamId, k.teamId()),
                blankTo(name, k.name()), serviceUrl, true, false);
        if (seen.equals(k)) {
            return k;
        }
        update("update teams_channel set kind = ?, team_id = ?, name = ?, service_url = ?, active = true, "
                        + "unreachable = false, updated_at = ? where workspace_id = ? and channel_id = ?",
                kind, seen.teamId(), seen.name(), serviceUrl, ts(now), workspaceId, key);
        return seen;
    }

    public Optional<Conversation> conversation(String workspaceId, String channelId) {
        return query("select * from teams_channel where workspace_id = ? and channel_id = ?", TeamsReferences::conversation,
                workspaceId, channelId).stream().findFirst();
    }

    /** The active channels Keepword knows in a team. */
    public List<Conversation> teamChannels(String workspaceId, String teamId) {
        return query("select * from teams_channel where workspace_id = ? and team_id = ? and active = true",
                TeamsReferences::conversation, workspaceId, teamId);
    }

    /** The bot was removed from the conversation (or the team): it is kept for history, never written to again. */
    public void retire(String workspaceId, String channelId, Instant now) {
        update("update teams_channel set active = false, updated_at = ? where workspace_id = ? and channel_id = ?",
                ts(now), workspaceId, channelId);
    }

    /** Retires every channel of a team the bot was removed from. */
    public void retireTeam(String workspaceId, String teamId, Instant now) {
        update("update teams_channel set active = false, updated_at = ? where workspace_id = ? and team_id = ?",
                ts(now), workspaceId, teamId);
    }

    public void conversationUnreachable(String workspaceId, String channelId, Instant now) {
        update("update teams_channel set unreachable = true, updated_at = ? where workspace_id = ? and channel_id = ?",
                ts(now), workspaceId, channelId);
    }

    private static Conversation conversation(ResultSet rs) throws SQLException {
        return new Conversation(rs.getString("workspace_id"), rs.getString("channel_id"), rs.getString("conversation_id"),
                rs.getString("kind"), rs.getString("team_id"), rs.getString("name"), rs.getString("service_url"),
                rs.getBoolean("active"), rs.getBoolean("unreachable"));
    }

    // ---------------------------------------------------------------------------------------------------------------

    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static String blankTo(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }

    /** Cut to the microsecond the column keeps, as the stores' parameters are (a rounded-up stored instant reads later). */
    private static OffsetDateTime ts(Instant at) {
        return at.truncatedTo(java.time.temporal.ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    /** Inserts a row; false when its key is already there (another request stored it first). */
    private boolean inserted(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) { // a unique-key violation, on H2 and PostgreSQL alike
                return false;
            }
            throw new IllegalStateException("Teams references: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Teams references: " + e.getMessage(), e);
        }
    }

    private <T> List<T> query(String sql, Row<T> row, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Teams references: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
