package dev.keepword.slack;

import com.slack.api.model.User;
import dev.keepword.app.Clock;
import dev.keepword.app.Directory;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Who a Slack user is, from {@code users.info}: display name and IANA time zone ({@code tz}, never
 * {@code tz_offset}, which goes stale at every DST change). Answers are cached for an hour; {@code user_change}
 * events refresh them at once.
 */
public final class SlackDirectory implements Directory {
    static final Duration TTL = Duration.ofHours(1);
    private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,40}");

    private final SlackChat slack;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<Party> party, Optional<User> user, Instant until) {
    }

    public SlackDirectory(SlackChat slack, Clock clock) {
        this.slack = slack;
        this.clock = clock;
    }

    @Override
    public Optional<Party> lookup(String workspaceId, String userId) {
        if (!USER_ID.matcher(userId).matches()) {
            return Optional.empty(); // "@sam" typed by hand is not a Slack id; no round trip for it
        }
        Instant now = clock.now();
        Cached hit = cache.get(workspaceId + " " + userId);
        if (hit != null && hit.until().isAfter(now)) {
            return hit.party();
        }
        return refresh(workspaceId, userId);
    }

    /** Asks Slack again, whatever the cache holds. Empty when Slack does not know the person (or cannot say now). */
    public Optional<Party> refresh(String workspaceId, String userId) {
        return fetch(workspaceId, userId).party();
    }

    /**
     * Slack's own record of the person ({@code users.info}, cached like {@link #lookup}): which team and organisation
     * they belong to, whether they are a bot. Empty when Slack does not know them or cannot say now.
     */
    public Optional<User> user(String workspaceId, String userId) {
        if (!USER_ID.matcher(userId).matches()) {
            return Optional.empty();
        }
        Cached hit = cache.get(workspaceId + " " + userId);
        if (hit != null && hit.until().isAfter(clock.now())) {
            return hit.user();
        }
        return fetch(workspaceId, userId).user();
    }

    private Cached fetch(String workspaceId, String userId) {
        SlackChat.Result<User> result = slack.userInfo(workspaceId, userId);
        Optional<User> user = result instanceof SlackChat.Result.Ok<User> ok ? Optional.of(ok.value()) : Optional.empty();
        Cached fresh = new Cached(user.map(u -> toParty(workspaceId, u)), user, clock.now().plus(TTL));
        if (!(result instanceof SlackChat.Result.Later)) { // a transient failure is not remembered as "nobody"
            cache.put(workspaceId + " " + userId, fresh);
        }
        return fresh;
    }

    static Party toParty(String workspaceId, User user) {
        return new Party(workspaceId, user.getId(), name(user), zone(user.getTz()), WorkingHours.OFFICE);
    }

    private static String name(User user) {
        if (user.getProfile() != null) {
            String display = user.getProfile().getDisplayName();
            if (display != null && !display.isBlank()) {
                return display;
            }
            String real = user.getProfile().getRealName();
            if (real != null && !real.isBlank()) {
                return real;
            }
        }
        return user.getRealName() != null && !user.getRealName().isBlank() ? user.getRealName() : user.getName();
    }

    static ZoneId zone(String tz) {
        if (tz == null || tz.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
