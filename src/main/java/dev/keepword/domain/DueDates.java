package dev.keepword.domain;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the due phrases people type ("friday 3pm", "in 2 working days", "the day after tomorrow", "Dec 3", "eod")
 * into a point in time.
 *
 * <p>Everything is relative to a reference instant and zone passed in, never the system clock, so the same
 * phrase always means the same thing in a test. Whatever is typed, the answer is an {@link Outcome}: text that
 * cannot be read, names an impossible date, or lands at or before the reference instant is refused with a message
 * meant for the person who typed it.
 *
 * <p>Choices worth knowing:
 * <ul>
 *   <li>A day without a time of day gets {@code defaultTime}; "morning" is 09:00, "afternoon" 14:00,
 *       "evening" 18:00, "night"/"tonight" 20:00.</li>
 *   <li>"midnight" is 23:59 of the named day, so "friday midnight" still falls on Friday.</li>
 *   <li>Phrases that roll forward when already passed: a weekday ("friday"), a time alone ("5pm") and a month-day
 *       without a year ("Dec 3"). Phrases that name today or a fixed period ("today", "eod", "this morning",
 *       "end of week", "end of month", an explicit date) are refused when already passed instead.</li>
 *   <li>Numbers up to twelve may be spelled out ("in two days", "in a couple of weeks").</li>
 *   <li>Days already gone ("yesterday", "last friday", "two days ago", "last week") are read only so that they are
 *       refused as past, with the time they named, rather than as unreadable: the person typed a real date.</li>
 *   <li>An empty set of working days counts every day as a working day.</li>
 * </ul>
 */
public final class DueDates {

    /** Longer input is not a due phrase; refusing early also bounds the regex work. */
    private static final int MAX_INPUT = 200;
    /** How much of the typed text is echoed back in a refusal. */
    private static final int MAX_QUOTED = 60;
    /** Bounds how far a month-day without a year is looked for: Feb 29 recurs within eight years. */
    private static final int YEARS_TO_SEARCH = 9;

    private static final LocalTime MORNING = LocalTime.of(9, 0);
    private static final LocalTime AFTERNOON = LocalTime.of(14, 0);
    private static final LocalTime EVENING = LocalTime.of(18, 0);
    private static final LocalTime NIGHT = LocalTime.of(20, 0);
    private static final LocalTime NOON = LocalTime.NOON;
    /** "midnight" as the last minute of the named day: "due friday midnight" should not read as Saturday. */
    private static final LocalTime MIDNIGHT = LocalTime.of(23, 59);

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter SHOWN_WITH_YEAR =
            DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH);

    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern TRAILING_DOTS = Pattern.compile("[.\\s]+$");
    private static final Pattern LEADING_WORD = Pattern.compile("^(?:by|on|at|before)\\s");
    /** "2026-12-03t15:30" (lowercased ISO) becomes "2026-12-03 15:30" so the ordinary time rules apply. */
    private static final Pattern ISO_T = Pattern.compile("^(\\d{4}-\\d{1,2}-\\d{1,2})t(?=\\d)");

    /**
     * A clock time. The ranges live in the pattern, so "13pm" or "25:00" simply is not a time and the phrase falls
     * through to the refusal. A dot separator is only read with am/pm: a bare "3.12" might be a date.
     */
    private static final String CLOCK = "(?:(?<h12>1[0-2]|0?[1-9])(?:[:.](?<m12>[0-5]\\d))?\\s?(?<ampm>[ap])\\.?m\\.?"
            + "|(?<h24>[01]?\\d|2[0-3]):(?<m24>[0-5]\\d)"
            + "|(?<word>noon|midday|midnight))";
    private static final Pattern CLOCK_LAST = Pattern.compile("^(?:(?<rest>.*?)\\s)?(?:at\\s)?" + CLOCK + "$");
    private static final Pattern CLOCK_FIRST = Pattern.compile("^(?:at\\s)?" + CLOCK + "\\s(?<rest>.+)$");

    private static final Pattern PART_OF_DAY =
            Pattern.compile("^(?:(?<rest>.*)\\s)?(?<part>morning|afternoon|evening|night)$");
    private static final Map<String, LocalTime> PARTS_OF_DAY =
            Map.of("morning", MORNING, "afternoon", AFTERNOON, "evening", EVENING, "night", NIGHT);

    private static final String END_OF_DAY =
            "(?:eod|cob|(?:the\\s)?end\\sof\\s(?:the\\s)?(?:business\\s)?day|close\\sof\\sbusiness)";
    private static final Pattern END_OF_DAY_ALONE = Pattern.compile("^" + END_OF_DAY + "$");
    private static final Pattern END_OF_DAY_LAST = Pattern.compile("^(?<rest>.+)\\s" + END_OF_DAY + "$");

    private static final Pattern END_OF_WEEK =
            Pattern.compile("^(?:eow|this\\sweek|(?:the\\s)?end\\sof\\s(?:the\\s|this\\s)?week)$");
    private static final Pattern END_OF_NEXT_WEEK = Pattern.compile("^(?:the\\s)?end\\sof\\snext\\sweek$");
    private static final Pattern NEXT_WEEK = Pattern.compile("^next\\sweek$");
    private static final Pattern END_OF_MONTH =
            Pattern.compile("^(?:eom|this\\smonth|(?:the\\s)?end\\sof\\s(?:the\\s|this\\s)?month)$");
    private static final Pattern END_OF_NEXT_MONTH = Pattern.compile("^(?:the\\s)?end\\sof\\snext\\smonth$");
    private static final Pattern NEXT_MONTH = Pattern.compile("^next\\smonth$");

    private static final Pattern WEEKDAY = Pattern.compile("^(?:(?<which>this|next)\\s)?(?<day>[a-z]+)$");

    /** "3 ", "3" directly before a unit ("3d"), a word meaning one ("a ", "an ", "one ") or a number spelled out. */
    private static final String AMOUNT = "(?:(?<n>\\d{1,4})\\s?|(?<one>an?|one)\\s|(?<spelled>two|three|four|five|six|seven|eight"
            + "|nine|ten|eleven|twelve|a\\scouple\\sof|couple\\sof)\\s)";
    /** Numbers people spell out in a due phrase: "in two days", "in a couple of weeks". */
    private static final Map<String, Integer> SPELLED = Map.ofEntries(
            Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
            Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
            Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("a couple of", 2), Map.entry("couple of", 2));
    /** Phrases that name a day already gone; they are read (so the refusal can say "in the past"), never accepted. */
    private static final Pattern DAYS_AGO = Pattern.compile("^" + AMOUNT
            + "(?<unit>days?|d|weeks?|wks?|w)\\sago$");
    private static final Pattern LAST_WEEKDAY = Pattern.compile("^last\\s(?<day>[a-z]+)$");
    private static final Pattern DAYS_AHEAD = Pattern.compile("^(?:in\\s)?" + AMOUNT
            + "(?<unit>(?:working|business|work)\\sdays?|workdays?|days?|d|weeks?|wks?|w)$");
    private static final Pattern DURATION_AHEAD =
            Pattern.compile("^(?:in\\s)?" + AMOUNT + "(?<unit>hours?|hrs?|h|minutes?|mins?|m)$");
    private static final Pattern HOURS_AND_MINUTES_AHEAD = Pattern.compile("^(?:in\\s)?(?<h>\\d{1,3})\\s?(?:hours?|hrs?|h)"
            + "\\s?(?:and\\s)?(?<m>\\d{1,3})\\s?(?:minutes?|mins?|m)$");
    private static final Pattern HALF_HOUR_AHEAD = Pattern.compile("^(?:in\\s)?half\\san\\shour$");

    private static final String ORDINAL = "(?:st|nd|rd|th)?";
    private static final Pattern MONTH_DAY = Pattern.compile(
            "^(?<month>[a-z]+)\\s(?:the\\s)?(?<day>\\d{1,2})" + ORDINAL + "(?:\\s(?<year>\\d{4}))?$");
    private static final Pattern DAY_MONTH = Pattern.compile(
            "^(?:the\\s)?(?<day>\\d{1,2})" + ORDINAL + "\\s(?:of\\s)?(?<month>[a-z]+)(?:\\s(?<year>\\d{4}))?$");
    private static final Pattern ISO_DATE = Pattern.compile("^(?<year>\\d{4})-(?<month>\\d{1,2})-(?<day>\\d{1,2})$");

    private static final Map<String, DayOfWeek> WEEKDAYS = Map.ofEntries(
            Map.entry("monday", DayOfWeek.MONDAY), Map.entry("mon", DayOfWeek.MONDAY),
            Map.entry("tuesday", DayOfWeek.TUESDAY), Map.entry("tue", DayOfWeek.TUESDAY),
            Map.entry("tues", DayOfWeek.TUESDAY),
            Map.entry("wednesday", DayOfWeek.WEDNESDAY), Map.entry("wed", DayOfWeek.WEDNESDAY),
            Map.entry("weds", DayOfWeek.WEDNESDAY),
            Map.entry("thursday", DayOfWeek.THURSDAY), Map.entry("thu", DayOfWeek.THURSDAY),
            Map.entry("thur", DayOfWeek.THURSDAY), Map.entry("thurs", DayOfWeek.THURSDAY),
            Map.entry("friday", DayOfWeek.FRIDAY), Map.entry("fri", DayOfWeek.FRIDAY),
            Map.entry("saturday", DayOfWeek.SATURDAY), Map.entry("sat", DayOfWeek.SATURDAY),
            Map.entry("sunday", DayOfWeek.SUNDAY), Map.entry("sun", DayOfWeek.SUNDAY));

    private static final Map<String, Month> MONTHS = Map.ofEntries(
            Map.entry("jan", Month.JANUARY), Map.entry("january", Month.JANUARY),
            Map.entry("feb", Month.FEBRUARY), Map.entry("february", Month.FEBRUARY),
            Map.entry("mar", Month.MARCH), Map.entry("march", Month.MARCH),
            Map.entry("apr", Month.APRIL), Map.entry("april", Month.APRIL),
            Map.entry("may", Month.MAY),
            Map.entry("jun", Month.JUNE), Map.entry("june", Month.JUNE),
            Map.entry("jul", Month.JULY), Map.entry("july", Month.JULY),
            Map.entry("aug", Month.AUGUST), Map.entry("august", Month.AUGUST),
            Map.entry("sep", Month.SEPTEMBER), Map.entry("sept", Month.SEPTEMBER),
            Map.entry("september", Month.SEPTEMBER),
            Map.entry("oct", Month.OCTOBER), Map.entry("october", Month.OCTOBER),
            Map.entry("nov", Month.NOVEMBER), Map.entry("november", Month.NOVEMBER),
            Map.entry("dec", Month.DECEMBER), Map.entry("december", Month.DECEMBER));

    private DueDates() {
    }

    /** An interpreted due time; timeGiven says whether the phrase named a time of day (otherwise defaultTime was used). */
    public record Due(ZonedDateTime at, boolean timeGiven) {
        public Due {
            Objects.requireNonNull(at, "at");
        }

        public Instant instant() {
            return at.toInstant();
        }
    }

    /** Interprets a due phrase such as "friday 3pm" relative to {@code now}, in {@code zone}. */
    public static Outcome<Due> parse(String phrase, Instant now, ZoneId zone, LocalTime defaultTime,
                                     Set<DayOfWeek> workingDays) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(defaultTime, "defaultTime");
        Context context = new Context(now, zone, defaultTime, working(workingDays), quoted(phrase));
        Optional<String> text = normalise(phrase);
        if (text.isEmpty()) {
            return context.unrecognised();
        }
        try {
            return interpret(text.get(), context);
        } catch (DateTimeException | ArithmeticException e) {
            // Only reachable at the edges of the calendar (e.g. a year past 9999); still the person's typing.
            return context.unrecognised();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Overall shape of a phrase: [exact duration] | [day part] [part of day | clock time]

    private static Outcome<Due> interpret(String text, Context context) {
        Optional<Duration> ahead = exactDuration(text);
        if (ahead.isPresent()) {
            return context.exactly(ahead.get());
        }
        Split clock = splitClockTime(text);
        Split part = splitPartOfDay(clock.dayPart());
        Optional<LocalTime> time = clock.time().or(part::time);
        String dayPart = withoutEndOfDay(part.dayPart());
        return candidateDays(dayPart, time.isPresent(), context)
                .map(days -> context.firstAhead(days, time))
                .orElseGet(context::unrecognised);
    }

    /** A phrase split into the words naming a day and the time of day it named, if any. */
    private record Split(String dayPart, Optional<LocalTime> time) {
    }

    private static Split splitClockTime(String text) {
        Matcher last = CLOCK_LAST.matcher(text);
        if (last.matches()) {
            return new Split(Objects.requireNonNullElse(last.group("rest"), ""), Optional.of(clockTime(last)));
        }
        Matcher first = CLOCK_FIRST.matcher(text);
        if (first.matches()) {
            return new Split(first.group("rest"), Optional.of(clockTime(first)));
        }
        return new Split(text, Optional.empty());
    }

    private static LocalTime clockTime(Matcher m) {
        if (m.group("word") != null) {
            return m.group("word").equals("midnight") ? MIDNIGHT : NOON;
        }
        if (m.group("h24") != null) {
            return LocalTime.of(Integer.parseInt(m.group("h24")), Integer.parseInt(m.group("m24")));
        }
        int hour = Integer.parseInt(m.group("h12")) % 12; // 12am is 00:xx, 12pm is 12:xx
        if (m.group("ampm").equals("p")) {
            hour += 12;
        }
        int minute = m.group("m12") == null ? 0 : Integer.parseInt(m.group("m12"));
        return LocalTime.of(hour, minute);
    }

    private static Split splitPartOfDay(String dayPart) {
        if (dayPart.equals("tonight")) {
            return new Split("today", Optional.of(NIGHT));
        }
        Matcher m = PART_OF_DAY.matcher(dayPart);
        if (!m.matches()) {
            return new Split(dayPart, Optional.empty());
        }
        String rest = Objects.requireNonNullElse(m.group("rest"), "");
        // "this" only names a day together with a part of it: "this morning", not "this 5pm".
        return new Split(rest.equals("this") ? "today" : rest, Optional.of(PARTS_OF_DAY.get(m.group("part"))));
    }

    /** "eod" alone is today; after a day ("tomorrow eod") it only says "at the default time", which is implied. */
    private static String withoutEndOfDay(String dayPart) {
        if (END_OF_DAY_ALONE.matcher(dayPart).matches()) {
            return "today";
        }
        Matcher m = END_OF_DAY_LAST.matcher(dayPart);
        return m.matches() ? m.group("rest") : dayPart;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Day parts. Each yields the days to try in order; the first whose resulting instant is after now wins.

    private static Optional<List<LocalDate>> candidateDays(String dayPart, boolean timeGiven, Context c) {
        LocalDate today = c.today();
        if (dayPart.isEmpty()) {
            // A time alone ("5pm") means the next time the clock shows it.
            return timeGiven ? Optional.of(List.of(today, today.plusDays(1))) : Optional.empty();
        }
        switch (dayPart) {
            case "today":
                return Optional.of(List.of(today));
            case "tomorrow":
            case "tmrw":
            case "tmr":
                return Optional.of(List.of(today.plusDays(1)));
            case "the day after tomorrow":
            case "day after tomorrow":
                return Optional.of(List.of(today.plusDays(2)));
            // Days already gone: read so the refusal says "in the past" rather than "couldn't read".
            case "yesterday":
                return Optional.of(List.of(today.minusDays(1)));
            case "the day before yesterday":
            case "day before yesterday":
                return Optional.of(List.of(today.minusDays(2)));
            case "last week":
                return Optional.of(List.of(today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1)));
            case "last month":
                return Optional.of(List.of(today.withDayOfMonth(1).minusMonths(1)));
            default:
                break;
        }
        return periodAnchor(dayPart, c).map(List::of)
                .or(() -> pastDay(dayPart, today).map(List::of))
                .or(() -> weekday(dayPart, today))
                .or(() -> daysAhead(dayPart, c).map(List::of))
                .or(() -> calendarDate(dayPart, today));
    }

    private static Optional<LocalDate> periodAnchor(String dayPart, Context c) {
        LocalDate monday = c.today().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate firstOfMonth = c.today().withDayOfMonth(1);
        if (END_OF_WEEK.matcher(dayPart).matches()) {
            return Optional.of(c.lastWorkingDay(monday, monday.plusDays(6)));
        }
        if (END_OF_NEXT_WEEK.matcher(dayPart).matches()) {
            return Optional.of(c.lastWorkingDay(monday.plusWeeks(1), monday.plusWeeks(1).plusDays(6)));
        }
        if (NEXT_WEEK.matcher(dayPart).matches()) {
            return Optional.of(c.firstWorkingDay(monday.plusWeeks(1), monday.plusWeeks(1).plusDays(6)));
        }
        if (END_OF_MONTH.matcher(dayPart).matches()) {
            return Optional.of(c.lastWorkingDay(firstOfMonth, firstOfMonth.with(TemporalAdjusters.lastDayOfMonth())));
        }
        LocalDate nextMonth = firstOfMonth.plusMonths(1);
        if (END_OF_NEXT_MONTH.matcher(dayPart).matches()) {
            return Optional.of(c.lastWorkingDay(nextMonth, nextMonth.with(TemporalAdjusters.lastDayOfMonth())));
        }
        if (NEXT_MONTH.matcher(dayPart).matches()) {
            return Optional.of(c.firstWorkingDay(nextMonth, nextMonth.with(TemporalAdjusters.lastDayOfMonth())));
        }
        return Optional.empty();
    }

    /** "friday" and "this friday" may be today (if still ahead) else next week; "next friday" is never today. */
    private static Optional<List<LocalDate>> weekday(String dayPart, LocalDate today) {
        Matcher m = WEEKDAY.matcher(dayPart);
        if (!m.matches() || !WEEKDAYS.containsKey(m.group("day"))) {
            return Optional.empty();
        }
        DayOfWeek day = WEEKDAYS.get(m.group("day"));
        if ("next".equals(m.group("which"))) {
            return Optional.of(List.of(today.with(TemporalAdjusters.next(day))));
        }
        LocalDate first = today.with(TemporalAdjusters.nextOrSame(day));
        return Optional.of(first.equals(today) ? List.of(first, first.plusWeeks(1)) : List.of(first));
    }

    /** "last friday", "3 days ago": a day before today, which the caller then refuses as past. */
    private static Optional<LocalDate> pastDay(String dayPart, LocalDate today) {
        Matcher last = LAST_WEEKDAY.matcher(dayPart);
        if (last.matches() && WEEKDAYS.containsKey(last.group("day"))) {
            return Optional.of(today.with(TemporalAdjusters.previous(WEEKDAYS.get(last.group("day")))));
        }
        Matcher ago = DAYS_AGO.matcher(dayPart);
        if (ago.matches()) {
            long amount = amount(ago);
            return Optional.of(ago.group("unit").startsWith("w") ? today.minusWeeks(amount) : today.minusDays(amount));
        }
        return Optional.empty();
    }

    /** "in 3 days", "in 2 weeks", "in 2 working days": moves the local date; the time of day is applied later. */
    private static Optional<LocalDate> daysAhead(String dayPart, Context c) {
        Matcher m = DAYS_AHEAD.matcher(dayPart);
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = amount(m);
        String unit = m.group("unit");
        if (unit.startsWith("work") || unit.startsWith("business")) {
            return Optional.of(c.plusWorkingDays(c.today(), amount));
        }
        return Optional.of(unit.startsWith("w") ? c.today().plusWeeks(amount) : c.today().plusDays(amount));
    }

    private static Optional<List<LocalDate>> calendarDate(String dayPart, LocalDate today) {
        Matcher iso = ISO_DATE.matcher(dayPart);
        if (iso.matches()) {
            return date(number(iso, "year"), number(iso, "month"), number(iso, "day")).map(List::of);
        }
        Matcher named = MONTH_DAY.matcher(dayPart);
        if (!named.matches()) {
            named = DAY_MONTH.matcher(dayPart);
            if (!named.matches()) {
                return Optional.empty();
            }
        }
        Month month = MONTHS.get(named.group("month"));
        if (month == null) {
            return Optional.empty();
        }
        int day = number(named, "day");
        if (named.group("year") != null) {
            return date(number(named, "year"), month.getValue(), day).map(List::of);
        }
        return nextOccurrences(month, day, today);
    }

    /**
     * A month-day without a year: this year's if still ahead, otherwise the following one. Feb 29 skips to the next
     * leap year, so both candidates are looked up among valid years.
     */
    private static Optional<List<LocalDate>> nextOccurrences(Month month, int day, LocalDate today) {
        if (day < 1 || day > month.maxLength()) {
            return Optional.empty();
        }
        MonthDay monthDay = MonthDay.of(month, day);
        List<LocalDate> found = new ArrayList<>(2);
        for (int year = today.getYear(); year < today.getYear() + YEARS_TO_SEARCH && found.size() < 2; year++) {
            if (monthDay.isValidYear(year) && !monthDay.atYear(year).isBefore(today)) {
                found.add(monthDay.atYear(year));
            }
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(found));
    }

    private static Optional<LocalDate> date(int year, int month, int day) {
        try {
            return Optional.of(LocalDate.of(year, month, day));
        } catch (DateTimeException invalid) {
            return Optional.empty(); // "Feb 30", "2026-13-01": not a date, so not readable
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Exact durations: "in 3 hours", "90 minutes", "2h", "in 1h 30m", "in an hour", "in half an hour".

    private static Optional<Duration> exactDuration(String text) {
        if (HALF_HOUR_AHEAD.matcher(text).matches()) {
            return Optional.of(Duration.ofMinutes(30));
        }
        Matcher both = HOURS_AND_MINUTES_AHEAD.matcher(text);
        if (both.matches()) {
            return Optional.of(Duration.ofHours(number(both, "h")).plusMinutes(number(both, "m")));
        }
        Matcher m = DURATION_AHEAD.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = amount(m);
        return Optional.of(m.group("unit").startsWith("h") ? Duration.ofHours(amount) : Duration.ofMinutes(amount));
    }

    private static long amount(Matcher m) {
        if (m.group("n") != null) {
            return Long.parseLong(m.group("n"));
        }
        return m.group("spelled") != null ? SPELLED.get(m.group("spelled")) : 1;
    }

    private static int number(Matcher m, String group) {
        return Integer.parseInt(m.group(group)); // the patterns allow at most four ASCII digits
    }

    // ---------------------------------------------------------------------------------------------------------
    // Input clean-up and messages.

    private static Optional<String> normalise(String phrase) {
        if (phrase == null) {
            return Optional.empty();
        }
        String text = phrase.strip();
        if (text.isEmpty() || text.length() > MAX_INPUT) {
            return Optional.empty();
        }
        text = text.toLowerCase(Locale.ROOT).replace(',', ' ');
        text = WHITESPACE.matcher(text).replaceAll(" ");
        text = TRAILING_DOTS.matcher(text).replaceFirst("").strip();
        text = LEADING_WORD.matcher(text).replaceFirst("");
        text = ISO_T.matcher(text).replaceFirst("$1 ");
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** The phrase as typed, for quoting back: trimmed, and cut (on a character boundary) if long. */
    private static String quoted(String phrase) {
        String text = phrase == null ? "" : phrase.strip();
        if (text.codePointCount(0, text.length()) <= MAX_QUOTED) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_QUOTED)) + "…";
    }

    /**
     * The refusal for a phrase that names a time already gone, quoting it and the time it named (with the year when it
     * is not this year's), so "yesterday" is not mistaken for a typo.
     */
    private static String pastMessage(String quoted, ZonedDateTime at, int thisYear) {
        return "That date is in the past: \"" + quoted + "\" was " + (at.getYear() == thisYear ? SHOWN : SHOWN_WITH_YEAR).format(at)
                + ". Try a later one, e.g. \"friday\".";
    }

    private static Set<DayOfWeek> working(Set<DayOfWeek> workingDays) {
        // No working days configured would make "next week" unanswerable; read it as "no day is special".
        return workingDays == null || workingDays.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(workingDays);
    }

    /** The reference point and settings every rule needs, plus the phrase as it is quoted back. */
    private record Context(Instant now, ZoneId zone, LocalTime defaultTime, Set<DayOfWeek> workingDays,
                           String quoted) {

        LocalDate today() {
            return now.atZone(zone).toLocalDate();
        }

        Outcome<Due> firstAhead(List<LocalDate> days, Optional<LocalTime> time) {
            LocalTime clock = time.orElse(defaultTime);
            ZonedDateTime at = null;
            for (LocalDate day : days) {
                at = ZonedDateTime.of(day, clock, zone); // a time in a spring-forward gap moves forward
                if (at.toInstant().isAfter(now)) {
                    return Outcome.ok(new Due(at, time.isPresent()));
                }
            }
            return past(at);
        }

        Outcome<Due> exactly(Duration ahead) {
            ZonedDateTime at = now.plus(ahead).atZone(zone);
            return at.toInstant().isAfter(now) ? Outcome.ok(new Due(at, true)) : past(at);
        }

        LocalDate plusWorkingDays(LocalDate from, long count) {
            LocalDate day = from;
            for (long added = 0; added < count; ) {
                day = day.plusDays(1);
                if (workingDays.contains(day.getDayOfWeek())) {
                    added++;
                }
            }
            return day;
        }

        /** Ranges passed here span a whole week or month, so they always contain a working day. */
        LocalDate firstWorkingDay(LocalDate from, LocalDate to) {
            LocalDate day = from;
            while (!workingDays.contains(day.getDayOfWeek()) && day.isBefore(to)) {
                day = day.plusDays(1);
            }
            return day;
        }

        LocalDate lastWorkingDay(LocalDate from, LocalDate to) {
            LocalDate day = to;
            while (!workingDays.contains(day.getDayOfWeek()) && day.isAfter(from)) {
                day = day.minusDays(1);
            }
            return day;
        }

        Outcome<Due> unrecognised() {
            return Outcome.rejected("I couldn't read \"" + quoted + "\" as a date. Try something like \"friday 5pm\", "
                    + "\"tomorrow\", \"in 3 working days\", \"Dec 3\" or \"2026-12-03\".");
        }

        Outcome<Due> past(ZonedDateTime at) {
            return Outcome.rejected(pastMessage(quoted, at, now.atZone(zone).getYear()));
        }
    }
}
