package dev.keepword.domain;

import dev.keepword.domain.DueDates.Due;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a chat message for a dated first-person promise ("Sure, I'll send the logo files by Friday", "we will have
 * the draft to you on Dec 3", "let me get back to you tomorrow"), so Keepword can offer, privately, to track it; and
 * turns any message into a starting point for the "Track as commitment" form.
 *
 * <p>It is a handful of word rules, not a model, and it prefers silence to a wrong offer. Words are compared in lower
 * case with straight apostrophes after a small typo map ("ill", "im", "wont", "tmrow", "u"). A message is cut into
 * sentences (at {@code . ! ?}, line breaks) and clauses (at commas, dashes, colons, brackets, "but", "because", and
 * "and"/"so"/"then"/"or" before a new subject). A clause is a promise when all of these hold:
 * <ol>
 *   <li><b>It starts with a first-person lead-in</b>, after courtesies and acknowledgements ("sure", "ok", "no
 *       problem", "thanks", "on it", "will do", "hi Sam", a mention): "I'll" (also "ill", "i'l", "I will", "I shall",
 *       "I'm going to", "I'm gonna"), "we'll"/"we will"/"we're going to", "let me"/"lemme", "I can"/"we can" with a
 *       verb of handing over ("have", "get", "send"…; not "I can do Friday"), "I'm sending"/"we're delivering" (a
 *       short list of such verbs), "count on me to", "you'll have/get … (from me)", "expect … from me". The subject
 *       may be left out ("will send tmrw", "gonna push it tonight", "sending the files tomorrow") only where nobody
 *       else can be the subject: first in the sentence, or after an acknowledgement or a clause of the writer's own
 *       ("I'll be out tomorrow but will send the files Friday"), and not right after a mention ("@sam will…").
 *       "Going to" and a subjectless "gonna" need a verb of doing after them ("going to Paris", "gonna rain").</li>
 *   <li><b>Its verb is a deed</b>, not presence, leisure or need: "I'll be out/there/honest", "we'll need", "I'll
 *       wait", "I'll see you", "we'll meet/talk/discuss", "I'll join the call", "I'll go to…", "we'll have fun/lunch",
 *       "I'll leave early", "I'll take Friday off", anything with "day off"/"on holiday"/"OOO", "we'll have to", "let
 *       me know" are not promises; "I'll be in touch", "I'll be done with", "I'll be sending" are.</li>
 *   <li><b>It names a date</b> that {@link DueDates} reads, at least {@link #MIN_LEAD} ahead: in the clause, or in
 *       a clause right next to it that opens with one ("Tomorrow, I'll…", "I'll send it, Friday at the latest").
 *       Dates are looked for only among date-like words, at most {@value #MAX_SPAN} of them, and given to
 *       {@link DueDates#parse} as written except for three word orders it does not know ("EOD thursday",
 *       "Wednesday next week", "first thing Monday" as Monday morning) and "end of play". With several dates the last
 *       wins ("review it Thursday and come back to you Friday"); "Friday or Monday" is no date, nor is "the Monday
 *       report", "Friday week", or an amount without "in"/"within" ("2 days' work").</li>
 *   <li><b>Nothing guards against it.</b> In the whole sentence: a question (a {@code ?}, or a clause opening with
 *       "can you", "will you", "is it", "any chance", "when", "how about"…); a condition ("if", "unless", "once you",
 *       "as long as", "assuming", "provided", "when"); a hedge ("try", "hopefully", "maybe", "might", "should",
 *       "could", "would", "probably", "aim", "I think", "fingers crossed", "do my best"); reported speech ("said",
 *       "told", "apparently", "promised"). In the clause itself: a negation ("won't", "can't", "not", "never", "no
 *       way"), the past ("already", "yesterday", "ago", "last week"), a request ("please", "pls", "kindly").</li>
 * </ol>
 *
 * <p>Deliberately ignored: other people's promises ("Sam will send it Friday", "he'll have it"), passive ones ("the
 * draft will be with you Monday"), promises without a date ("I'll send it over", "asap", "soon"), hedged and
 * conditional ones (a hedge is a choice not to commit; offering to track it would be pushy), proposals awaiting a yes
 * ("I'll send it Friday, does that work?"), dates DueDates does not read ("by the 3rd", "before the weekend", "Q1",
 * "12/3"), lines quoted with {@code >}, and anything past the first {@value #MAX_CHARS} characters. Reading is one
 * pass over the message plus at most {@value #MAX_SPAN} DueDates calls per date-like word, so its cost grows linearly
 * with the message.
 *
 * <p>{@link #prefill} never refuses: it gives the promise when there is one; otherwise the clause of the first sentence
 * that names a date, without its lead-in ("can you", "I'll", "please", "try to"…) and its date; otherwise the whole
 * message.
 */
public final class PromiseDetector {

    /** A due closer than this ("in 5 mins", "in a sec") is a reply, not a commitment worth tracking. */
    public static final Duration MIN_LEAD = Duration.ofMinutes(30);

    /** Only this much of a message is read: a promise is a sentence, and the bound keeps the work bounded. */
    static final int MAX_CHARS = 2_000;
    /** The most words a date phrase may have: "by the end of next week", "the day after tomorrow at 3pm". */
    static final int MAX_SPAN = 7;

    /**
     * A dated first-person promise.
     *
     * @param what       what was promised, without the lead-in and the date: "send the logo files"
     * @param due        when, as DueDates reads the date phrase in the caller's zone
     * @param datePhrase the date as written, without a leading "by"/"on"/"before": "Friday", "EOD thursday"
     */
    public record Promise(String what, Due due, String datePhrase) {
        public Promise {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(due, "due");
            Objects.requireNonNull(datePhrase, "datePhrase");
        }
    }

    /**
     * What the "Track as commitment" form starts from: the gist of a message and, when it names one, its date.
     *
     * @param what       never null; empty only for an empty message
     * @param due        the date the message names, if any
     * @param datePhrase that date as written
     */
    public record Prefill(String what, Optional<Due> due, Optional<String> datePhrase) {
        public Prefill {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(due, "due");
            Objects.requireNonNull(datePhrase, "datePhrase");
        }
    }

    private PromiseDetector() {
    }

    /**
     * The dated first-person promise in {@code text}, if it holds one; dates are read as {@link DueDates#parse} reads
     * them, relative to {@code now} in {@code zone} (the writer's), with {@code defaultTime} for a day without a time.
     */
    public static Optional<Promise> read(String text, Instant now, ZoneId zone, LocalTime defaultTime,
                                         Set<DayOfWeek> workingDays) {
        Dates dates = new Dates(now, zone, defaultTime, workingDays);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        return new Reading(text, dates).promise();
    }

    /** The form's starting point for any message: the promise's reading when it is one, its gist otherwise. */
    public static Prefill prefill(String text, Instant now, ZoneId zone, LocalTime defaultTime,
                                  Set<DayOfWeek> workingDays) {
        Dates dates = new Dates(now, zone, defaultTime, workingDays);
        if (text == null || text.isBlank()) {
            return new Prefill("", Optional.empty(), Optional.empty());
        }
        Reading reading = new Reading(text, dates);
        return reading.promise()
                .map(p -> new Prefill(p.what(), Optional.of(p.due()), Optional.of(p.datePhrase())))
                .orElseGet(reading::gist);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Vocabulary. Words are lower case with straight apostrophes, after the typo map.

    /** Common misspellings and shorthands, mapped to the word the rules know. */
    private static final Map<String, String> TYPOS = Map.ofEntries(
            Map.entry("im", "i'm"), Map.entry("i'l", "i'll"), Map.entry("ive", "i've"), Map.entry("we'l", "we'll"),
            Map.entry("youll", "you'll"), Map.entry("u'll", "you'll"), Map.entry("u", "you"),
            Map.entry("wont", "won't"), Map.entry("cant", "can't"), Map.entry("dont", "don't"),
            Map.entry("didnt", "didn't"), Map.entry("doesnt", "doesn't"), Map.entry("isnt", "isn't"),
            Map.entry("arent", "aren't"), Map.entry("wasnt", "wasn't"), Map.entry("couldnt", "couldn't"),
            Map.entry("wouldnt", "wouldn't"), Map.entry("shouldnt", "shouldn't"), Map.entry("havent", "haven't"),
            Map.entry("hasnt", "hasn't"), Map.entry("gunna", "gonna"), Map.entry("lets", "let's"),
            Map.entry("tmrow", "tomorrow"), Map.entry("tmrrw", "tomorrow"), Map.entry("tomoz", "tomorrow"),
            Map.entry("tomorow", "tomorrow"), Map.entry("tommorow", "tomorrow"), Map.entry("tommorrow", "tomorrow"),
            Map.entry("2moro", "tomorrow"), Map.entry("2morrow", "tomorrow"), Map.entry("tmw", "tomorrow"),
            Map.entry("tonite", "tonight"), Map.entry("2nite", "tonight"), Map.entry("eop", "eod"),
            Map.entry("thx", "thanks"), Map.entry("ty", "thanks"), Map.entry("tks", "thanks"));

    /** Openers skipped before a lead-in: acknowledgements, courtesies, fillers. "will do" is handled apart. */
    private static final List<String[]> INTERJECTIONS = phrases("sure thing", "sure", "ok", "okay", "okie", "oki", "k",
            "kk", "yes", "yep", "yup", "yeah", "yea", "aye", "absolutely", "definitely", "certainly", "of course",
            "ofc", "no problem", "no prob", "np", "no worries", "noted", "got it", "gotcha", "on it", "roger",
            "roger that", "thanks", "thank you", "cheers", "great", "great stuff", "perfect", "cool", "nice",
            "awesome", "lovely", "brilliant", "fab", "excellent", "agreed", "fine", "good", "sounds good",
            "sounds great", "sgtm", "done", "understood", "alright", "all right", "right", "totally",
            "happy to help", "happy to", "consider it done", "leave it with me", "i promise", "promise", "hi", "hey",
            "hello", "good morning", "morning", "yo", "dear", "and", "also", "so", "then", "anyway", "anyways", "btw",
            "fyi", "quick update", "update", "oh", "ah", "sorry", "apologies", "well", "makes sense", "fair enough",
            "for sure");
    /** Interjections after which one capitalised word is a name being addressed: "Thanks Sam I will…". */
    private static final Set<String> GREETINGS = words("hi hey hello thanks cheers morning dear yo");

    private static final List<String[]> FIRST_PERSON = phrases("i'll", "ill", "i will", "i shall", "i'm going to",
            "i am going to", "i'm gonna", "i am gonna", "imma", "we'll", "we will", "we shall", "we're going to",
            "we are going to", "we're gonna", "we are gonna");
    private static final List<String[]> PROGRESSIVE_SUBJECTS = phrases("i'm", "i am", "we're", "we are");
    private static final List<String[]> LET_ME = phrases("let me", "lemme");
    private static final List<String[]> I_CAN = phrases("i can", "we can");
    private static final List<String[]> YOU_WILL = phrases("you'll", "you will");
    private static final List<String[]> COUNT_ON_ME = phrases("count on me to", "count on us to");
    /** Lead-ins without a subject: only where the writer is the only possible subject. */
    private static final List<String[]> ELIDED = phrases("will", "gonna", "going to");

    /** Skipped between a lead-in and its verb: "I'll definitely have", "I'll make sure to send". */
    private static final List<String[]> ADVERBS = phrases("definitely", "def", "defo", "absolutely", "certainly",
            "surely", "totally", "just", "also", "then", "quickly", "still", "happily", "gladly", "personally",
            "actually", "first", "finally", "for sure", "make sure to", "make sure i", "make sure we", "be sure to");

    /** Progressive forms that announce a hand-over ("I'm sending it Monday"), with the verb a title uses. */
    private static final Map<String, String> HANDING_OVER = Map.ofEntries(
            Map.entry("sending", "send"), Map.entry("delivering", "deliver"), Map.entry("sharing", "share"),
            Map.entry("shipping", "ship"), Map.entry("uploading", "upload"), Map.entry("paying", "pay"),
            Map.entry("posting", "post"), Map.entry("dropping", "drop"), Map.entry("submitting", "submit"),
            Map.entry("finishing", "finish"), Map.entry("emailing", "email"), Map.entry("forwarding", "forward"),
            Map.entry("publishing", "publish"), Map.entry("launching", "launch"), Map.entry("signing", "sign"),
            Map.entry("approving", "approve"), Map.entry("transferring", "transfer"), Map.entry("wiring", "wire"),
            Map.entry("handing", "hand"), Map.entry("pushing", "push"), Map.entry("releasing", "release"),
            Map.entry("deploying", "deploy"), Map.entry("writing", "write"), Map.entry("circulating", "circulate"),
            Map.entry("returning", "return"), Map.entry("completing", "complete"));
    /** "I can …" is a promise only with a verb of handing over; "I can do Friday" offers a slot. */
    private static final Set<String> CAN_VERBS = words("have get send deliver share finish turn drop put upload pay "
            + "sign approve email post ship forward return");
    private static final Set<String> YOU_VERBS = words("have get receive");
    /** Verbs of presence, need or waiting: "I'll see you Friday" is no promise to track. */
    private static final Set<String> REFUSED_VERBS = words("need needs wait see meet talk speak join chat catch try "
            + "attempt aim hope know think guess miss sleep discuss attend celebrate arrive fly travel head rain snow");
    /** "I'll have a look" is a deed; "we'll have a great time on Friday" is not. */
    private static final List<String[]> HAVE_NO_DEED = phrases("fun", "lunch", "dinner", "breakfast", "drinks",
            "a great time", "a good time", "a break", "a chat", "a call", "a meeting", "a day off", "time",
            "a holiday", "a rest", "you know", "a party");
    /** "I'll leave comments by Friday" is a deed; "I'll leave early on Friday" is not. */
    private static final Set<String> LEAVE_NO_DEED = words("early now soon at for work home office");
    /** Before a weekday or date these make it a name, not a due date: "the Monday report". */
    private static final Set<String> DETERMINERS = words("the a an our my your their his her its");
    /** "I'll go through the mockups" is a deed; "I'll go to Paris on Friday" is not. */
    private static final Set<String> GO_DEEDS = words("through over ahead back");
    /**
     * After "going to" (which also takes places: "going to Paris Friday") and a subjectless "gonna" ("gonna rain
     * tomorrow"), only these verbs make a promise.
     */
    private static final Set<String> DEED_VERBS = words("send share finish review fix push ship write rewrite update "
            + "upload deliver get have do check call ring email post pay sign approve confirm book prepare draft put "
            + "pull set sort make deploy release launch publish forward reply respond revert return look take give "
            + "hand drop circulate present rework redo start complete wrap turn test run chase follow ping message text "
            + "loop invoice transfer wire order print organise organize schedule arrange create design build edit "
            + "proofread finalise finalize polish tidy clean migrate merge install configure move add remove change "
            + "collect gather compile dig reach contact rerun submit file close resolve handle action tackle "
            + "investigate go come circle report let tell provide supply outline summarise summarize document record "
            + "shoot film render export translate sketch mock scope estimate quote price plan map audit analyse "
            + "analyze patch refund reimburse settle accept decide choose pick select countersign mail courier try");

    /** Words that cannot start a clause of the writer's own after "will": "will you", "will the photos". */
    private static final Set<String> NOT_A_VERB = words("you we i he she they it that this there the a an my our your "
            + "his her their someone anyone everyone somebody anybody everybody is are was were has had does did can "
            + "could should would will might must");
    /** Subjects before which "and", "so", "then", "or" start a new clause. */
    private static final Set<String> SUBJECTS = words("i i'll ill i'm i've i'd we we'll we're we've we'd he she they it "
            + "you he'll she'll they'll it'll you'll he's she's they're it's let lemme");
    private static final Set<String> FIRST_PERSON_OPENERS = words("i i'll ill i'm i've we we'll we're let lemme");
    private static final Set<String> ALWAYS_SPLIT = words("but though although because cos cause whereas");
    private static final Set<String> SPLIT_BEFORE_SUBJECT = words("and so then or");
    private static final Set<String> CLAUSE_MARKS = words(", ; : — - ( )");
    private static final Set<String> SENTENCE_MARKS = Set.of("!", "?", "...", "\n");
    private static final Set<String> CLOSING = Set.of(".", "!", "?", ",", ";", ":", ")");
    private static final Set<String> END_MARKS = Set.of(".", "!", "?", "...", ",", ";", ":", "—", "-");
    private static final Set<String> ABBREVIATIONS = words("a.m p.m e.g i.e etc vs approx");

    private static final Set<String> REPORTING = words("said says told tells mentioned mentions apparently according "
            + "promised claims claimed reportedly heard wrote");
    private static final Set<String> CONDITIONS = words("if unless provided providing assuming whenever when "
            + "otherwise depending");
    private static final Set<String> HEDGES = words("hopefully maybe might perhaps probably prob possibly likely "
            + "unlikely ideally tentatively should could would try trying tries attempt aim aiming unsure guess "
            + "reckon hoping should've could've would've");
    private static final List<String[]> GUARD_PHRASES = phrases("as long as", "as soon as", "in case", "subject to",
            "fingers crossed", "do my best", "do our best", "if possible", "not sure", "i think", "we think",
            "i believe", "hope to", "no promises", "best effort", "touch wood", "knock on wood", "all being well",
            "all going well", "how about", "what if");
    /** Openers of a question when followed by a subject: "can you", "is it", "any chance". */
    private static final Set<String> ASKING = words("can could would will shall should do does did is are am was were "
            + "have has any");
    private static final Set<String> ASKED_SUBJECTS = words("you we i he she they it this that there the someone "
            + "anyone somebody anybody everyone chance");
    private static final Set<String> WH = words("when what how who why where which what's when's how's who's where's "
            + "whats");

    private static final Set<String> NEGATIONS = words("not never cannot unable nor");
    private static final Set<String> NO_WAY = words("way chance time");
    private static final Set<String> PAST = words("already yesterday ago earlier");
    private static final Set<String> PAST_AFTER_LAST = words("week weekend month year night time monday tuesday "
            + "wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun");
    private static final Set<String> REQUESTS = words("please pls plz kindly");
    /** Time off is not a deed: "I'll have a day off Friday", "we'll go on holiday on the 20th". */
    private static final List<String[]> TIME_OFF = phrases("day off", "days off", "time off", "off sick", "on leave",
            "on holiday", "on vacation", "out of office", "ooo", "pto", "annual leave");

    /** Words a date phrase may start with, and the words it may contain besides numbers. */
    private static final Set<String> DATE_STARTS = words("monday tuesday wednesday thursday friday saturday sunday "
            + "mon tue tues wed weds thu thur thurs fri sat sun "
            + "jan january feb february mar march apr april may jun june jul july aug august sep sept september "
            + "oct october nov november dec december "
            + "today tonight tomorrow tmrw tmr eod cob eow eom end close the this next in by on before at noon midday "
            + "midnight morning afternoon evening night a an one two three four five six seven eight nine ten eleven "
            + "twelve couple half day");
    private static final Set<String> DATE_WORDS = union(DATE_STARTS, words("of after business working work workday "
            + "workdays days week weeks wk wks w d h hr hrs hour hours minute minutes min mins m month am pm a.m p.m a.m. p.m. "
            + "play"));
    private static final Set<String> AMOUNTS = words("a an one two three four five six seven eight nine ten eleven "
            + "twelve couple half");
    private static final Set<String> UNITS = words("day days d week weeks wk wks w hour hours hr hrs h minute minutes "
            + "min mins m working business work workday workdays");
    private static final Set<String> PREPOSITIONS = words("by on before at");
    private static final Set<String> END_OF_DAY = words("eod cob");

    /** Taken off before a date when it leaves the title: "by", "no later than", "first thing". */
    private static final List<String[]> BEFORE_DATE = phrases("no later than", "first thing on", "first thing",
            "latest by", "later", "by", "on", "before", "until", "till", "til", "at", "for", "within", "around",
            "sometime", "some time", "as of");
    private static final List<String[]> AFTER_DATE = phrases("at the very latest", "at the latest", "at latest",
            "latest", "or sooner", "or earlier", "or before", "tops", "max");
    private static final Set<String> TRAILING_FILLERS = words("then promise pls please thanks thx cheers lol haha ok "
            + "okay too anyway");
    private static final List<String[]> FROM_ME = phrases("from me", "from us", "from my side", "from our side",
            "from our end", "from my end");

    /** What the form's gist drops from the front: lead-ins, requests and hedges. */
    private static final List<String[]> PREFILL_LEADS = concat(FIRST_PERSON, PROGRESSIVE_SUBJECTS, LET_ME, I_CAN,
            ELIDED, ADVERBS, phrases("can you", "could you", "would you be able to", "would you", "will you",
                    "can someone", "could someone", "any chance you could", "please", "pls", "plz", "kindly",
                    "don't forget to", "remember to", "make sure to", "reminder", "just a reminder", "try to", "aim to",
                    "hope to", "be able to", "should be able to", "do my best to", "probably", "maybe", "hopefully",
                    "perhaps"));

    // ---------------------------------------------------------------------------------------------------------
    // Tokens

    private enum Type { WORD, PUNCT, MENTION, SKIP }

    /** A word, punctuation mark, mention or ignored symbol; {@code shown} is what a title shows for it. */
    private record Tok(Type type, String word, String shown, int start, int end) {
    }

    private record Span(int start, int end) {
    }

    private record Sentence(int start, int end, boolean asked, List<Span> clauses) {
    }

    /** A date phrase over tokens [start, end), its reading, and the text given to DueDates. */
    private record DateMatch(int start, int end, Due due, String text) {
    }

    private enum Kind { FIRST, ELIDED, LET, CAN, YOU, EXPECT, COUNT, PROGRESSIVE }

    private record Lead(Kind kind, int next) {
    }

    /** Where a title starts, a verb to put before it, and whether "from me" is dropped from it. */
    private record Title(int from, String prefix, boolean dropFromMe) {
    }

    private record Opening(int pos, boolean mention, DateMatch leadingDate) {
    }

    private record Dates(Instant now, ZoneId zone, LocalTime defaultTime, Set<DayOfWeek> workingDays) {
        Dates {
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(defaultTime, "defaultTime");
        }

        Optional<Due> parse(String phrase) {
            Outcome<Due> read = DueDates.parse(phrase, now, zone, defaultTime, workingDays);
            return read instanceof Outcome.Ok<Due> ok ? Optional.of(ok.value()) : Optional.empty();
        }

        boolean worthTracking(Due due) {
            return !due.instant().isBefore(now.plus(MIN_LEAD));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // One message being read

    private static final class Reading {
        private final List<Tok> toks;
        private final Dates dates;
        private final List<Sentence> sentences;

        Reading(String text, Dates dates) {
            this.toks = tokenize(text);
            this.dates = dates;
            this.sentences = sentences();
        }

        Optional<Promise> promise() {
            for (Sentence s : sentences) {
                if (s.asked() || guarded(s)) {
                    continue;
                }
                boolean ownSoFar = true; // every earlier clause is the writer's own or an acknowledgement
                for (int c = 0; c < s.clauses().size(); c++) {
                    Optional<Promise> found = promiseIn(s, c, ownSoFar);
                    if (found.isPresent()) {
                        return found;
                    }
                    ownSoFar = ownSoFar && ownOrAcknowledgement(s.clauses().get(c));
                }
            }
            return Optional.empty();
        }

        private Optional<Promise> promiseIn(Sentence s, int c, boolean ownSoFar) {
            Span clause = s.clauses().get(c);
            Opening opening = opening(clause.start(), clause.end());
            boolean elided = !opening.mention() && ownSoFar;
            Lead lead = leadAt(opening.pos(), clause.end(), elided);
            if (lead == null || clauseGuarded(clause.start(), clause.end())) {
                return Optional.empty();
            }
            Title title = title(lead, clause.end());
            if (title == null) {
                return Optional.empty();
            }
            DateMatch date = last(datesIn(lead.next(), clause.end()));
            if (date == null) {
                date = opening.leadingDate();
            }
            if (date == null && c > 0) {
                date = onlyDate(s.clauses().get(c - 1));
            }
            if (date == null && c + 1 < s.clauses().size()) {
                date = dateOpening(s.clauses().get(c + 1));
            }
            if (date == null || !dates.worthTracking(date.due())) {
                return Optional.empty();
            }
            String what = what(title, clause.end(), date);
            if (what.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new Promise(what, date.due(), shownDate(date)));
        }

        /** The gist for the form: the first sentence naming a date, without lead-in and date; else the message. */
        Prefill gist() {
            for (Sentence s : sentences) {
                DateMatch date = last(datesIn(s.start(), s.end()));
                if (date == null) {
                    continue;
                }
                String what = "";
                for (Span clause : s.clauses()) {
                    if (clause.start() <= date.start() && date.end() <= clause.end()) {
                        what = gistOf(clause.start(), clause.end(), date);
                    }
                }
                if (what.indexOf(' ') < 0) { // a bare word ("works") says less than the sentence
                    what = gistOf(s.start(), s.end(), date);
                }
                if (what.isBlank()) {
                    what = render(allShown(0, toks.size()));
                }
                return new Prefill(capped(what), Optional.of(date.due()), Optional.of(shownDate(date)));
            }
            return new Prefill(capped(render(allShown(0, toks.size()))), Optional.empty(), Optional.empty());
        }

        private String gistOf(int start, int end, DateMatch date) {
            int from = skipAll(PREFILL_LEADS, opening(start, end).pos(), end);
            return what(new Title(from, "", false), end, date);
        }

        // -----------------------------------------------------------------------------------------------------
        // Sentences and clauses

        private List<Sentence> sentences() {
            List<Sentence> out = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= toks.size(); i++) {
                boolean atEnd = i == toks.size();
                if (atEnd || endsSentence(i)) {
                    if (hasWord(start, i)) {
                        out.add(new Sentence(start, i, !atEnd && toks.get(i).word().equals("?"), clauses(start, i)));
                    }
                    start = i + 1;
                }
            }
            return out;
        }

        private boolean endsSentence(int i) {
            Tok t = toks.get(i);
            if (t.type() != Type.PUNCT) {
                return false;
            }
            if (SENTENCE_MARKS.contains(t.word())) {
                return true;
            }
            if (!t.word().equals(".")) {
                return false;
            }
            // "5 p.m. tomorrow", "e.g. Friday": the dot closes the abbreviation, not the sentence.
            Tok before = i > 0 ? toks.get(i - 1) : null;
            return before == null || before.end() != t.start() || !ABBREVIATIONS.contains(before.word());
        }

        private List<Span> clauses(int start, int end) {
            List<Span> out = new ArrayList<>();
            int from = start;
            for (int i = start; i < end; i++) {
                if (breaksClause(i, end)) {
                    if (hasWord(from, i)) {
                        out.add(new Span(from, i));
                    }
                    from = i + 1;
                }
            }
            if (hasWord(from, end)) {
                out.add(new Span(from, end));
            }
            return out;
        }

        private boolean breaksClause(int i, int end) {
            Tok t = toks.get(i);
            if (t.type() == Type.PUNCT) {
                return CLAUSE_MARKS.contains(t.word());
            }
            if (t.type() != Type.WORD) {
                return false;
            }
            return ALWAYS_SPLIT.contains(t.word())
                    || SPLIT_BEFORE_SUBJECT.contains(t.word()) && i + 1 < end && SUBJECTS.contains(word(i + 1));
        }

        /**
         * Whether a clause is the writer's own ("I'll be out tomorrow") or an acknowledgement ("on it"), so that a
         * following "but will send Friday" has the writer as its subject; "Priya (our designer) will send" has not.
         */
        private boolean ownOrAcknowledgement(Span clause) {
            int first = firstWord(clause.start(), clause.end());
            if (first < 0) {
                return true; // a mention or an emoji alone
            }
            return FIRST_PERSON_OPENERS.contains(word(first)) || phraseAt(INTERJECTIONS, first, clause.end()) > 0
                    || startsWith(first, clause.end(), "will", "do");
        }

        // -----------------------------------------------------------------------------------------------------
        // Guards

        private boolean guarded(Sentence s) {
            for (int i = s.start(); i < s.end(); i++) {
                if (toks.get(i).type() != Type.WORD) {
                    continue;
                }
                String w = word(i);
                if (REPORTING.contains(w) || CONDITIONS.contains(w) || HEDGES.contains(w)
                        || w.equals("may") && !(i + 1 < s.end() && isNumber(i + 1))
                        || w.equals("once") && !ownStepFollows(i, s.end())
                        || phraseAt(GUARD_PHRASES, i, s.end()) > 0) {
                    return true;
                }
            }
            for (Span clause : s.clauses()) {
                if (asks(opening(clause.start(), clause.end()).pos(), clause.end())) {
                    return true;
                }
            }
            return false;
        }

        /** "once I've spoken to the printer" orders the writer's own steps; "once you send the copy" is a condition. */
        private boolean ownStepFollows(int once, int end) {
            return once + 1 < end && (word(once + 1).equals("i've") || startsWith(once + 1, end, "i", "have"));
        }

        private boolean asks(int p, int end) {
            if (p >= end || toks.get(p).type() != Type.WORD) {
                return false;
            }
            String w = word(p);
            return WH.contains(w) || ASKING.contains(w) && p + 1 < end && ASKED_SUBJECTS.contains(word(p + 1));
        }

        private boolean clauseGuarded(int from, int end) {
            for (int i = from; i < end; i++) {
                if (toks.get(i).type() != Type.WORD) {
                    continue;
                }
                String w = word(i);
                String next = i + 1 < end ? word(i + 1) : "";
                if (NEGATIONS.contains(w) || w.endsWith("n't") || PAST.contains(w) || REQUESTS.contains(w)
                        || w.equals("last") && PAST_AFTER_LAST.contains(next)
                        || w.equals("no") && NO_WAY.contains(next)
                        || phraseAt(TIME_OFF, i, end) > 0) {
                    return true;
                }
            }
            return false;
        }

        // -----------------------------------------------------------------------------------------------------
        // Lead-ins and verbs

        /** Skips courtesies, mentions and a date before the lead-in ("Tomorrow I'll…", "Thanks Sam, …"). */
        private Opening opening(int start, int end) {
            int p = start;
            boolean mention = false;
            DateMatch leadingDate = null;
            boolean greeted = false;
            while (p < end) {
                Tok t = toks.get(p);
                if (t.type() == Type.SKIP || t.type() == Type.PUNCT) {
                    p++;
                    continue;
                }
                if (t.type() == Type.MENTION) {
                    mention = true;
                    p++;
                    continue;
                }
                if (startsWith(p, end, "will", "do")
                        && (p + 2 == end || toks.get(p + 2).type() != Type.WORD || leadAt(p + 2, end, false) != null)) {
                    p += 2;
                    continue;
                }
                int q = phraseAt(INTERJECTIONS, p, end);
                if (q > 0) {
                    greeted = GREETINGS.contains(word(p)) || startsWith(p, end, "thank", "you")
                            || startsWith(p, end, "good", "morning");
                    p = q;
                    continue;
                }
                if (greeted && Character.isUpperCase(t.shown().codePointAt(0)) && !SUBJECTS.contains(t.word())) {
                    greeted = false;
                    p++;
                    continue;
                }
                if (leadingDate == null && DATE_STARTS.contains(t.word())) {
                    DateMatch date = longestAt(p, end);
                    if (date != null && leadAt(date.end(), end, true) != null) {
                        leadingDate = date;
                        p = date.end();
                        continue;
                    }
                }
                break;
            }
            return new Opening(p, mention, leadingDate);
        }

        private Lead leadAt(int p, int end, boolean elided) {
            if (p >= end || toks.get(p).type() != Type.WORD) {
                return null;
            }
            int q;
            if ((q = phraseAt(FIRST_PERSON, p, end)) > 0) {
                return new Lead(Kind.FIRST, q);
            }
            if ((q = phraseAt(PROGRESSIVE_SUBJECTS, p, end)) > 0 && q < end && HANDING_OVER.containsKey(word(q))) {
                return new Lead(Kind.PROGRESSIVE, q);
            }
            if ((q = phraseAt(LET_ME, p, end)) > 0) {
                return new Lead(Kind.LET, q);
            }
            if ((q = phraseAt(I_CAN, p, end)) > 0) {
                return new Lead(Kind.CAN, q);
            }
            if ((q = phraseAt(YOU_WILL, p, end)) > 0) {
                return new Lead(Kind.YOU, q);
            }
            if ((q = phraseAt(COUNT_ON_ME, p, end)) > 0) {
                return new Lead(Kind.COUNT, q);
            }
            if (word(p).equals("expect")) {
                return new Lead(Kind.EXPECT, p + 1);
            }
            if (elided) {
                if ((q = phraseAt(ELIDED, p, end)) > 0 && q < end && !NOT_A_VERB.contains(word(q))) {
                    return new Lead(Kind.ELIDED, q);
                }
                if (HANDING_OVER.containsKey(word(p))) {
                    return new Lead(Kind.PROGRESSIVE, p);
                }
            }
            return null;
        }

        /** Where the title starts after the lead-in, or null when the verb makes it no promise. */
        private Title title(Lead lead, int end) {
            int v = skipAll(ADVERBS, lead.next(), end);
            if (v >= end || toks.get(v).type() != Type.WORD) {
                return null;
            }
            String w = word(v);
            boolean goingTo = word(lead.next() - 1).equals("to") && word(lead.next() - 2).equals("going");
            boolean bareGonna = lead.kind() == Kind.ELIDED && word(lead.next() - 1).equals("gonna");
            if ((goingTo || bareGonna) && !DEED_VERBS.contains(w)) {
                return null;
            }
            switch (lead.kind()) {
                case PROGRESSIVE:
                    return new Title(v + 1, HANDING_OVER.get(w), false);
                case CAN:
                    return CAN_VERBS.contains(w) ? new Title(v, "", false) : null;
                case YOU:
                    if (w.equals("hear")) {
                        int after = phraseAt(FROM_ME, v + 1, end);
                        return after > 0 ? new Title(after, "get back to you", false) : null;
                    }
                    if (!YOU_VERBS.contains(w) || v + 1 < end && word(v + 1).equals("to") || fromSomeoneElse(v, end)) {
                        return null;
                    }
                    return new Title(v + 1, "send", true);
                case EXPECT:
                    return hasFromMe(v, end) && !fromSomeoneElse(v, end) ? new Title(v, "send", true) : null;
                default:
                    break;
            }
            if (w.equals("be")) {
                return afterBe(v, end);
            }
            if (REFUSED_VERBS.contains(w)
                    || w.equals("have") && v + 1 < end && word(v + 1).equals("to")
                    || w.equals("take") && contains(v, end, "off")
                    || w.equals("go") && !(v + 1 < end && GO_DEEDS.contains(word(v + 1)))
                    || w.equals("have") && phraseAt(HAVE_NO_DEED, v + 1, end) > 0
                    || w.equals("leave") && (v + 1 >= end || LEAVE_NO_DEED.contains(word(v + 1)))
                    || w.equals("look") && v + 1 < end && word(v + 1).equals("forward")) {
                return null;
            }
            return new Title(v, "", false);
        }

        /** "I'll be in touch", "be done with", "be back with", "be sending"; any other "be" is presence, not a deed. */
        private Title afterBe(int be, int end) {
            String next = be + 1 < end ? word(be + 1) : "";
            if (startsWith(be + 1, end, "in", "touch")) {
                return new Title(be + 3, "get in touch", false);
            }
            if (next.equals("done")) {
                return new Title(startsWith(be + 2, end, "with") ? be + 3 : be + 2, "finish", false);
            }
            if (next.equals("back") && (startsWith(be + 2, end, "with") || startsWith(be + 2, end, "to"))) {
                return new Title(be + 2, "get back", false);
            }
            if (HANDING_OVER.containsKey(next)) {
                return new Title(be + 2, HANDING_OVER.get(next), false);
            }
            return null;
        }

        private boolean hasFromMe(int from, int end) {
            for (int i = from; i < end; i++) {
                if (phraseAt(FROM_ME, i, end) > 0) {
                    return true;
                }
            }
            return false;
        }

        /** "You will get an invoice from finance": the giver is someone else. */
        private boolean fromSomeoneElse(int from, int end) {
            for (int i = from; i < end; i++) {
                if (word(i).equals("from") && phraseAt(FROM_ME, i, end) < 0) {
                    return true;
                }
            }
            return false;
        }

        // -----------------------------------------------------------------------------------------------------
        // Dates

        /** Non-overlapping date phrases in [from, end), leftmost longest, adjacent ones merged ("EOD thursday"). */
        private List<DateMatch> datesIn(int from, int end) {
            List<DateMatch> found = new ArrayList<>();
            int i = from;
            while (i < end) {
                DateMatch m = toks.get(i).type() == Type.WORD && DATE_STARTS.contains(word(i)) || isNumber(i)
                        ? longestAt(i, end) : null;
                if (m == null) {
                    i++;
                    continue;
                }
                if (m.end() < end && word(m.end()).equals("week")) {
                    i = m.end() + 1; // "Friday week" is a week after Friday, which DueDates does not read
                    continue;
                }
                if (m.start() > from && DETERMINERS.contains(word(m.start() - 1)) && m.end() < end
                        && toks.get(m.end()).type() == Type.WORD) {
                    i = m.end(); // "the Monday report", "our Dec 3 deadline": a name, not a due date
                    continue;
                }
                DateMatch before = found.isEmpty() ? null : found.get(found.size() - 1);
                if (before != null && before.end() == m.start()) {
                    found.set(found.size() - 1, merged(before, m));
                } else {
                    found.add(m);
                }
                i = m.end();
            }
            return found;
        }

        private DateMatch longestAt(int start, int end) {
            int limit = start;
            while (limit < end && limit - start < MAX_SPAN && toks.get(limit).type() == Type.WORD
                    && (DATE_WORDS.contains(word(limit)) || isNumber(limit))) {
                limit++;
            }
            for (int e = limit; e > start; e--) {
                if (!plausible(start, e)) {
                    continue;
                }
                String text = phrase(start, e);
                Optional<Due> due = dates.parse(text);
                if (due.isPresent()) {
                    return new DateMatch(start, e, due.get(), text);
                }
            }
            return null;
        }

        /**
         * Rules out readings DueDates would accept but a sentence does not mean: an amount without "in"/"within"
         * ("2 days' work", "a day early"), and a bare "sat"/"sun" ("I sat with them", "the sun").
         */
        private boolean plausible(int start, int end) {
            int first = start;
            if (PREPOSITIONS.contains(word(first)) && first + 1 < end) {
                first++;
            }
            String w = word(first);
            if ((w.equals("sat") || w.equals("sun")) && first == start) {
                return false;
            }
            boolean within = w.equals("in") || start > 0 && (word(start - 1).equals("within") || word(start - 1).equals("in"));
            if (w.equals("in")) {
                first++;
                w = first < end ? word(first) : "";
            }
            boolean amount = AMOUNTS.contains(w)
                    || isNumber(first) && (hasUnitSuffix(w) || first + 1 < end && UNITS.contains(word(first + 1)));
            return !amount || within;
        }

        private DateMatch merged(DateMatch a, DateMatch b) {
            String together = a.text() + " " + b.text();
            String first = withoutPreposition(a.text());
            List<String> tries = new ArrayList<>(List.of(together));
            if (END_OF_DAY.contains(first) || first.startsWith("end of") || first.startsWith("close of")) {
                tries.add(b.text() + " " + first); // "eod thursday" → "thursday eod"
            }
            if (b.text().equals("next week") && !first.contains(" ")) {
                tries.add("next " + first); // "wednesday next week" → "next wednesday"
            }
            for (String text : tries) {
                Optional<Due> due = dates.parse(text);
                if (due.isPresent()) {
                    return new DateMatch(a.start(), b.end(), due.get(), text);
                }
            }
            return new DateMatch(a.start(), b.end(), b.due(), together);
        }

        /** The last date, "first thing" read as the morning of that day; none for "Friday or Monday". */
        private DateMatch last(List<DateMatch> found) {
            if (found.isEmpty()) {
                return null;
            }
            DateMatch date = found.get(found.size() - 1);
            int s = date.start();
            if (found.size() > 1 && word(s - 1).equals("or") && found.get(found.size() - 2).end() == s - 1) {
                return null;
            }
            if (!date.due().timeGiven() && s >= 2 && word(s - 2).equals("first") && word(s - 1).equals("thing")) {
                Optional<Due> morning = dates.parse(withoutPreposition(date.text()) + " morning");
                if (morning.isPresent()) {
                    return new DateMatch(s, date.end(), morning.get(), date.text());
                }
            }
            return date;
        }

        /** A clause that is nothing but a date (with prepositions): "Tomorrow, I'll send it". */
        private DateMatch onlyDate(Span clause) {
            int p = skipAll(BEFORE_DATE, firstWord(clause.start(), clause.end()), clause.end());
            DateMatch date = p >= 0 && p < clause.end() ? longestAt(p, clause.end()) : null;
            return date != null && firstWord(date.end(), clause.end()) < 0 ? date : null;
        }

        /** A clause opening with a date: "I'll send the invoice, Friday at the latest". */
        private DateMatch dateOpening(Span clause) {
            int first = firstWord(clause.start(), clause.end());
            int p = first < 0 ? -1 : skipAll(BEFORE_DATE, first, clause.end());
            return p >= 0 && p < clause.end() ? longestAt(p, clause.end()) : null;
        }

        private String phrase(int start, int end) {
            StringBuilder text = new StringBuilder();
            for (int i = start; i < end; i++) {
                if (i > start) {
                    text.append(' ');
                }
                text.append(word(i));
            }
            String s = text.toString();
            return s.replace("end of play", "eod").replace("close of play", "eod");
        }

        private String shownDate(DateMatch date) {
            int from = date.start();
            while (from + 1 < date.end() && PREPOSITIONS.contains(word(from))) {
                from++;
            }
            return render(allShown(from, date.end()));
        }

        // -----------------------------------------------------------------------------------------------------
        // Titles

        /** The words from the title's start to {@code end}, without the date (and its "by"), "from me", fillers. */
        private String what(Title title, int end, DateMatch date) {
            int cutFrom = -1;
            int cutTo = -1;
            if (date.start() >= title.from() && date.end() <= end) {
                cutFrom = extendBack(date.start(), title.from());
                cutTo = extendForward(date.end(), end);
            }
            List<Integer> kept = new ArrayList<>();
            for (int i = title.from(); i < end; i++) {
                if (i >= cutFrom && i < cutTo) {
                    continue;
                }
                if (title.dropFromMe()) {
                    int q = phraseAt(FROM_ME, i, end);
                    if (q > 0) {
                        i = q - 1;
                        continue;
                    }
                }
                Tok t = toks.get(i);
                if (t.type() == Type.WORD || t.type() == Type.PUNCT) {
                    kept.add(i);
                }
            }
            String rest = render(trim(kept));
            return title.prefix().isEmpty() ? rest : (title.prefix() + " " + rest).strip();
        }

        private int extendBack(int start, int floor) {
            int s = start;
            boolean moved = true;
            while (moved) {
                moved = false;
                for (String[] p : BEFORE_DATE) {
                    int from = s - p.length;
                    if (from >= floor && phraseMatches(p, from, s)) {
                        s = from;
                        moved = true;
                        break;
                    }
                }
            }
            return s;
        }

        private int extendForward(int end, int ceiling) {
            int e = end;
            int q;
            while ((q = phraseAt(AFTER_DATE, e, ceiling)) > 0) {
                e = q;
            }
            return e;
        }

        /** Drops punctuation at both ends and fillers at the end ("… then", "… promise", "… pls"). */
        private List<Integer> trim(List<Integer> kept) {
            int from = 0;
            while (from < kept.size() && toks.get(kept.get(from)).type() != Type.WORD) {
                from++;
            }
            int to = kept.size();
            while (to > from) {
                Tok t = toks.get(kept.get(to - 1));
                if (t.type() == Type.WORD && !TRAILING_FILLERS.contains(t.word()) && !t.word().equals("and")) {
                    break;
                }
                to--;
            }
            return kept.subList(from, to);
        }

        private List<Integer> allShown(int from, int end) {
            List<Integer> kept = new ArrayList<>();
            for (int i = from; i < end; i++) {
                Type type = toks.get(i).type();
                if (type == Type.WORD || type == Type.PUNCT && !toks.get(i).word().equals("\n")) {
                    kept.add(i);
                }
            }
            while (!kept.isEmpty() && toks.get(kept.get(kept.size() - 1)).type() == Type.PUNCT
                    && END_MARKS.contains(toks.get(kept.get(kept.size() - 1)).word())) {
                kept.remove(kept.size() - 1);
            }
            return kept;
        }

        /** Shows tokens as typed: a space where the message had one or where something was left out. */
        private String render(List<Integer> kept) {
            StringBuilder out = new StringBuilder();
            for (int k = 0; k < kept.size(); k++) {
                Tok t = toks.get(kept.get(k));
                if (k > 0) {
                    Tok before = toks.get(kept.get(k - 1));
                    Tok typedBefore = toks.get(kept.get(k) - 1);
                    boolean gap = kept.get(k) != kept.get(k - 1) + 1 || t.start() > before.end();
                    if (CLOSING.contains(t.word()) && t.type() == Type.PUNCT ? t.start() > typedBefore.end() : gap) {
                        out.append(' ');
                    }
                }
                out.append(t.shown());
            }
            return out.toString().strip();
        }

        // -----------------------------------------------------------------------------------------------------
        // Small helpers over tokens

        private String word(int i) {
            return i >= 0 && i < toks.size() ? toks.get(i).word() : "";
        }

        private boolean isNumber(int i) {
            String w = word(i);
            return !w.isEmpty() && Character.isDigit(w.charAt(0)) && toks.get(i).type() == Type.WORD;
        }

        private boolean hasWord(int from, int end) {
            return firstWord(from, end) >= 0;
        }

        private int firstWord(int from, int end) {
            for (int i = Math.max(from, 0); i < end; i++) {
                if (toks.get(i).type() == Type.WORD) {
                    return i;
                }
            }
            return -1;
        }

        private boolean contains(int from, int end, String w) {
            for (int i = from; i < end; i++) {
                if (word(i).equals(w)) {
                    return true;
                }
            }
            return false;
        }

        private boolean startsWith(int p, int end, String... words) {
            return p >= 0 && p + words.length <= end && phraseMatches(words, p, p + words.length);
        }

        private boolean phraseMatches(String[] phrase, int from, int end) {
            if (end - from != phrase.length) {
                return false;
            }
            for (int k = 0; k < phrase.length; k++) {
                Tok t = toks.get(from + k);
                if (t.type() != Type.WORD || !t.word().equals(phrase[k])) {
                    return false;
                }
            }
            return true;
        }

        /** The end of the longest phrase starting at p, or -1. */
        private int phraseAt(List<String[]> phrases, int p, int end) {
            int best = -1;
            for (String[] phrase : phrases) {
                if (p + phrase.length <= end && p + phrase.length > best && phraseMatches(phrase, p, p + phrase.length)) {
                    best = p + phrase.length;
                }
            }
            return best;
        }

        private int skipAll(List<String[]> phrases, int p, int end) {
            if (p < 0) {
                return p;
            }
            int q;
            while ((q = phraseAt(phrases, p, end)) > 0) {
                p = q;
            }
            return p;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Tokenizer: one pass over the characters.

    private static List<Tok> tokenize(String text) {
        int n = Math.min(text.length(), MAX_CHARS);
        List<Tok> out = new ArrayList<>();
        int i = 0;
        boolean lineStart = true;
        while (i < n) {
            int cp = text.codePointAt(i);
            int len = Character.charCount(cp);
            if (cp == '\n' || cp == '\r') {
                out.add(new Tok(Type.PUNCT, "\n", "", i, i + len));
                i += len;
                lineStart = true;
                continue;
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                i += len;
                continue;
            }
            if (lineStart && (cp == '>' || text.startsWith("&gt;", i))) {
                i = lineEnd(text, i, n); // a quoted line: someone else's words
                continue;
            }
            lineStart = false;
            int j;
            if (cp == '<' && (j = entityEnd(text, i, n)) > 0) {
                out.add(entity(text, i, j));
                i = j;
            } else if (cp == '&' && (j = htmlEntityEnd(text, i, n)) > 0) {
                String shown = switch (text.substring(i, j)) {
                    case "&amp;" -> "&";
                    case "&lt;" -> "<";
                    default -> ">";
                };
                out.add(new Tok(Type.PUNCT, shown, shown, i, j));
                i = j;
            } else if (cp == '@' && i + 1 < n && Character.isLetterOrDigit(text.codePointAt(i + 1))) {
                j = i + 1;
                while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || "._-".indexOf(text.charAt(j)) >= 0)) {
                    j++;
                }
                out.add(new Tok(Type.MENTION, "", "", i, j));
                i = j;
            } else if (cp == ':' && (j = shortcodeEnd(text, i, n)) > 0) {
                out.add(new Tok(Type.SKIP, "", "", i, j)); // :thumbsup:
                i = j;
            } else if (Character.isLetterOrDigit(cp)) {
                j = wordEnd(text, i, n);
                String shown = text.substring(i, j);
                out.add(new Tok(Type.WORD, normalWord(shown), shown, i, j));
                i = j;
            } else {
                String mark = mark(cp);
                String shown = new String(Character.toChars(cp));
                out.add(mark == null ? new Tok(Type.SKIP, "", "", i, i + len) : new Tok(Type.PUNCT, mark, shown, i, i + len));
                i += len;
            }
        }
        return out;
    }

    private static int lineEnd(String text, int i, int n) {
        int j = i;
        while (j < n && text.charAt(j) != '\n' && text.charAt(j) != '\r') {
            j++;
        }
        return j;
    }

    /** A word: letters and digits, with inner apostrophes ("I'll"), hyphens ("sign-off"), "5:30", "a.m", "3.30". */
    private static int wordEnd(String text, int start, int n) {
        int j = start;
        while (j < n) {
            int cp = text.codePointAt(j);
            if (Character.isLetterOrDigit(cp)) {
                j += Character.charCount(cp);
                continue;
            }
            if (j + 1 >= n || j == start) {
                break;
            }
            char c = text.charAt(j);
            char before = text.charAt(j - 1);
            char after = text.charAt(j + 1);
            boolean inner = switch (c) {
                case '\'', '\u2019', '\u2018', '\u02bc' -> Character.isLetter(before) && Character.isLetter(after);
                case '-' -> Character.isLetterOrDigit(before) && Character.isLetterOrDigit(after);
                case ':' -> Character.isDigit(before) && Character.isDigit(after);
                case '.' -> Character.isLetterOrDigit(before) && Character.isLetterOrDigit(after);
                default -> false;
            };
            if (!inner) {
                break;
            }
            j++;
        }
        if (j < n && text.charAt(j) == '.' && j - start == 3 && text.regionMatches(true, start + 1, ".m", 0, 2)) {
            j++; // "p.m." keeps its last dot, so "5 p.m. tomorrow" stays one date
        }
        return j;
    }

    private static String normalWord(String shown) {
        String w = shown.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replace('\u2018', '\'').replace('\u02bc', '\'');
        return TYPOS.getOrDefault(w, w);
    }

    /** Slack's {@code <@U123>}, {@code <@U123|sam>}, {@code <#C1|acme>}, {@code <https://…|label>}, {@code <!here>}. */
    private static int entityEnd(String text, int i, int n) {
        if (i + 1 >= n || " <>".indexOf(text.charAt(i + 1)) >= 0) {
            return -1;
        }
        for (int j = i + 1; j < n && j < i + 300; j++) {
            char c = text.charAt(j);
            if (c == '>') {
                return j + 1;
            }
            if (c == '<' || c == '\n') {
                return -1;
            }
        }
        return -1;
    }

    private static Tok entity(String text, int start, int end) {
        String inside = text.substring(start + 1, end - 1);
        int bar = inside.indexOf('|');
        String label = bar >= 0 ? inside.substring(bar + 1) : inside;
        return switch (inside.charAt(0)) {
            case '@' -> new Tok(Type.MENTION, "", "", start, end);
            case '!' -> new Tok(Type.SKIP, "", "", start, end);
            case '#' -> new Tok(Type.WORD, "#" + label.toLowerCase(Locale.ROOT), "#" + label, start, end);
            default -> new Tok(Type.WORD, "<link>", label, start, end);
        };
    }

    private static int htmlEntityEnd(String text, int i, int n) {
        for (String entity : List.of("&amp;", "&lt;", "&gt;")) {
            if (i + entity.length() <= n && text.startsWith(entity, i)) {
                return i + entity.length();
            }
        }
        return -1;
    }

    /** {@code :+1:}, {@code :slightly_smiling_face:}: an emoji, ignored. */
    private static int shortcodeEnd(String text, int i, int n) {
        int j = i + 1;
        while (j < n && j < i + 60) {
            char c = text.charAt(j);
            if (c == ':') {
                return j > i + 1 ? j + 1 : -1;
            }
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '+' || c == '-')) {
                return -1;
            }
            j++;
        }
        return -1;
    }

    /** Punctuation the rules look at, normalised; anything else (emoji, symbols) is skipped. */
    private static String mark(int cp) {
        return switch (cp) {
            case '.', '!', '?', ',', ';', ':', '(', ')', '/', '&', '%', '$', '#', '*', '+', '=', '[', ']', '~', '_',
                    '-', '<', '>' -> new String(Character.toChars(cp));
            case '"', '\u201c', '\u201d' -> "\"";
            case '\'', '\u2018', '\u2019', '`' -> "'";
            case '\u2013', '\u2014' -> "—";
            case '\u2026' -> "...";
            case '\u00a3', '\u20ac' -> "£";
            default -> null;
        };
    }

    private static boolean hasUnitSuffix(String w) {
        int k = 0;
        while (k < w.length() && Character.isDigit(w.charAt(k))) {
            k++;
        }
        return k > 0 && k < w.length() && UNITS.contains(w.substring(k));
    }

    private static String capped(String what) {
        if (what.length() <= Commitment.MAX_TITLE) {
            return what;
        }
        int cut = what.lastIndexOf(' ', Commitment.MAX_TITLE - 1);
        return what.substring(0, cut > 0 ? cut : Commitment.MAX_TITLE - 1) + "…";
    }

    private static Set<String> words(String spaced) {
        return Set.copyOf(Arrays.asList(spaced.trim().split(" +")));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static List<String[]> phrases(String... phrases) {
        List<String[]> out = new ArrayList<>();
        for (String p : phrases) {
            out.add(p.split(" "));
        }
        return List.copyOf(out);
    }

    @SafeVarargs
    private static List<String[]> concat(List<String[]>... lists) {
        List<String[]> out = new ArrayList<>();
        for (List<String[]> l : lists) {
            out.addAll(l);
        }
        return List.copyOf(out);
    }

    private static String withoutPreposition(String text) {
        int space = text.indexOf(' ');
        return space > 0 && PREPOSITIONS.contains(text.substring(0, space)) ? text.substring(space + 1) : text;
    }
}
