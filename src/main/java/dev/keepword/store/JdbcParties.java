package dev.keepword.store;

import dev.keepword.app.Parties;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Parties in the {@code party} table. */
public final class JdbcParties implements Parties {
    private final Jdbc jdbc;

    public JdbcParties(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Party> find(String workspaceId, String userId) {
        return jdbc.one("""
                select workspace_id, user_id, display_name, zone, working_days, work_start, work_end, away_from, away_until
                from party where workspace_id = ? and user_id = ?
                """, JdbcParties::party, workspaceId, userId);
    }

    /** One query: on H2 a join with a {@code table(…)} of the ids (an index lookup each), on PostgreSQL an IN list. */
    @Override
    public java.util.Map<String, Party> findAll(String workspaceId, java.util.Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return java.util.Map.of();
        }
        String columns = "p.workspace_id, p.user_id, p.display_name, p.zone, p.working_days, p.work_start, p.work_end, "
                + "p.away_from, p.away_until";
        Jdbc.Among among = jdbc.among("party", "p", "user_id", "varchar", workspaceId, userIds);
        java.util.List<Party> found = jdbc.query("select " + columns + " from " + among.from(), JdbcParties::party,
                among.args().toArray());
        java.util.Map<String, Party> out = new java.util.HashMap<>();
        found.forEach(p -> out.put(p.userId(), p));
        return out;
    }

    @Override
    public java.util.List<Party> all(String workspaceId) {
        return jdbc.query("""
                select workspace_id, user_id, display_name, zone, working_days, work_start, work_end, away_from, away_until
                from party where workspace_id = ? order by user_id
                """, JdbcParties::party, workspaceId);
    }

    @Override
    public void save(Party p) {
        jdbc.inTransaction(() -> {
            int updated = jdbc.update("""
                    update party set display_name = ?, zone = ?, working_days = ?, work_start = ?, work_end = ?, away_from = ?, away_until = ?
                    where workspace_id = ? and user_id = ?
                    """, p.displayName(), p.zone().getId(), days(p.hours().days()), p.hours().start().toString(),
                    p.hours().end().toString(), p.awayFrom(), p.awayUntil(), p.workspaceId(), p.userId());
            if (updated == 0) {
                jdbc.update("""
                        insert into party (workspace_id, user_id, display_name, zone, working_days, work_start, work_end, away_from, away_until)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, p.workspaceId(), p.userId(), p.displayName(), p.zone().getId(), days(p.hours().days()),
                        p.hours().start().toString(), p.hours().end().toString(), p.awayFrom(), p.awayUntil());
            }
            return null;
        });
    }

    private static Party party(ResultSet rs) throws SQLException {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        Arrays.stream(rs.getString("working_days").split(",")).map(DayOfWeek::valueOf).forEach(days::add);
        return new Party(rs.getString("workspace_id"), rs.getString("user_id"), rs.getString("display_name"),
                ZoneId.of(rs.getString("zone")),
                new WorkingHours(days, LocalTime.parse(rs.getString("work_start")), LocalTime.parse(rs.getString("work_end"))),
                rs.getObject("away_from", java.time.LocalDate.class), rs.getObject("away_until", java.time.LocalDate.class));
    }

    private static String days(Set<DayOfWeek> days) {
        return days.stream().sorted().map(DayOfWeek::name).collect(Collectors.joining(","));
    }
}
