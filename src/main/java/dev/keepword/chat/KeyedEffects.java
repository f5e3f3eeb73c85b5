package dev.keepword.chat;

import dev.keepword.app.Clock;
import dev.keepword.app.Message;
import dev.keepword.app.Outgoing;
import dev.keepword.app.SeenEvents;
import dev.keepword.app.Target;
import dev.keepword.app.Transactions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Handles a stored inbox item's command at most once per item id: the command's effects (a commitment created, done,
 * moved, snoozed…) and a row keyed by the item's id holding its answer commit in one transaction. Handling the item
 * again (the process died before the item was marked handled, and another process or the next start took it over)
 * finds that row, changes nothing, and hands back the stored answer, or nothing when that answer was already sent.
 *
 * <p>The residual duplicate: an answer whose send reached the platform but whose {@link #answered} mark did not reach
 * the database (a crash in between) is sent again by whoever handles the item next: at most one extra answer per item
 * per crash, only for the items whose answers were in flight at that moment.
 */
public final class KeyedEffects {
    private static final Logger LOG = LoggerFactory.getLogger(KeyedEffects.class);

    /** How often a transaction that lost to a concurrent one (a deadlock, a twin handling) is run again. */
    static final int ATTEMPTS = 3;

    private final Transactions tx;
    private final SeenEvents seen;
    private final Clock clock;

    public KeyedEffects(Transactions tx, SeenEvents seen, Clock clock) {
        this.tx = tx;
        this.seen = seen;
        this.clock = clock;
    }

    /**
     * What handling an item gave: the messages to send ({@code out}, the speaker's answer first), and whether this was a
     * repeat ({@code again}: the effects were already there; {@code out} is what the first handling stored, empty when
     * it was already sent).
     */
    public record Handled(List<Outgoing> out, boolean again) {
    }

    /**
     * Runs {@code work} (a command's use case; its own transactions join this one) and records the item as handled with
     * its answer, in one transaction; or, when the item's effects are already recorded, runs nothing.
     */
    public Handled once(String platform, String workspaceId, String itemId, Supplier<List<Outgoing>> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.inTransaction(() -> {
                    Optional<SeenEvents.Effects> before = seen.effects(platform, workspaceId, itemId);
                    if (before.isPresent()) {
                        LOG.info("A {} item handled before was handled again; its effects are there already{}", platform,
                                before.get().answered() ? " and its answer sent" : ", its answer is sent now");
                        return new Handled(before.get().answered() ? List.of() : decode(before.get().answer()), true);
                    }
                    List<Outgoing> out = work.get();
                    seen.effected(platform, workspaceId, itemId, encode(out), clock.now());
                    return new Handled(out, false);
                });
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !lostARace(e)) {
                    throw e;
                }
                LOG.info("Handling a {} item met a concurrent transaction ({}); tried again", platform, e.getMessage());
            }
        }
    }

    /** Records that the item's answer was sent (or given up on); a failure is logged (a repeat then sends it again). */
    public void answered(String platform, String workspaceId, String itemId) {
        try {
            seen.answered(platform, workspaceId, itemId, clock.now());
        } catch (RuntimeException e) {
            LOG.warn("The answer to a {} item was sent but could not be recorded as sent: {}", platform, e.getMessage());
        }
    }

    /**
     * A unique key (a twin handling of the same item committed first: the next attempt finds its effects), a deadlock
     * or a serialization failure (SQLState class 40): nothing of this attempt was kept, and it may run again.
     */
    static boolean lostARace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql) {
                for (java.sql.SQLException s = sql; s != null; s = s.getNextException()) {
                    String state = s.getSQLState();
                    if (state != null && (state.equals("23505") || state.startsWith("40"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The stored answer: a list of messages and their targets, each string as its length, a colon and its characters.

    static String encode(List<Outgoing> out) {
        StringBuilder b = new StringBuilder("1;"); // the format's version
        num(b, out.size());
        for (Outgoing o : out) {
            if (o.target() instanceof Target.Private p) {
                b.append('P');
                str(b, p.userId());
                str(b, p.channelId());
            } else if (o.target() instanceof Target.Direct d) {
                b.append('D');
                str(b, d.userId());
                str(b, d.fallbackChannel());
            } else {
                b.append('C');
                str(b, ((Target.Channel) o.target()).channelId());
            }
            List<Message.Line> lines = o.message().lines();
            num(b, lines.size());
            for (Message.Line line : lines) {
                num(b, line.spans().size());
                for (Message.Span span : line.spans()) {
                    if (span instanceof Message.Span.Plain p) {
                        b.append('p');
                        str(b, p.text());
                    } else if (span instanceof Message.Span.Bold x) {
                        b.append('b');
                        str(b, x.text());
                    } else if (span instanceof Message.Span.Mention m) {
                        b.append('m');
                        str(b, m.userId());
                    } else {
                        b.append('c');
                        str(b, ((Message.Span.ChannelRef) span).channelId());
                    }
                }
                num(b, line.buttons().size());
                for (Message.Button button : line.buttons()) {
                    str(b, button.label());
                    str(b, button.action());
                    str(b, button.value());
                }
            }
        }
        return b.toString();
    }

    static List<Outgoing> decode(String stored) {
        if (stored == null || stored.isEmpty()) {
            return List.of();
        }
        Reader r = new Reader(stored);
        if (!"1".equals(r.until(';'))) {
            throw new IllegalArgumentException("an answer stored in an unknown format");
        }
        List<Outgoing> out = new ArrayList<>();
        for (int i = r.num(); i > 0; i--) {
            char kind = r.next();
            Target target = switch (kind) {
                case 'P' -> new Target.Private(r.str(), r.str());
                case 'D' -> new Target.Direct(r.str(), r.str());
                case 'C' -> new Target.Channel(r.str());
                default -> throw new IllegalArgumentException("an unknown target in a stored answer: " + kind);
            };
            List<Message.Line> lines = new ArrayList<>();
            for (int l = r.num(); l > 0; l--) {
                List<Message.Span> spans = new ArrayList<>();
                for (int s = r.num(); s > 0; s--) {
                    char k = r.next();
                    spans.add(switch (k) {
                        case 'p' -> new Message.Span.Plain(r.str());
                        case 'b' -> new Message.Span.Bold(r.str());
                        case 'm' -> new Message.Span.Mention(r.str());
                        case 'c' -> new Message.Span.ChannelRef(r.str());
                        default -> throw new IllegalArgumentException("an unknown span in a stored answer: " + k);
                    });
                }
                List<Message.Button> buttons = new ArrayList<>();
                for (int n = r.num(); n > 0; n--) {
                    buttons.add(new Message.Button(r.str(), r.str(), r.str()));
                }
                lines.add(new Message.Line(spans, buttons));
            }
            out.add(new Outgoing(target, new Message(lines)));
        }
        return out;
    }

    private static void num(StringBuilder b, int n) {
        b.append(n).append(';');
    }

    /** A string as its length and a colon, then its characters; null as a dash. */
    private static void str(StringBuilder b, String s) {
        if (s == null) {
            b.append('-');
        } else {
            b.append(s.length()).append(':').append(s);
        }
    }

    private static final class Reader {
        private final String s;
        private int at;

        Reader(String s) {
            this.s = s;
        }

        char next() {
            return s.charAt(at++);
        }

        String until(char end) {
            int stop = s.indexOf(end, at);
            if (stop < 0) {
                throw new IllegalArgumentException("a stored answer ends too soon");
            }
            String part = s.substring(at, stop);
            at = stop + 1;
            return part;
        }

        int num() {
            return Integer.parseInt(until(';'));
        }

        String str() {
            if (s.charAt(at) == '-') {
                at++;
                return null;
            }
            int len = Integer.parseInt(until(':'));
            String part = s.substring(at, at + len);
            at += len;
            return part;
        }
    }
}
