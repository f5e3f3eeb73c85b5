package dev.keepword.app;

import dev.keepword.domain.Engagement;

import java.util.List;

/** Every engagement in every workspace: whose weekly summaries the clockwork (or simulated time) has to keep. */
public interface EngagementRoster {
    List<Engagement> everywhere();
}
