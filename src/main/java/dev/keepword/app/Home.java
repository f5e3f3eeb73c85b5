package dev.keepword.app;

import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Party;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A person's home page (Slack's App Home): what they owe, what is owed to them, and how each of their engagements
 * is doing (open and overdue counts). Times read in the person's own zone. Only engagements they are a member of
 * are shown, so nobody sees another client's commitments.
 */
public final class Home {
    static final int SHOWN = 15;

    private final Commitments commitments;
    private final Engagements engagements;
    private final Parties parties;

    public Home(Commitments commitments, Engagements engagements, Parties parties) {
        this.commitments = commitments;
        this.engagements = engagements;
        this.parties = parties;
    }

    public Message forUser(String workspaceId, String userId, Instant now) {
        ZoneId zone = parties.find(workspaceId, userId).map(Party::zone).orElse(ZoneOffset.UTC);
        List<Engagement> mine = engagements.withMember(workspaceId, userId);
        List<Commitment> all = mine.isEmpty() ? List.of()
                : commitments.openInChannels(workspaceId, mine.stream().map(Engagement::channelId).toList());
        List<Commitment> open = all.stream().filter(Commitment::isOpen)
                .sorted(Comparator.comparing(Commitment::due).thenComparing(Commitment::id)).toList();
        Message.Builder m = Message.builder();

        List<Commitment> owe = open.stream().filter(c -> c.owner().equals(userId)).toList();
        m.line(Message.bold("What you owe (" + owe.size() + ")"));
        section(m, owe, mine, zone, now, true, "Nothing. Every promise you made is kept.");

        List<Commitment> owed = open.stream().filter(c -> userId.equals(c.owedTo())).toList();
        m.line(Message.bold("What is owed to you (" + owed.size() + ")"));
        section(m, owed, mine, zone, now, false, "Nothing is owed to you right now.");

        m.line(Message.bold("Your engagements (" + mine.size() + ")"));
        if (mine.isEmpty()) {
            m.line("You are not in any engagement yet. A consultant sets one up in its channel with "
                    + "/commit setup client @a owner @b escalate #channel");
        }
        for (Engagement e : mine.stream().sorted(Comparator.comparing(Engagement::name)).toList()) {
            long openCount = open.stream().filter(c -> c.channelId().equals(e.channelId())).count();
            long overdue = open.stream().filter(c -> c.channelId().equals(e.channelId()) && c.isOverdue(now)
                    && c.kind() != dev.keepword.domain.Kind.CHANGE_REQUEST).count();
            m.line(Message.channel(e.channelId()), " — " + openCount + " open, " + overdue + " overdue"
                    + (e.isConsultant(userId) ? " · you are a consultant owner" : ""));
        }
        return m.build();
    }

    private static void section(Message.Builder m, List<Commitment> items, List<Engagement> mine, ZoneId zone,
                                Instant now, boolean owing,
                                String empty) {
        if (items.isEmpty()) {
            m.line(empty);
            return;
        }
        for (Commitment c : items.stream().limit(SHOWN).toList()) {
            List<Object> parts = new ArrayList<>(List.of(Message.bold("#" + c.id() + " " + c.title())));
            if (owing && c.owedTo() != null) {
                parts.add(" — owed to ");
                parts.add(Message.mention(c.owedTo()));
            } else if (!owing) {
                parts.add(" — from ");
                parts.add(Message.mention(c.owner()));
            }
            parts.add(" — due " + Formats.when(c.due(), zone, now));
            if (c.kind() == dev.keepword.domain.Kind.CHANGE_REQUEST) {
                parts.add(" — awaiting a decision"); // a decision, never lateness
            } else if (c.isOverdue(now)) {
                // Working days, the agreement's unit, like every other place that says how late something is.
                Engagement e = mine.stream().filter(x -> x.channelId().equals(c.channelId())).findFirst().orElse(mine.get(0));
                parts.add(" — " + Narration.late(c, e, now) + " late");
            }
            String holdUp = Narration.holdUp(c);
            if (!holdUp.isEmpty()) {
                parts.add(" — " + holdUp);
            }
            m.line(parts.toArray());
        }
        if (items.size() > SHOWN) {
            m.line("… and " + (items.size() - SHOWN) + " more. /commit list shows them all.");
        }
    }
}
