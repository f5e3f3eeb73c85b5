package dev.keepword.app;

/** The answer to {@code /commit help}: the whole language on one screen. */
final class HelpText {
    private HelpText() {
    }

    static Message message() {
        return Message.builder()
                .line(Message.bold("Keepword records who owes what to whom by when, and chases it politely."))
                .line("/commit [@owner] WHAT by WHEN [to @person] [kind:input|approval|payment|deliverable|meeting] — record a commitment (owner defaults to you)")
                .line("   e.g. /commit @sam send the brand guidelines by friday to @maya kind:input")
                .line("/commit list [mine|owed|overdue|@person|all] — what is open here (or everywhere you are a member)")
                .line("/commit done ID [note] — it happened")
                .line("/commit move ID WHEN [because REASON] [confirm] — agree a new date (before it is due and within the agreement's free moves, that is not a miss); an earlier date, or a move past the free ones, is asked about first, then confirmed")
                .line("/commit snooze ID WHEN — pause reminders (1h, tomorrow, next week…); the due date stays")
                .line("/commit blocked ID REASON — you can't proceed; the consultant hears why")
                .line("/commit cancel ID [reason] — no longer needed")
                .line("/commit notmine ID — it isn't yours; the consultant is asked to reassign it")
                .line("/commit reassign ID @person — give it to another member of the engagement (consultants)")
                .line("/commit depends ID on ID — this work of ours needs that client input: paused if it runs late past the agreement, moved with the timeline (consultants)")
                .line("/commit away until WHEN · /commit back — no reminders while you are out of office")
                .line("/commit status [@person] — what is open and overdue, consequences so far (consultants also see standing and reliability)")
                .line("/commit report [this week|last week|DATE to DATE] — the weekly summary's content for this engagement, privately (e.g. /commit report 2026-11-02 to 2026-11-29)")
                .line("/commit export [csv|json] — every commitment here and its full history, as a file (consultants)")
                .line("/commit summary [DAY TIME [#channel]] — when and where the weekly summary goes out, e.g. /commit summary friday 16:00 #acme-updates (consultants change it)")
                .line("/commit agreement — this engagement's working agreement · /commit agree — a client member accepts it")
                .line("/commit change-request [@client] WHAT [est Nh] [by WHEN] — log an out-of-scope request for the client to approve or decline (\"change\" works too when it has est Nh; otherwise \"change the hero image by friday\" is an ordinary commitment)")
                .line("/commit approve ID · /commit decline ID [reason] — the client decides on a change request (declining is never a miss)")
                .line("/commit tier 1|2|3 — how firm the escalation ladder is (consultants)")
                .line("/commit offers on|off — whether a dated promise written here (\"I'll send it Friday\") gets a private offer to track it, at most one an hour per person (consultants; on by default). \"Track as commitment\" on any message works either way")
                .line("/commit notice ID send|hold|edit TEXT — send, hold back or reword a final notice drafted to you (consultants)")
                .line("/commit setup client @a @b owner @c escalate #channel [tz ZONE] [tier 1|2|3] [sponsor @client] — set up this channel's engagement; /commit setup shows it")
                .line("When: friday, next tuesday 3pm, tomorrow, the day after tomorrow, noon, tomorrow morning, in 3 days, in two days, in 2 working days, Dec 3, 3 Dec 5pm, 2026-12-03, EOD, end of week, end of next week, end of month, next month.")
                .line("A date without a time means the agreement's default time in the owner's time zone. A date on a weekend, a holiday or outside the owner's hours is kept, with the next working time offered.")
                .build();
    }
}
