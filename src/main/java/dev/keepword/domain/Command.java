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

    record Move(long id, String when, String reason) implements Command {
    }

    record Snooze(long id, String when) implements Command {
    }

    record Blocked(long id, String reason) implements Command {
    }

    record Cancel(long id, String reason) implements Command {
    }

    /** {@code /commit setup client @a @b owner @c escalate #channel [tz <zone>] [tier <n>] [name <name>]}. */
    record Setup(List<String> clients, List<String> owners, String escalationChannel, String zone, Integer tier,
                 String name) implements Command {
    }

    /** {@code /commit away until <when>}: no nudges for the speaker before then. */
    record Away(String until) implements Command {
    }

    /** {@code /commit back}: the speaker is in again. */
    record Back() implements Command {
    }

    /** {@code /commit notmine <id>}: the owner says it is not theirs; the consultant is asked to reassign it. */
    record NotMine(long id) implements Command {
    }

    record ShowSetup() implements Command {
    }

    record Help() implements Command {
    }

    /** Which commitments {@code /commit list} shows. */
    enum ListFilter {
        OPEN, MINE, OWED, OVERDUE, PERSON, ALL
    }
}
