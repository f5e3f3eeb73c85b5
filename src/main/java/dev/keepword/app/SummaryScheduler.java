package dev.keepword.app;

import dev.keepword.domain.Engagement;

/**
 * Keeps each engagement's weekly-summary trigger in step with the engagement: created or changed when it is saved
 * (its zone may have moved). The clockwork implements it with one cron trigger per engagement; without a clockwork
 * (the console, tests) {@link #NONE} does nothing and simulated time fires the schedules instead.
 */
public interface SummaryScheduler {
    void scheduled(Engagement engagement);

    SummaryScheduler NONE = e -> {
    };
}
