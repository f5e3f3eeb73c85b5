package dev.keepword.store;

import dev.keepword.app.Engagements;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Side;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Engagements in {@code engagement}, their members in {@code engagement_member} (side and order kept). The weekly
 * summary's day, time and channel have columns of their own; an engagement stored before they existed has the
 * configured default ({@code summaryDay}, {@code summaryTime}) until it is saved again.
 */
public final class JdbcEngagements implements Engagements {
    private final Jdbc jdbc;
    private final Agreement defaults;

    public JdbcEngagements(Jdbc jdbc, Agreement defaults) {
        this.jdbc = jdbc;
        this.defaults = defaults;
    }

    @Override
    public Optional<Engagement> byChannel(String workspaceId, String channelId) {
        return load("workspace_id = ? and channel_id = ?", workspaceId, channelId).stream().findFirst();
    }

    @Override
    public List<Engagement> withMember(String workspaceId, String userId) {
        return load("""
                workspace_id = ? and channel_id in
                  (select channel_id from engagement_member where workspace_id = ? and user_id = ?)""",
                workspaceId, workspaceId, userId);
    }

    @Override
    public List<Engagement> all(String workspaceId) {
        return load("workspace_id = ?", workspaceId);
    }

    @Override
    public void save(Engagement e) {
        jdbc.inTransaction(() -> {
            int updated = jdbc.update("""
                    update engagement set name = ?, escalation_channel = ?, zone = ?, tier = ?, agreement = ?, sponsor = ?,
                      summary_day = ?, summary_time = ?, summary_channel = ?
                    where workspace_id = ? and channel_id = ?
                    """, e.name(), e.escalationChannel(), e.zone().getId(), e.tier(), AgreementCodec.encode(e.agreement()),
                    e.sponsor(), e.agreement().summaryDay().name(), e.agreement().summaryTime().toString(),
                    e.summaryChannel(), e.workspaceId(), e.channelId());
            if (updated == 0) {
                jdbc.update("""
                        insert into engagement (workspace_id, channel_id, name, escalation_channel, zone, tier, agreement, sponsor,
                          summary_day, summary_time, summary_channel)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, e.workspaceId(), e.channelId(), e.name(), e.escalationChannel(), e.zone().getId(), e.tier(),
                        AgreementCodec.encode(e.agreement()), e.sponsor(), e.agreement().summaryDay().name(),
                        e.agreement().summaryTime().toString(), e.summaryChannel());
            }
            jdbc.update("delete from engagement_member where workspace_id = ? and channel_id = ?",
                    e.workspaceId(), e.channelId());
            int position = 0;
            for (String c : e.consultants()) {
                insertMember(e, c, Side.CONSULTANT, position++);
            }
            for (String c : e.clients()) {
                insertMember(e, c, Side.CLIENT, position++);
            }
            return null;
        });
    }

    private void insertMember(Engagement e, String userId, Side side, int position) {
        jdbc.update("""
                insert into engagement_member (workspace_id, channel_id, user_id, side, position) values (?, ?, ?, ?, ?)
                """, e.workspaceId(), e.channelId(), userId, side, position);
    }

    private record Member(String channelId, String userId, Side side) {
    }

    private List<Engagement> load(String where, Object... args) {
        return jdbc.inTransaction(() -> {
            List<Engagement> out = new ArrayList<>();
            for (Row r : jdbc.query("select * from engagement where " + where + " order by channel_id", JdbcEngagements::row, args)) {
                List<Member> members = jdbc.query("""
                        select channel_id, user_id, side from engagement_member
                        where workspace_id = ? and channel_id = ? order by position
                        """, rs -> new Member(rs.getString("channel_id"), rs.getString("user_id"),
                        Side.valueOf(rs.getString("side"))), r.workspaceId, r.channelId);
                out.add(new Engagement(r.workspaceId, r.channelId, r.name,
                        members.stream().filter(m -> m.side == Side.CLIENT).map(Member::userId).toList(),
                        members.stream().filter(m -> m.side == Side.CONSULTANT).map(Member::userId).toList(),
                        r.escalationChannel, ZoneId.of(r.zone), r.tier, AgreementCodec.decode(r.agreement, defaults)
                        .withSummary(r.summaryDay == null ? defaults.summaryDay() : DayOfWeek.valueOf(r.summaryDay),
                                r.summaryTime == null ? defaults.summaryTime() : LocalTime.parse(r.summaryTime)),
                        r.sponsor, r.summaryChannel));
            }
            return out;
        });
    }

    private record Row(String workspaceId, String channelId, String name, String escalationChannel, String zone,
                       int tier, String agreement, String sponsor, String summaryDay, String summaryTime,
                       String summaryChannel) {
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("workspace_id"), rs.getString("channel_id"), rs.getString("name"),
                rs.getString("escalation_channel"), rs.getString("zone"), rs.getInt("tier"), rs.getString("agreement"),
                rs.getString("sponsor"), rs.getString("summary_day"), rs.getString("summary_time"),
                rs.getString("summary_channel"));
    }
}
