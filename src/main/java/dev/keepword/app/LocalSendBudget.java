package dev.keepword.app;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The send budget of one process, in memory: what a single process on H2 uses (no database round trip per send). The
 * same slots as the database's budget, so one process behaves the same either way. Thread-safe (one lock).
 */
public final class LocalSendBudget implements SendBudget {
    private final Map<String, Long> tats = new HashMap<>();

    @Override
    public synchronized Slot reserve(String platform, String workspaceId, Instant now, Duration horizon, List<Rate> rates) {
        long[] t = new long[rates.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = tats.getOrDefault(key(platform, workspaceId, rates.get(i)), 0L);
        }
        Slot slot = SendBudget.step(t, rates, now, horizon);
        if (slot.reserved()) {
            for (int i = 0; i < t.length; i++) {
                tats.put(key(platform, workspaceId, rates.get(i)), t[i]);
            }
            if (tats.size() > 10_000) {
                long nowUs = SendBudget.micros(now);
                tats.values().removeIf(tat -> tat < nowUs); // a bucket whose slots are all in the past is full again
            }
        }
        return slot;
    }

    @Override
    public synchronized void pause(String platform, String workspaceId, Rate rate, Instant until) {
        tats.merge(key(platform, workspaceId, rate), SendBudget.paused(0L, rate, until),
                (old, fresh) -> SendBudget.paused(old, rate, until));
    }

    @Override
    public boolean shared() {
        return false;
    }

    private static String key(String platform, String workspaceId, Rate rate) {
        return platform + "\u0000" + workspaceId + "\u0000" + rate.bucket();
    }
}
