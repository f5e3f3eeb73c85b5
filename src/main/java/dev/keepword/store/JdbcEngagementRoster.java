package dev.keepword.store;

import dev.keepword.app.EngagementRoster;
import dev.keepword.domain.Engagement;

import java.util.ArrayList;
import java.util.List;

/** Every engagement of every workspace, for the weekly-summary schedules: one query for the workspaces, then each one's. */
public final class JdbcEngagementRoster implements EngagementRoster {
    private final Jdbc jdbc;
    private final JdbcEngagements engagements;

    public JdbcEngagementRoster(Jdbc jdbc, JdbcEngagements engagements) {
        this.jdbc = jdbc;
        this.engagements = engagements;
    }

    @Override
    public List<Engagement> everywhere() {
        List<Engagement> all = new ArrayList<>();
        for (String ws : jdbc.query("select distinct workspace_id from engagement order by workspace_id", rs -> rs.getString(1))) {
            all.addAll(engagements.all(ws));
        }
        return all;
    }
}
