package dev.keepword.domain;

import java.time.ZoneId;
import java.util.Objects;

/**
 * A person in a workspace, as Keepword knows them: their chat id, display name, IANA time zone and working
 * hours. Which side they are on is a fact of each engagement, see {@link Engagement#sideOf(String)}.
 */
public record Party(String workspaceId, String userId, String displayName, ZoneId zone, WorkingHours hours) {
    public Party {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(hours, "hours");
        displayName = displayName == null || displayName.isBlank() ? userId : displayName;
    }

    public Party withZone(ZoneId newZone) {
        return new Party(workspaceId, userId, displayName, newZone, hours);
    }
}
