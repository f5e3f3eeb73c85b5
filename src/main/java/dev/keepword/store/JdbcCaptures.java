package dev.keepword.store;

import dev.keepword.app.Captures;

import java.time.Instant;
import java.util.Optional;

/** Tracked messages in {@code commitment_source}, offers in {@code promise_offer}, the switch in {@code engagement}. */
public final class JdbcCaptures implements Captures {
    private final Jdbc jdbc;

    public JdbcCaptures(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean tracked(String workspaceId, String channelId, String messageId) {
        return jdbc.one("select 1 from commitment_source where workspace_id = ? and channel_id = ? and message_id = ?",
                rs -> true, workspaceId, channelId, messageId).isPresent();
    }

    @Override
    public boolean link(String workspaceId, String channelId, String messageId, long commitmentId, String link) {
        try {
            jdbc.update("insert into commitment_source (workspace_id, channel_id, message_id, commitment_id, link) "
                    + "values (?, ?, ?, ?, ?)", workspaceId, channelId, messageId, commitmentId, link);
            return true;
        } catch (StoreException e) {
            if (e.duplicateKey()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<Instant> lastOfferTo(String workspaceId, String userId) {
        return jdbc.one("select max(offered_at) as last_at from promise_offer where workspace_id = ? and user_id = ?",
                rs -> Jdbc.instant(rs, "last_at"), workspaceId, userId);
    }

    @Override
    public boolean offer(Offer o) {
        try {
            jdbc.update("insert into promise_offer (workspace_id, channel_id, message_id, user_id, what, due_at, date_phrase, "
                            + "link, offered_at, state) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", o.workspaceId(), o.channelId(),
                    o.messageId(), o.userId(), o.what(), o.due(), o.datePhrase(), o.link(), o.offeredAt(), o.state());
            return true;
        } catch (StoreException e) {
            if (e.duplicateKey()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<Offer> offer(String workspaceId, String channelId, String messageId) {
        return jdbc.one("select * from promise_offer where workspace_id = ? and channel_id = ? and message_id = ?",
                rs -> new Offer(rs.getString("workspace_id"), rs.getString("channel_id"), rs.getString("message_id"),
                        rs.getString("user_id"), rs.getString("what"), Jdbc.instant(rs, "due_at"), rs.getString("date_phrase"),
                        rs.getString("link"), Jdbc.instant(rs, "offered_at"), rs.getString("state")),
                workspaceId, channelId, messageId);
    }

    @Override
    public boolean settle(String workspaceId, String channelId, String messageId, String state) {
        return jdbc.update("update promise_offer set state = ? where workspace_id = ? and channel_id = ? and message_id = ? "
                + "and state = ?", state, workspaceId, channelId, messageId, Offer.OPEN) == 1;
    }

    @Override
    public boolean offersOn(String workspaceId, String channelId) {
        return jdbc.one("select capture_offers from engagement where workspace_id = ? and channel_id = ?",
                rs -> rs.getBoolean("capture_offers"), workspaceId, channelId).orElse(true);
    }

    @Override
    public void offers(String workspaceId, String channelId, boolean on) {
        jdbc.update("update engagement set capture_offers = ? where workspace_id = ? and channel_id = ?", on, workspaceId,
                channelId);
    }
}
