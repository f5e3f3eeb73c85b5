package dev.keepword.domain;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One client account, bound to a chat channel: who the client members and consultant owners are, where
 * escalations go, the engagement's time zone, tier and working agreement, and where its weekly summary is posted
 * ({@code summaryChannel}; null: the engagement's own channel; its day and time are the agreement's).
 */
public record Engagement(String workspaceId, String channelId, String name, List<String> clients,
                         List<String> consultants, String escalationChannel, ZoneId zone, int tier,
                         Agreement agreement, String sponsor, String summaryChannel) {

    public Engagement(String workspaceId, String channelId, String name, List<String> clients, List<String> consultants,
                      String escalationChannel, ZoneId zone, int tier, Agreement agreement, String sponsor) {
        this(workspaceId, channelId, name, clients, consultants, escalationChannel, zone, tier, agreement, sponsor, null);
    }

    public Engagement(String workspaceId, String channelId, String name, List<String> clients, List<String> consultants,
                      String escalationChannel, ZoneId zone, int tier, Agreement agreement) {
        this(workspaceId, channelId, name, clients, consultants, escalationChannel, zone, tier, agreement, null);
    }

    public Engagement {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(agreement, "agreement");
        clients = List.copyOf(clients);
        consultants = List.copyOf(consultants);
        name = name == null || name.isBlank() ? channelId : name;
        if (tier < 1 || tier > 3) {
            throw new IllegalArgumentException("tier must be 1, 2 or 3");
        }
        summaryChannel = summaryChannel == null || summaryChannel.isBlank() || summaryChannel.equals(channelId)
                ? null : summaryChannel;
    }

    /** Where the shared weekly summary is posted: the chosen channel, or the engagement's own. */
    public String summaryChannelOrOwn() {
        return summaryChannel == null ? channelId : summaryChannel;
    }

    /** The same engagement with its weekly summary on {@code day} at {@code time}, in {@code channel} (null: its own). */
    public Engagement withSummary(java.time.DayOfWeek day, java.time.LocalTime time, String channel) {
        return new Engagement(workspaceId, channelId, name, clients, consultants, escalationChannel, zone, tier,
                agreement.withSummary(day, time), sponsor, channel);
    }

    /** Whether the escalation channel is one the client reads too (the engagement's own, or its summary channel). */
    public boolean escalationIsShared() {
        return escalationChannel != null && (escalationChannel.equals(channelId) || escalationChannel.equals(summaryChannelOrOwn()));
    }

    public boolean isConsultant(String userId) {
        return consultants.contains(userId);
    }

    public boolean isClient(String userId) {
        return clients.contains(userId);
    }

    public boolean isMember(String userId) {
        return isConsultant(userId) || isClient(userId);
    }

    public Optional<Side> sideOf(String userId) {
        if (isConsultant(userId)) {
            return Optional.of(Side.CONSULTANT);
        }
        return isClient(userId) ? Optional.of(Side.CLIENT) : Optional.empty();
    }

    public List<String> members() {
        List<String> all = new ArrayList<>(consultants);
        clients.stream().filter(c -> !all.contains(c)).forEach(all::add);
        return all;
    }

    /** The first consultant owner: the person who hears about problems with this engagement. */
    public String leadConsultant() {
        return consultants.get(0);
    }

    public Terms terms() {
        return agreement.terms();
    }

    /**
     * Who hears when a commitment of {@code owner} climbs the ladder: the lead consultant for a client's
     * commitment; for a consultant's own, the lead, or the next consultant when the owner is the lead (none when
     * they are the only one: then the escalation channel is the only witness).
     */
    public java.util.Optional<String> escalationTargetFor(String owner) {
        if (!owner.equals(leadConsultant())) {
            return java.util.Optional.of(leadConsultant());
        }
        return consultants.stream().filter(c -> !c.equals(owner)).findFirst();
    }

    public Engagement withTier(int newTier) {
        return new Engagement(workspaceId, channelId, name, clients, consultants, escalationChannel, zone, newTier,
                agreement, sponsor, summaryChannel);
    }
}
