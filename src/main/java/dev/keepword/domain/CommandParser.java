package dev.keepword.domain;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text after {@code /commit} into a {@link Command}, or a refusal that says what was wrong and shows
 * the right form. People are named as {@code @handle} or as a platform mention ({@code <@U123>},
 * {@code <@U123|sam>}); channels as {@code #name} or {@code <#C123|name>}. Never throws.
 */
public final class CommandParser {

    /** Longest command text read at all; longer input is refused before any pattern runs over it. */
    public static final int MAX_TEXT = 4000;

    /** Longest note or reason kept with a response. */
    public static final int MAX_NOTE = 1000;

    private static final String MENTION = "<@([A-Za-z0-9._-]{1,64})(?:\\|[^>]{0,80})?>|@([\\p{L}\\p{N}._-]{1,64})";
    private static final Pattern MENTION_ONLY = Pattern.compile("^(?:" + MENTION + ")$");
    private static final Pattern LEADING_MENTION = Pattern.compile("^(?:" + MENTION + ")(?:\\s+|$)");
    // "to @lee" names who it is owed to only at the end or right before "by"/"kind:", so
    // "talk to @lee about pricing by friday" keeps its words.
    private static final Pattern OWED_TO = Pattern.compile("(?:^|\\s)to\\s+(?:" + MENTION + ")(?=\\s+by\\s|\\s+kind:|\\s*$)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern KIND = Pattern.compile("(?:^|\\s)kind:(\\S*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BY = Pattern.compile("\\s+by\\s+", Pattern.CASE_INSENSITIVE);
    private static final Pattern CHANNEL = Pattern.compile("^(?:<#([A-Za-z0-9._-]{1,64})(?:\\|[^>]{0,80})?>|#([\\p{L}\\p{N}._-]{1,80}))$");
    private static final Pattern ID = Pattern.compile("^#?(\\d{1,9})$");
    /**
     * "confirm" as the last word of a move: the speaker agrees to bring the date forward, or to a move past the
     * agreement's free renegotiations that counts as missed.
     */
    private static final Pattern CONFIRM = Pattern.compile("(?:^|\\s)confirm[.!]?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern BECAUSE = Pattern.compile("\\s+because\\s+", Pattern.CASE_INSENSITIVE);

    static final String CREATE_EXAMPLE = "/commit @sam send the brand guidelines by friday to @maya kind:input";
    static final String SETUP_EXAMPLE = "/commit setup client @sam @lee owner @maya escalate #acme-internal tz America/New_York tier 2";

    private CommandParser() {
    }

    public static Outcome<Command> parse(String raw) {
        if (raw != null && raw.length() > MAX_TEXT) {
            return Outcome.rejected("That command is too long (" + raw.length() + " characters; the most is "
                    + MAX_TEXT + "). Keep it to one sentence, for example: " + CREATE_EXAMPLE);
        }
        String text = clean(raw);
        if (text.isEmpty()) {
            return Outcome.ok(new Command.Help());
        }
        String[] split = text.split("\\s+", 2);
        String verb = split[0].toLowerCase(Locale.ROOT);
        String rest = split.length > 1 ? split[1].trim() : "";
        if (COMMAND_WORDS.contains(verb) && !isCommand(verb, rest) && BY.matcher(" " + text).find()) {
            return create(text); // "help Lee with the deck by friday" is a commitment, not a command
        }
        return switch (verb) {
            case "help", "?" -> Outcome.ok(new Command.Help());
            case "list", "ls" -> list(rest);
            case "done" -> withId("done", rest, "/commit done 12 sent on Tuesday",
                    (id, tail) -> Outcome.ok(new Command.Done(id, tail)));
            case "move" -> withId("move", rest, "/commit move 12 next friday because the launch slipped", CommandParser::move);
            case "snooze" -> withId("snooze", rest, "/commit snooze 12 tomorrow", (id, tail) -> tail.isEmpty()
                    ? Outcome.rejected("Say until when to snooze #" + id + ", for example: /commit snooze " + id + " tomorrow")
                    : Outcome.ok(new Command.Snooze(id, tail)));
            case "blocked", "block" -> withId("blocked", rest, "/commit blocked 12 waiting for the staging login",
                    (id, tail) -> tail.isEmpty()
                            ? Outcome.rejected("Say what #" + id + " is blocked on, for example: /commit blocked " + id
                            + " waiting for the staging login")
                            : Outcome.ok(new Command.Blocked(id, tail)));
            case "cancel" -> withId("cancel", rest, "/commit cancel 12 no longer needed",
                    (id, tail) -> Outcome.ok(new Command.Cancel(id, tail)));
            case "approve" -> withId("approve", rest, "/commit approve 12", (id, tail) -> tail.isEmpty()
                    ? Outcome.ok(new Command.Approve(id))
                    : Outcome.rejected("\"approve\" takes only the change request's number, for example: /commit approve " + id));
            case "decline" -> withId("decline", rest, "/commit decline 12 not in this quarter's budget",
                    (id, tail) -> Outcome.ok(new Command.Decline(id, tail)));
            case "away" -> away(rest);
            case "back" -> rest.isEmpty() ? Outcome.ok(new Command.Back())
                    : Outcome.rejected("\"back\" takes nothing after it: /commit back");
            case "notmine", "not-mine" -> withId("notmine", rest, "/commit notmine 12",
                    (id, tail) -> Outcome.ok(new Command.NotMine(id)));
            case "not" -> rest.toLowerCase(Locale.ROOT).startsWith("mine")
                    ? withId("notmine", rest.substring(4).trim(), "/commit notmine 12", (id, tail) -> Outcome.ok(new Command.NotMine(id)))
                    : create(text);
            case "setup" -> rest.isEmpty() ? Outcome.ok(new Command.ShowSetup()) : setup(rest);
            case "agreement" -> rest.isEmpty() ? Outcome.ok(new Command.ShowAgreement())
                    : Outcome.rejected("\"agreement\" takes nothing after it: /commit agreement");
            case "agree" -> rest.isEmpty() ? Outcome.ok(new Command.Agree())
                    : Outcome.rejected("\"agree\" takes nothing after it: /commit agree");
            case "tier" -> rest.matches("[123]") ? Outcome.ok(new Command.Tier(Integer.parseInt(rest)))
                    : Outcome.rejected("The tier is 1 (trusts our judgment), 2 (negotiates) or 3 (wants exactly what they ask), "
                    + "for example: /commit tier 3");
            case "offers" -> rest.equalsIgnoreCase("on") || rest.equalsIgnoreCase("off")
                    ? Outcome.ok(new Command.Offers(rest.equalsIgnoreCase("on")))
                    : Outcome.rejected("Say on or off, for example: /commit offers off");
            case "change-request", "changerequest" -> change(rest);
            case "change" -> changeOrTitle(text, rest);
            case "reassign" -> withId("reassign", rest, REASSIGN_EXAMPLE, CommandParser::reassign);
            case "depends", "waits" -> withId("depends", rest, DEPENDS_EXAMPLE, CommandParser::depends);
            case "status" -> rest.isEmpty() ? Outcome.ok(new Command.Status(null))
                    : mention(rest).<Outcome<Command>>map(p -> Outcome.ok(new Command.Status(p)))
                    .orElseGet(() -> Outcome.rejected("Name one person, for example: /commit status @sam"));
            case "report" -> report(rest);
            case "export" -> export(rest);
            case "summary" -> summary(rest);
            case "notice" -> withId("notice", rest, NOTICE_EXAMPLE, CommandParser::notice);
            default -> create(text);
        };
    }

    static final String NOTICE_EXAMPLE = "/commit notice 12 send (or hold, or edit YOUR WORDING)";

    /** {@code notice ID send|hold [reason]|edit TEXT}. */
    private static Outcome<Command> notice(long id, String tail) {
        String[] split = tail.split("\\s+", 2);
        String verb = split[0].toLowerCase(Locale.ROOT);
        String text = split.length > 1 ? split[1].strip() : "";
        return switch (verb) {
            case "send" -> text.isEmpty() ? Outcome.ok(new Command.Notice(id, Command.NoticeDecision.SEND, ""))
                    : Outcome.rejected("\"send\" sends the notice as drafted. To send your own wording: /commit notice " + id
                    + " edit " + text);
            case "hold" -> Outcome.ok(new Command.Notice(id, Command.NoticeDecision.HOLD, text));
            case "edit" -> text.isEmpty()
                    ? Outcome.rejected("Put your wording after \"edit\", for example: /commit notice " + id
                    + " edit Sam, we still need the brand guidelines to carry on; could you send them by Friday?")
                    : Outcome.ok(new Command.Notice(id, Command.NoticeDecision.EDIT, text));
            default -> Outcome.rejected("Say what to do with the final notice for #" + id + ": /commit notice " + id
                    + " send, /commit notice " + id + " hold, or /commit notice " + id + " edit YOUR WORDING");
        };
    }

    static final String REPORT_EXAMPLE = "/commit report last week";
    private static final Pattern REPORT_RANGE = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})\\s+to\\s+(\\d{4}-\\d{2}-\\d{2})$",
            Pattern.CASE_INSENSITIVE);

    /** {@code report [this week|last week|<date> to <date>]}: ISO dates, inclusive, at most a year apart. */
    private static Outcome<Command> report(String rest) {
        String r = rest.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (r.isEmpty() || r.equals("this week")) {
            return Outcome.ok(new Command.Report(Command.ReportPeriod.THIS_WEEK, null, null));
        }
        if (r.equals("last week")) {
            return Outcome.ok(new Command.Report(Command.ReportPeriod.LAST_WEEK, null, null));
        }
        Matcher m = REPORT_RANGE.matcher(r);
        if (!m.matches()) {
            return Outcome.rejected("I can report on this week, last week or a range of dates, for example: "
                    + REPORT_EXAMPLE + " or /commit report 2026-11-02 to 2026-11-29");
        }
        try {
            java.time.LocalDate from = java.time.LocalDate.parse(m.group(1));
            java.time.LocalDate to = java.time.LocalDate.parse(m.group(2));
            if (to.isBefore(from)) {
                return Outcome.rejected("The range ends before it starts. Put the earlier date first, for example: "
                        + "/commit report " + to + " to " + from);
            }
            if (to.isAfter(from.plusDays(366))) {
                return Outcome.rejected("A report covers at most a year, for example: /commit report " + from + " to "
                        + from.plusMonths(3));
            }
            return Outcome.ok(new Command.Report(Command.ReportPeriod.RANGE, from, to));
        } catch (DateTimeException e) {
            return Outcome.rejected("\"" + shorten(rest) + "\" is not a pair of real dates. Use YYYY-MM-DD, for example: "
                    + "/commit report 2026-11-02 to 2026-11-29");
        }
    }

    /** {@code export [csv|json]}, CSV by default. */
    private static Outcome<Command> export(String rest) {
        String format = rest.toLowerCase(Locale.ROOT);
        if (format.isEmpty() || format.equals("csv")) {
            return Outcome.ok(new Command.Export("csv"));
        }
        if (format.equals("json")) {
            return Outcome.ok(new Command.Export("json"));
        }
        return Outcome.rejected("I can export as csv (for a spreadsheet) or json, for example: /commit export csv");
    }

    static final String SUMMARY_EXAMPLE = "/commit summary friday 16:00 #acme-updates";
    private static final Pattern CLOCK_TIME = Pattern.compile("^(\\d{1,2})(?::(\\d{2}))?\\s*([ap]\\.?m\\.?)?$",
            Pattern.CASE_INSENSITIVE);

    /**
     * {@code summary [<day> <time> [#channel]]}: a day of the week (monday or mon), a time of day (16:00, 9:30, 4pm)
     * and optionally the channel the shared summary goes to. Nothing after it: show the current schedule.
     */
    private static Outcome<Command> summary(String rest) {
        if (rest.isEmpty()) {
            return Outcome.ok(new Command.Summary(null, null, null));
        }
        String[] tokens = rest.split("\\s+");
        Optional<java.time.DayOfWeek> day = dayOfWeek(tokens[0]);
        if (day.isEmpty()) {
            return Outcome.rejected("\"" + shorten(tokens[0]) + "\" is not a day of the week. Say the day and the time, "
                    + "for example: /commit summary monday 09:00");
        }
        if (tokens.length < 2) {
            return Outcome.rejected("Say the time as well, in the engagement's time zone, for example: /commit summary "
                    + tokens[0].toLowerCase(Locale.ROOT) + " 09:00");
        }
        Optional<java.time.LocalTime> time = timeOfDay(tokens[1]);
        if (time.isEmpty()) {
            return Outcome.rejected("\"" + shorten(tokens[1]) + "\" is not a time of day. Use HH:MM on the 24-hour clock, "
                    + "for example: /commit summary " + tokens[0].toLowerCase(Locale.ROOT) + " 16:00");
        }
        String channel = null;
        if (tokens.length >= 3) {
            Matcher ch = CHANNEL.matcher(tokens[2]);
            if (!ch.matches()) {
                return Outcome.rejected("\"" + shorten(tokens[2]) + "\" is not a channel. Name it as #channel, for example: "
                        + SUMMARY_EXAMPLE);
            }
            channel = ch.group(1) != null ? ch.group(1) : ch.group(2);
        }
        if (tokens.length > 3) {
            return Outcome.rejected("I didn't expect \"" + shorten(tokens[3]) + "\" there. Say a day, a time and "
                    + "optionally one channel, for example: " + SUMMARY_EXAMPLE);
        }
        return Outcome.ok(new Command.Summary(day.get(), time.get(), channel));
    }

    /** monday, mon, mondays (any case). */
    static Optional<java.time.DayOfWeek> dayOfWeek(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        w = w.endsWith("s") && w.length() > 4 ? w.substring(0, w.length() - 1) : w;
        for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
            String name = d.name().toLowerCase(Locale.ROOT);
            if (w.equals(name) || w.equals(name.substring(0, 3))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** 16:00, 9:30, 09:00, 4pm, 4:30pm, 12am (midnight); a bare number needs am or pm. */
    static Optional<java.time.LocalTime> timeOfDay(String word) {
        Matcher m = CLOCK_TIME.matcher(word);
        if (!m.matches() || (m.group(2) == null && m.group(3) == null)) {
            return Optional.empty();
        }
        int hour = Integer.parseInt(m.group(1));
        int minute = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        if (m.group(3) != null) {
            if (hour < 1 || hour > 12) {
                return Optional.empty();
            }
            hour = hour % 12 + (m.group(3).toLowerCase(Locale.ROOT).startsWith("p") ? 12 : 0);
        }
        return hour > 23 || minute > 59 ? Optional.empty() : Optional.of(java.time.LocalTime.of(hour, minute));
    }

    private static final java.util.Set<String> COMMAND_WORDS = java.util.Set.of("help", "?", "list", "ls", "done", "move",
            "snooze", "blocked", "block", "cancel", "approve", "decline", "away", "back", "notmine", "not-mine", "setup", "agreement", "agree",
            "tier", "status", "report", "export", "summary", "notice", "reassign", "offers",
            "depends", "waits");
    private static final java.util.Set<String> SETUP_WORDS = java.util.Set.of("client", "clients", "owner", "owners",
            "consultant", "consultants", "escalate", "tz", "tier", "name", "sponsor");

    /** Whether the words after a command word read as that command, rather than as the start of a commitment. */
    private static boolean isCommand(String verb, String rest) {
        String first = rest.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        return switch (verb) {
            case "help", "?", "back" -> rest.isEmpty();
            case "list", "ls" -> rest.isEmpty() || java.util.Set.of("mine", "owed", "overdue", "late", "all").contains(first)
                    || mention(first).isPresent();
            case "away" -> first.equals("until");
            case "setup" -> rest.isEmpty() || SETUP_WORDS.contains(first);
            case "agreement", "agree" -> rest.isEmpty();
            case "tier" -> rest.matches("[123]");
            case "offers" -> rest.equalsIgnoreCase("on") || rest.equalsIgnoreCase("off");
            case "status" -> rest.isEmpty() || mention(first).isPresent();
            case "report" -> rest.isEmpty() || java.util.Set.of("this", "last").contains(first) || first.matches("\\d{4}-.*");
            case "export" -> rest.isEmpty() || java.util.Set.of("csv", "json").contains(first);
            case "summary" -> rest.isEmpty() || dayOfWeek(first).isPresent();
            default -> ID.matcher(first).matches();
        };
    }

    /** Control characters become spaces so nothing typed can break a line or hide text. */
    static String clean(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(raw.length());
        raw.codePoints().forEach(c -> {
            boolean invisible = Character.isISOControl(c) || c == 0x2028 || c == 0x2029
                    || Character.getType(c) == Character.FORMAT;
            out.appendCodePoint(invisible ? ' ' : c);
        });
        return out.toString().strip();
    }

    private static Outcome<Command> list(String rest) {
        String word = rest.toLowerCase(Locale.ROOT);
        return switch (word) {
            case "" -> Outcome.ok(new Command.ListCommitments(Command.ListFilter.OPEN, null));
            case "mine" -> Outcome.ok(new Command.ListCommitments(Command.ListFilter.MINE, null));
            case "owed" -> Outcome.ok(new Command.ListCommitments(Command.ListFilter.OWED, null));
            case "overdue", "late" -> Outcome.ok(new Command.ListCommitments(Command.ListFilter.OVERDUE, null));
            case "all" -> Outcome.ok(new Command.ListCommitments(Command.ListFilter.ALL, null));
            default -> mention(rest)
                    .<Outcome<Command>>map(p -> Outcome.ok(new Command.ListCommitments(Command.ListFilter.PERSON, p)))
                    .orElseGet(() -> Outcome.rejected("I can list mine, owed, overdue, all or one person's commitments, "
                            + "for example: /commit list overdue or /commit list @sam"));
        };
    }

    private interface IdCommand {
        Outcome<Command> build(long id, String tail);
    }

    private static Outcome<Command> withId(String verb, String rest, String example, IdCommand build) {
        String[] split = rest.split("\\s+", 2);
        Matcher id = ID.matcher(split[0]);
        if (!id.matches()) {
            return Outcome.rejected("\"" + verb + "\" needs the commitment's number first, for example: " + example);
        }
        String tail = split.length > 1 ? split[1].trim() : "";
        if (tail.length() > MAX_NOTE) {
            return Outcome.rejected("That note is " + tail.length() + " characters; keep it under " + MAX_NOTE
                    + ", for example: " + example);
        }
        return build.build(Long.parseLong(id.group(1)), tail);
    }

    private static final Pattern ESTIMATE = Pattern.compile("(?:^|\\s)est\\s+(\\d{1,4})\\s*h(?:ours?)?(?=\\s|$)",
            Pattern.CASE_INSENSITIVE);

    static final String CHANGE_EXAMPLE = "/commit change-request add a French version of the site est 16h";
    static final String REASSIGN_EXAMPLE = "/commit reassign 12 @lee";

    /**
     * "change" starts many ordinary titles ("change the hero image by friday"), so it only means a change request when
     * it carries an estimate; with a due date and no estimate it is a commitment like any other. With neither, both
     * readings are offered rather than guessed.
     */
    private static Outcome<Command> changeOrTitle(String text, String rest) {
        if (ESTIMATE.matcher(rest).find()) {
            return change(rest);
        }
        String[] split = splitAtLastBy(rest);
        if (split != null && !split[0].isEmpty() && !split[1].isEmpty()) {
            return create(text);
        }
        return Outcome.rejected("Is \"" + shorten(text) + "\" a commitment or a change request? To record a commitment, "
                + "say when it is due, for example: /commit change the hero image by friday. To log an out-of-scope "
                + "request for the client to approve: " + CHANGE_EXAMPLE);
    }

    private static final Pattern LOOKS_LIKE_CHANGE = Pattern.compile("(?:^|[^\\p{L}])(?:extra|additional|out[ -]of[ -]scope"
            + "|change[ -]request|change[ -]order)(?:$|[^\\p{L}])|(?:^|\\s)(?:est\\s*)?\\d{1,4}\\s?(?:h|hrs?|hours?)(?:$|\\s)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** Whether an ordinary commitment's title reads like out-of-scope work, so the answer can point to change-request. */
    public static boolean soundsLikeChangeRequest(String title) {
        return title != null && LOOKS_LIKE_CHANGE.matcher(title).find();
    }

    private static Outcome<Command> reassign(long id, String tail) {
        if (tail.isEmpty()) {
            return Outcome.ok(new Command.Reassign(id, null));
        }
        return mention(tail).<Outcome<Command>>map(who -> Outcome.ok(new Command.Reassign(id, who)))
                .orElseGet(() -> Outcome.rejected("Name the one person who should own #" + id + " now, for example: "
                        + "/commit reassign " + id + " @lee"));
    }

    static final String DEPENDS_EXAMPLE = "/commit depends 12 on 7 (12: work the consultancy owes; 7: what a client owes)";
    private static final Pattern DEPENDS_ON = Pattern.compile("^on\\s+(?:#?(\\d{1,9})|(none|nothing))[.!]?$", Pattern.CASE_INSENSITIVE);

    /** {@code depends ID on ID} or {@code depends ID on none}. */
    private static Outcome<Command> depends(long id, String tail) {
        Matcher m = DEPENDS_ON.matcher(tail.strip());
        if (!m.matches()) {
            return Outcome.rejected("Say what #" + id + " waits on, for example: /commit depends " + id
                    + " on 7 (or /commit depends " + id + " on none)");
        }
        return Outcome.ok(new Command.Depends(id, m.group(1) == null ? 0L : Long.parseLong(m.group(1))));
    }

    private static Outcome<Command> change(String rest) {
        String[] lead = leadingMention(rest);
        String owner = lead[0];
        String text = lead[1];
        Integer hours = null;
        Matcher est = ESTIMATE.matcher(text);
        if (est.find()) {
            hours = Integer.parseInt(est.group(1));
            text = (text.substring(0, est.start()) + " " + text.substring(est.end())).trim();
        }
        String when = null;
        String[] split = splitAtLastBy(text);
        if (split != null) {
            text = split[0];
            when = split[1];
        }
        text = text.replaceAll("\\s{2,}", " ");
        if (text.isEmpty()) {
            return Outcome.rejected("Say what the out-of-scope request is, for example: " + CHANGE_EXAMPLE);
        }
        if (text.length() > Commitment.MAX_TITLE - 40) {
            return Outcome.rejected("Keep the change request under " + (Commitment.MAX_TITLE - 40) + " characters, for "
                    + "example: " + CHANGE_EXAMPLE);
        }
        return Outcome.ok(new Command.Change(owner, text, hours, when == null || when.isEmpty() ? null : when));
    }

    private static Outcome<Command> away(String rest) {
        String when = rest.replaceFirst("(?i)^until\\s+", "").trim();
        if (when.isEmpty() || when.equalsIgnoreCase("until")) {
            return Outcome.rejected("Say when you are back, for example: /commit away until monday");
        }
        return Outcome.ok(new Command.Away(when));
    }

    private static Outcome<Command> move(long id, String tail) {
        if (tail.isEmpty()) {
            return Outcome.rejected("Say the new date for #" + id + ", for example: /commit move " + id
                    + " next friday because the launch slipped");
        }
        Matcher confirm = CONFIRM.matcher(tail);
        boolean confirmed = confirm.find();
        String rest = confirmed ? tail.substring(0, confirm.start()).trim() : tail;
        if (rest.isEmpty()) {
            return Outcome.rejected("Say the new date for #" + id + ", for example: /commit move " + id
                    + " next friday because the launch slipped");
        }
        String[] parts = BECAUSE.split(rest, 2);
        return Outcome.ok(new Command.Move(id, parts[0].trim(), parts.length > 1 ? parts[1].trim() : "", confirmed));
    }

    private static Outcome<Command> create(String text) {
        Kind kind = Kind.DELIVERABLE;
        Matcher k = KIND.matcher(text);
        if (k.find()) {
            Optional<Kind> named = Kind.fromWord(k.group(1));
            if (named.isEmpty() || named.get() == Kind.CHANGE_REQUEST) {
                return Outcome.rejected("I don't know the kind \"" + shorten(k.group(1)) + "\". Use one of "
                        + Kind.typedWords() + ", for example: kind:input");
            }
            kind = named.get();
            text = (text.substring(0, k.start()) + " " + text.substring(k.end())).trim();
        }
        String[] lead = leadingMention(text);
        String owner = lead[0];
        text = lead[1];
        String owedTo = null;
        Matcher to = OWED_TO.matcher(text);
        int start = -1;
        int end = -1;
        while (to.find()) {
            owedTo = userOf(to);
            start = to.start();
            end = to.end();
        }
        if (start >= 0) {
            text = (text.substring(0, start) + " " + text.substring(end)).trim();
        }
        String[] split = splitAtLastBy(text);
        if (split == null) {
            return Outcome.rejected("Say when it is due with \"by\", for example: " + CREATE_EXAMPLE);
        }
        String title = split[0].replaceAll("\\s{2,}", " ");
        String when = split[1];
        if (title.isEmpty()) {
            return Outcome.rejected("Say what is promised before \"by\", for example: " + CREATE_EXAMPLE);
        }
        if (when.isEmpty()) {
            return Outcome.rejected("Say when it is due after \"by\", for example: " + CREATE_EXAMPLE);
        }
        if (title.length() > Commitment.MAX_TITLE) {
            return Outcome.rejected("That description is " + title.length() + " characters; keep it under "
                    + Commitment.MAX_TITLE + ", for example: " + CREATE_EXAMPLE);
        }
        return Outcome.ok(new Command.Create(owner, title, when, owedTo, kind));
    }

    /** {owner or null, the rest}: the text's leading @mention, if any, taken off. */
    private static String[] leadingMention(String text) {
        Matcher lead = LEADING_MENTION.matcher(text);
        return lead.find() ? new String[]{userOf(lead), text.substring(lead.end()).trim()} : new String[]{null, text};
    }

    /** {what, when} split at the last " by ", or null when there is none: "review by legal by friday". */
    private static String[] splitAtLastBy(String text) {
        String padded = " " + text;
        Matcher by = BY.matcher(padded);
        int start = -1;
        int end = -1;
        while (by.find()) {
            start = by.start();
            end = by.end();
        }
        return start < 0 ? null : new String[]{padded.substring(0, start).trim(), padded.substring(end).trim()};
    }

    private static Outcome<Command> setup(String rest) {
        List<String> clients = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        String escalate = null;
        String zone = null;
        Integer tier = null;
        String sponsor = null;
        StringBuilder name = new StringBuilder();
        String key = null;
        for (String token : rest.split("\\s+")) {
            String lower = token.toLowerCase(Locale.ROOT);
            switch (lower) {
                case "client", "clients", "owner", "owners", "consultant", "consultants", "escalate", "tz", "tier",
                        "name", "sponsor" -> {
                    key = lower;
                    continue;
                }
                default -> {
                }
            }
            if (key == null) {
                return setupRejected("I didn't expect \"" + shorten(token) + "\" there.");
            }
            switch (key) {
                case "client", "clients", "owner", "owners", "consultant", "consultants" -> {
                    Optional<String> who = mention(token);
                    if (who.isEmpty()) {
                        return setupRejected("\"" + shorten(token) + "\" is not a person; name people as @handle.");
                    }
                    (key.startsWith("client") ? clients : owners).add(who.get());
                }
                case "escalate" -> {
                    Matcher ch = CHANNEL.matcher(token);
                    if (!ch.matches() || escalate != null) {
                        return setupRejected("\"escalate\" takes one channel, written as #channel.");
                    }
                    escalate = ch.group(1) != null ? ch.group(1) : ch.group(2);
                }
                case "tz" -> {
                    if (zone != null || !validZone(token)) {
                        return setupRejected("\"" + shorten(token) + "\" is not a time zone I know; use an IANA name such as America/New_York or Europe/London.");
                    }
                    zone = token;
                }
                case "sponsor" -> {
                    Optional<String> who = mention(token);
                    if (who.isEmpty() || sponsor != null) {
                        return setupRejected("\"sponsor\" takes one person, written as @handle.");
                    }
                    sponsor = who.get();
                }
                case "tier" -> {
                    if (tier != null || !token.matches("[123]")) {
                        return setupRejected("The tier is 1, 2 or 3.");
                    }
                    tier = Integer.parseInt(token);
                }
                default -> name.append(name.length() == 0 ? "" : " ").append(token);
            }
        }
        if (clients.isEmpty()) {
            return setupRejected("Name at least one client member after \"client\".");
        }
        if (owners.isEmpty()) {
            return setupRejected("Name at least one consultant owner after \"owner\".");
        }
        if (escalate == null) {
            return setupRejected("Name the channel escalations go to after \"escalate\".");
        }
        if (clients.stream().anyMatch(owners::contains)) {
            return setupRejected("Nobody can be both a client member and a consultant owner.");
        }
        return Outcome.ok(new Command.Setup(List.copyOf(clients.stream().distinct().toList()),
                List.copyOf(owners.stream().distinct().toList()), escalate, zone, tier,
                name.length() == 0 ? null : shorten(name.toString()), sponsor));
    }

    private static Outcome<Command> setupRejected(String what) {
        return Outcome.rejected(what + " For example: " + SETUP_EXAMPLE);
    }

    private static boolean validZone(String zone) {
        if (!zone.contains("/") && !zone.equals("UTC")) {
            return false; // fixed offsets and abbreviations do not follow daylight saving: refuse them
        }
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** The user id in a lone mention token, if it is one. */
    public static Optional<String> mention(String token) {
        Matcher m = MENTION_ONLY.matcher(token.trim());
        return m.matches() ? Optional.of(userOf(m)) : Optional.empty();
    }

    private static String userOf(Matcher m) {
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private static String shorten(String s) {
        // Counted in code points, so an emoji is never cut in half.
        return s.codePointCount(0, s.length()) <= 40 ? s : s.substring(0, s.offsetByCodePoints(0, 40)) + "…";
    }
}
