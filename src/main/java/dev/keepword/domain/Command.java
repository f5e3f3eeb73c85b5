package dev.keepword.domain;

import java.util.List;

/** A /commit command, as typed, once the words have been understood (due phrases are read later, in the owner's zone). */
public sealed interface Command {

    /** {@code /commit [@owner] <what> by <when> [to @person] [kind:<kind>]}; owner null means the speaker. */
    record Create(String owner, String title, String when, String owedTo, Kind kind) implements Command {
    }

    /** {@code /commit list [mine|owed|overdue|@person|all]}. */
    record ListCommitments(ListFilter filter, String person) implements Command {
    }

    record Done(long id, String note) implements Command {
    }

    /**
     * {@code /commit move <id> <when> [because <reason>] [confirm]}; {@code confirmed} says the speaker already agreed to
     * what the move means when it was asked about first: bringing the date forward, or going past the agreement's free
     * renegotiations so that it counts as missed.
     */
    record Move(long id, String when, String reason, boolean confirmed) implements Command {
        public Move(long id, String when, String reason) {
            this(id, when, reason, false);
        }
    }

    record Snooze(long id, String when) implements Command {
    }

    record Blocked(long id, String reason) implements Command {
    }

    record Cancel(long id, String reason) implements Command {
    }

    /** {@code /commit approve ID}: the client approves a change request; the work goes ahead. */
    record Approve(long id) implements Command {
    }

    /** {@code /commit decline ID [reason]}: the client turns a change request down; a decision, never a miss. */
    record Decline(long id, String reason) implements Command {
    }

    /** {@code /commit setup client @a @b owner @c escalate #channel [tz <zone>] [tier <n>] [name <name>]}. */
    record Setup(List<String> clients, List<String> owners, String escalationChannel, String zone, Integer tier,
                 String name, String sponsor) implements Command {
        public Setup(List<String> clients, List<String> owners, String escalationChannel, String zone, Integer tier,
                     String name) {
            this(clients, owners, escalationChannel, zone, tier, name, null);
        }
    }

    /** {@code /commit away until <when>}: no nudges for the speaker before then. */
    record Away(String until) implements Command {
    }

    /** {@code /commit back}: the speaker is in again. */
    record Back() implements Command {
    }

    /**
     * {@code /commit depends <id> on <input>}: the consultancy's item {@code id} needs the client input {@code on} (0 with
     * {@code none}: it needs nothing any more).
     */
    record Depends(long id, long on) implements Command {
    }

    /** {@code /commit notmine <id>}: the owner says it is not theirs; the consultant is asked to reassign it. */
    record NotMine(long id) implements Command {
    }

    /**
     * {@code /commit reassign <id> @person}: a consultant gives the commitment to another member; {@code person} null
     * (the "Reassign" button, or the person left out) asks who it should go to.
     */
    record Reassign(long id, String person) implements Command {
    }

    /** {@code /commit agreement}: the engagement's working agreement. */
    record ShowAgreement() implements Command {
    }

    /** {@code /commit agree}: a client member acknowledges the working agreement. */
    record Agree() implements Command {
    }

    /** {@code /commit offers on|off}: whether promises written in the engagement's channels get a private offer to track them. */
    record Offers(boolean on) implements Command {
    }

    /** {@code /commit tier <1|2|3>}: selects the engagement's ladder. */
    record Tier(int tier) implements Command {
    }

    /**
     * {@code /commit change-request [@client] <what> [est <hours>h] [by <when>]} (or {@code change} with an estimate):
     * an out-of-scope request to approve.
     */
    record Change(String owner, String what, Integer estimateHours, String when) implements Command {
    }

    /** {@code /commit status [@person]}: standing, reliability, open and overdue items, consequences. */
    record Status(String person) implements Command {
    }

    record ShowSetup() implements Command {
    }

    /** {@code /commit report [this week|last week|<date> to <date>]}: the weekly summary's content, privately. */
    record Report(ReportPeriod period, java.time.LocalDate from, java.time.LocalDate to) implements Command {
    }

    /** {@code /commit export [csv|json]}: every commitment of the engagement with its full history, as a file. */
    record Export(String format) implements Command {
    }

    /**
     * {@code /commit summary [<day> <time> [#channel]]}: when (in the engagement's zone) and where its weekly summary
     * goes out; all null: show it. A null channel keeps the one chosen before.
     */
    record Summary(java.time.DayOfWeek day, java.time.LocalTime time, String channel) implements Command {
        public boolean isQuery() {
            return day == null;
        }
    }

    /** Which period {@code /commit report} covers; a RANGE names its first and last day. */
    enum ReportPeriod {
        THIS_WEEK, LAST_WEEK, RANGE
    }

    /** {@code notice ID send|hold|edit TEXT}: a consultant's decision on a drafted final notice. */
    record Notice(long id, NoticeDecision decision, String text) implements Command {
    }

    /** What a consultant does with a drafted final notice. */
    enum NoticeDecision {
        SEND, HOLD, EDIT
    }

    record Help() implements Command {
    }

    /** Which commitments {@code /commit list} shows. */
    enum ListFilter {
        OPEN, MINE, OWED, OVERDUE, PERSON, ALL
    }
}
