package dev.keepword.app;

import dev.keepword.domain.Engagement;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The engagements store, telling the {@link SummaryScheduler} whenever an engagement is saved, so its weekly-summary
 * trigger follows it (a new engagement gets one; a changed zone, or a day and time chosen with {@code /commit summary},
 * moves it). Told after the transaction commits.
 */
public final class ScheduledEngagements implements Engagements {
    private final Engagements store;
    private final Transactions tx;
    private final Supplier<SummaryScheduler> scheduler;

    public ScheduledEngagements(Engagements store, Transactions tx, Supplier<SummaryScheduler> scheduler) {
        this.store = store;
        this.tx = tx;
        this.scheduler = scheduler;
    }

    @Override
    public Optional<Engagement> byChannel(String workspaceId, String channelId) {
        return store.byChannel(workspaceId, channelId);
    }

    @Override
    public List<Engagement> withMember(String workspaceId, String userId) {
        return store.withMember(workspaceId, userId);
    }

    @Override
    public List<Engagement> all(String workspaceId) {
        return store.all(workspaceId);
    }

    @Override
    public void save(Engagement engagement) {
        store.save(engagement);
        tx.afterCommit(() -> scheduler.get().scheduled(engagement));
    }
}
