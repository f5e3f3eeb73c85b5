package dev.keepword.domain;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A person in a workspace, as Keepword knows them: their chat id, display name, IANA time zone, working
 * hours, and the first and last day of an out-of-office spell (both null when in). Which side they are on is a fact of each engagement, see {@link Engagement#sideOf(String)}.
 */
public record Party(String workspaceId, String userId, String displayName, ZoneId zone, WorkingHours hours,
                    LocalDate awayFrom, LocalDate awayUntil) {

    public Party(String workspaceId, String userId, String displayName, ZoneId zone, WorkingHours hours) {
        this(workspaceId, userId, displayName, zone, hours, null, null);
    }

    public Party {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(hours, "hours");
        displayName = displayName == null || displayName.isBlank() ? userId : displayName;
    }

    public Party withZone(ZoneId newZone) {
        return new Party(workspaceId, userId, displayName, newZone, hours, awayFrom, awayUntil);
    }

    /** Out of office from {@code firstDay} through {@code lastDay} (inclusive, local dates). */
    public Party away(LocalDate firstDay, LocalDate lastDay) {
        return new Party(workspaceId, userId, displayName, zone, hours, firstDay, lastDay);
    }

    /** In the office again. */
    public Party back() {
        return new Party(workspaceId, userId, displayName, zone, hours, null, null);
    }
}
