package dev.keepword.domain;

import java.util.Map;
import java.util.TreeMap;

/** The ladder of each tier (1: trusts our judgment … 3: wants exactly what they ask, the firmest cadence). */
public record Ladders(Map<Integer, Ladder> byTier) {

    public static final Ladders DEFAULT = new Ladders(Map.of(2, Ladder.DEFAULT));

    public Ladders {
        byTier = Map.copyOf(new TreeMap<>(byTier));
        if (byTier.isEmpty()) {
            throw new IllegalArgumentException("at least one tier needs a ladder");
        }
    }

    /** The tier's ladder, or the nearest configured tier's. */
    public Ladder forTier(int tier) {
        Ladder exact = byTier.get(tier);
        if (exact != null) {
            return exact;
        }
        return byTier.entrySet().stream()
                .min((a, b) -> Integer.compare(Math.abs(a.getKey() - tier), Math.abs(b.getKey() - tier)))
                .orElseThrow().getValue();
    }
}
