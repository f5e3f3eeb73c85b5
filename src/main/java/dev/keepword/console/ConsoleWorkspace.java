package dev.keepword.console;

import dev.keepword.app.CommitCommands;
import dev.keepword.app.Engagements;
import dev.keepword.app.Inbound;
import dev.keepword.app.MutableClock;
import dev.keepword.app.Outgoing;
import dev.keepword.app.Parties;
import dev.keepword.app.SimulatedTime;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Party;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console workspace: reads chat lines (interactive or piped), runs them through the same use cases as
 * Slack and Teams, and prints every outgoing message as one line tagged with its surface. Directives:
 * {@code /as @handle}, {@code /in #channel}, {@code /clock <instant>|+<amount>} (simulated time: every nudge
 * that falls due on the way is delivered at its own time), {@code /quit}.
 */
public final class ConsoleWorkspace {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleWorkspace.class);
    private static final Pattern RELATIVE = Pattern.compile("^\\+?(\\d{1,6})\\s*(m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)$");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm 'UTC'", Locale.ENGLISH);
    private static final String DIRECTIVES = "Type /commit help for the commands, or /as @handle, /in #channel, "
            + "/clock +1d (or an ISO instant), /quit.";

    private final String workspaceId;
    private final CommitCommands commands;
    /** Offers to track promises typed as chat lines; null: none. */
    private final dev.keepword.app.PromiseCapture capture;
    /** Numbers the chat lines, so an offer can name the message it is about. */
    private int posted;
    private final Parties parties;
    private final Engagements engagements;
    private final MutableClock clock;
    private final SimulatedTime time;
    private final ConsoleChat chat;
    private String speaker;
    private String channel;

    public ConsoleWorkspace(String workspaceId, CommitCommands commands, Parties parties, Engagements engagements,
                            MutableClock clock, SimulatedTime time, ConsoleChat chat, String speaker, String channel) {
        this(workspaceId, commands, null, parties, engagements, clock, time, chat, speaker, channel);
    }

    /**
     * With {@code capture}: a dated promise typed as a chat line gets the private offer to track it, answered with
     * {@code /track} or {@code /notnow} (what its buttons print).
     */
    public ConsoleWorkspace(String workspaceId, CommitCommands commands, dev.keepword.app.PromiseCapture capture,
                            Parties parties, Engagements engagements, MutableClock clock, SimulatedTime time,
                            ConsoleChat chat, String speaker, String channel) {
        this.capture = capture;
        this.workspaceId = workspaceId;
        this.commands = commands;
        this.parties = parties;
        this.engagements = engagements;
        this.clock = clock;
        this.time = time;
        this.chat = chat;
        this.speaker = speaker;
        this.channel = channel;
    }

    /** Reads until end of input or {@code /quit}. */
    public void run(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (!handle(line)) {
                return;
            }
        }
    }

    /** Handles one line; false when the session should end. Nothing typed escapes as an exception. */
    public boolean handle(String raw) {
        String line = raw.strip();
        if (line.isEmpty()) {
            return true;
        }
        try {
            return dispatch(line);
        } catch (RuntimeException e) {
            LOG.error("console line failed", e);
            chat.system("Something went wrong handling that line; nothing was changed. " + DIRECTIVES);
            return true;
        }
    }

    private boolean dispatch(String line) {
        String[] split = line.split("\\s+", 2);
        String head = split[0].toLowerCase(Locale.ROOT);
        String rest = split.length > 1 ? split[1].strip() : "";
        switch (head) {
            case "/commit" -> deliver(commands.handle(new Inbound(workspaceId, channel, speaker, rest)));
            case "/as" -> switchSpeaker(rest);
            case "/track" -> {
                if (capture == null) {
                    chat.system("Nothing to track here. " + DIRECTIVES);
                } else {
                    dev.keepword.app.PromiseCapture.Captured captured = capture.track(workspaceId, speaker, rest);
                    deliver(captured.out());
                    captured.threadReply().ifPresent(m -> deliver(List.of(new Outgoing(new dev.keepword.app.Target.Channel(channelOf(rest)), m))));
                }
            }
            case "/notnow" -> {
                if (capture != null) {
                    deliver(capture.notNow(workspaceId, speaker, rest));
                }
            }
            case "/in" -> switchChannel(rest);
            case "/clock" -> moveClock(rest);
            case "/quit", "/exit" -> {
                chat.system("Bye.");
                return false;
            }
            case "/help" -> chat.system(DIRECTIVES);
            default -> {
                if (line.startsWith("/")) {
                    chat.system("I don't know the directive \"" + shorten(split[0]) + "\". " + DIRECTIVES);
                } else {
                    commands.posted(new Inbound(workspaceId, channel, speaker, line));
                    chat.posted(channel, speaker, line);
                    if (capture != null) {
                        // A console line has no id of its own: the clock and a count make one, unique across sessions.
                        String message = "m" + clock.now().toEpochMilli() + "-" + (++posted);
                        capture.offer(workspaceId, channel, message, speaker, line, null).ifPresent(chat::print);
                    }
                }
            }
        }
        return true;
    }

    /** The channel an offer's key names ("acme m1700000000000-3"). */
    private static String channelOf(String key) {
        return key.split(" ", 2)[0];
    }

    private void deliver(List<Outgoing> outgoing) {
        outgoing.forEach(chat::print);
    }

    private void switchSpeaker(String rest) {
        String handle = rest.startsWith("@") ? rest.substring(1) : rest;
        Optional<Party> who = handle.isEmpty() ? Optional.empty() : parties.find(workspaceId, handle);
        if (who.isEmpty()) {
            chat.system("I don't know \"" + shorten(rest) + "\". People here: " + String.join(", ",
                    parties.all(workspaceId).stream().map(p -> "@" + p.userId()).toList()) + ". For example: /as @sam");
            return;
        }
        speaker = who.get().userId();
        chat.system("Speaking as @" + speaker + " (" + who.get().displayName() + ", " + who.get().zone().getId() + ").");
    }

    private void switchChannel(String rest) {
        String name = rest.startsWith("#") ? rest.substring(1) : rest;
        if (!name.matches("[\\p{L}\\p{N}._-]{1,80}")) {
            chat.system("Name a channel like #acme. Engagement channels here: " + channels() + ".");
            return;
        }
        channel = name;
        boolean engaged = engagements.byChannel(workspaceId, name).isPresent();
        chat.system("In #" + name + (engaged ? "." : " (no engagement here yet; engagement channels: " + channels() + ")."));
    }

    private String channels() {
        List<Engagement> all = engagements.all(workspaceId);
        return all.isEmpty() ? "none" : String.join(", ", all.stream().map(e -> "#" + e.channelId()).toList());
    }

    private void moveClock(String rest) {
        Optional<Instant> to = target(rest, clock.now());
        if (to.isEmpty()) {
            chat.system("I can move the clock forward by +30m, +3h, +2d, +1w, PT90M or to an ISO instant such as "
                    + "2026-12-01T09:00:00Z.");
            return;
        }
        if (to.get().isAfter(clock.now().plus(Duration.ofDays(366)))) {
            chat.system("The clock moves at most a year at a time, for example: /clock +4w");
            return;
        }
        if (to.get().isBefore(clock.now())) {
            chat.system("The clock only moves forward; it is " + CLOCK.format(clock.now().atZone(ZoneOffset.UTC)) + ".");
            return;
        }
        time.advanceTo(to.get());
        chat.system("Clock: " + CLOCK.format(to.get().atZone(ZoneOffset.UTC)) + ".");
    }

    static Optional<Instant> target(String text, Instant now) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            char unit = m.group(2).charAt(0);
            Duration d = switch (unit) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return Optional.of(now.plus(d));
        }
        try {
            if (t.startsWith("+p") || t.startsWith("p")) {
                return Optional.of(now.plus(Duration.parse(t.startsWith("+") ? t.substring(1) : t)));
            }
            return Optional.of(Instant.parse(text.strip()));
        } catch (DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static String shorten(String s) {
        // Counted in code points, so an emoji is never cut in half.
        return ConsoleText.escape(s.codePointCount(0, s.length()) <= 40 ? s
                : s.substring(0, s.offsetByCodePoints(0, 40)) + "…");
    }
}
