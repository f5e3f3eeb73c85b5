package dev.keepword.app;

import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.HistoryEntry;
import dev.keepword.domain.WeekReport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every commitment of an engagement with its full history, as a file. CSV is for spreadsheets: RFC 4180 (CRLF,
 * fields with commas, quotes or line breaks quoted, quotes doubled), one row per history event carrying its
 * commitment's columns (people's actions and every message Keepword sent about it, with its recipient and
 * delivery outcome), times in ISO-8601 UTC; a text cell that a spreadsheet would read as a formula (it starts
 * with {@code = + - @}, a tab or a carriage return) gets a leading apostrophe. JSON nests the history in each
 * commitment. {@code waits_on} is the client input an item of the consultancy's waits on ({@code /commit depends}), empty
 * (null in JSON) when none. Pure.
 */
public final class CommitmentExport {
    /** The CSV header, in column order. */
    public static final List<String> COLUMNS = List.of("commitment_id", "title", "kind", "owner", "owner_side", "owed_to",
            "due_at", "state", "created_by", "created_at", "renegotiations", "snoozes", "blocked_reason", "waits_on", "event_seq",
            "event_at", "event_actor", "event_action", "event_detail", "event_to", "event_outcome");

    private CommitmentExport() {
    }

    public static byte[] csv(Engagement e, List<Commitment> commitments) {
        StringBuilder out = new StringBuilder();
        row(out, COLUMNS);
        for (Commitment c : sorted(commitments)) {
            int seq = 0;
            for (HistoryEntry h : c.history()) {
                seq++;
                row(out, List.of(String.valueOf(c.id()), text(c.title()), c.kind().word(), c.owner(),
                        WeekReport.sideOf(e, c.owner()).name().toLowerCase(java.util.Locale.ROOT),
                        c.owedTo() == null ? "" : c.owedTo(), c.due().toString(), c.state().name().toLowerCase(java.util.Locale.ROOT),
                        c.createdBy(), c.createdAt().toString(), String.valueOf(c.renegotiations()),
                        String.valueOf(c.snoozes()), text(c.blockedReason()), waitsOn(c), String.valueOf(seq), h.at().toString(),
                        h.actor(), h.action().name().toLowerCase(java.util.Locale.ROOT), text(h.detail()), h.to(),
                        text(h.outcome())));
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] json(Engagement e, List<Commitment> commitments, Instant exportedAt) {
        StringBuilder out = new StringBuilder();
        out.append("{\"engagement\":").append(quote(e.name())).append(",\"channel\":").append(quote(e.channelId()))
                .append(",\"exported_at\":").append(quote(exportedAt.toString())).append(",\"commitments\":[");
        List<Commitment> all = sorted(commitments);
        for (int i = 0; i < all.size(); i++) {
            Commitment c = all.get(i);
            out.append(i == 0 ? "\n" : ",\n").append("{\"id\":").append(c.id())
                    .append(",\"title\":").append(quote(c.title()))
                    .append(",\"kind\":").append(quote(c.kind().word()))
                    .append(",\"owner\":").append(quote(c.owner()))
                    .append(",\"owner_side\":").append(quote(WeekReport.sideOf(e, c.owner()).name().toLowerCase(java.util.Locale.ROOT)))
                    .append(",\"owed_to\":").append(c.owedTo() == null ? "null" : quote(c.owedTo()))
                    .append(",\"due_at\":").append(quote(c.due().toString()))
                    .append(",\"state\":").append(quote(c.state().name().toLowerCase(java.util.Locale.ROOT)))
                    .append(",\"created_by\":").append(quote(c.createdBy()))
                    .append(",\"created_at\":").append(quote(c.createdAt().toString()))
                    .append(",\"renegotiations\":").append(c.renegotiations())
                    .append(",\"snoozes\":").append(c.snoozes())
                    .append(",\"blocked_reason\":").append(quote(c.blockedReason()))
                    .append(",\"waits_on\":").append(c.waitsOn() == 0 ? "null" : String.valueOf(c.waitsOn()))
                    .append(",\"history\":[");
            for (int j = 0; j < c.history().size(); j++) {
                HistoryEntry h = c.history().get(j);
                out.append(j == 0 ? "" : ",").append("{\"at\":").append(quote(h.at().toString()))
                        .append(",\"actor\":").append(quote(h.actor()))
                        .append(",\"action\":").append(quote(h.action().name().toLowerCase(java.util.Locale.ROOT)))
                        .append(",\"detail\":").append(quote(h.detail()));
                if (h.isMessage()) {
                    out.append(",\"to\":").append(quote(h.to())).append(",\"outcome\":").append(quote(h.outcome()));
                }
                out.append('}');
            }
            out.append("]}");
        }
        out.append("\n]}\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The client input this item waits on ({@code /commit depends}), or empty. */
    private static String waitsOn(Commitment c) {
        return c.waitsOn() == 0 ? "" : String.valueOf(c.waitsOn());
    }

    /** How many history events (CSV data rows) an export of these commitments has. */
    public static int events(List<Commitment> commitments) {
        return commitments.stream().mapToInt(c -> c.history().size()).sum();
    }

    private static List<Commitment> sorted(List<Commitment> commitments) {
        return commitments.stream().sorted(Comparator.comparingLong(Commitment::id)).toList();
    }

    /** Free text as a spreadsheet should show it: never as a formula. */
    static String text(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        char first = s.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + s : s;
    }

    private static void row(StringBuilder out, List<String> fields) {
        List<String> cells = new ArrayList<>();
        for (String f : fields) {
            boolean quote = f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0;
            cells.add(quote ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
        }
        out.append(String.join(",", cells)).append("\r\n");
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
