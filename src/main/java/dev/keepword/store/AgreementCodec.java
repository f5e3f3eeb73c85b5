package dev.keepword.store;

import dev.keepword.domain.Agreement;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Stores an engagement's agreement as {@code key=value} lines, readable in a database console. */
final class AgreementCodec {
    private AgreementCodec() {
    }

    static String encode(Agreement a) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("defaultDueTime", a.defaultDueTime().toString());
        m.put("headsUpWorkingDays", String.valueOf(a.headsUpWorkingDays()));
        m.put("nudgeTime", a.nudgeTime().toString());
        m.put("maxSnoozes", String.valueOf(a.maxSnoozes()));
        m.put("maxRenegotiations", String.valueOf(a.maxRenegotiations()));
        m.put("dailyNudgeCap", String.valueOf(a.dailyNudgeCap()));
        m.put("overdueNudges", String.valueOf(a.overdueNudges()));
        dev.keepword.domain.Terms t = a.terms();
        m.put("responseWorkingDays", String.valueOf(t.responseWorkingDays()));
        m.put("slipDayForDay", String.valueOf(t.slipDayForDay()));
        m.put("lateFeePerWorkingDay", t.lateFeePerWorkingDay().toPlainString());
        m.put("currency", t.currency());
        m.put("feeGraceWorkingDays", String.valueOf(t.feeGraceWorkingDays()));
        m.put("pauseAfterWorkingDays", String.valueOf(t.pauseAfterWorkingDays()));
        m.put("silenceWorkingDays", String.valueOf(t.silenceWorkingDays()));
        m.put("reliabilityWindowDays", String.valueOf(t.reliabilityWindowDays()));
        m.put("serialMisses", String.valueOf(t.serialMisses()));
        m.put("cleanStreak", String.valueOf(t.cleanStreak()));
        m.put("serialDefaulterTier", String.valueOf(t.serialDefaulterTier()));
        m.put("consultancyClause", t.consultancyClause());
        m.put("paymentClause", t.paymentClause());
        m.put("noticeApprovalTiers", t.noticeApprovalTiers().stream().sorted().map(String::valueOf)
                .collect(Collectors.joining(",")));
        m.put("holidays", a.holidays().stream().map(LocalDate::toString).collect(Collectors.joining(",")));
        return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    }

    /** Missing keys fall back to {@code defaults}, so agreements stored before a new clause existed still load. */
    static Agreement decode(String text, Agreement defaults) {
        Map<String, String> m = Arrays.stream(text.split("\n")).filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
                        (x, y) -> y));
        String holidays = m.get("holidays");
        List<LocalDate> days = holidays == null ? defaults.holidays()
                : Arrays.stream(holidays.split(",")).filter(s -> !s.isBlank()).map(LocalDate::parse).toList();
        return new Agreement(
                time(m, "defaultDueTime", defaults.defaultDueTime()),
                number(m, "headsUpWorkingDays", defaults.headsUpWorkingDays()),
                time(m, "nudgeTime", defaults.nudgeTime()),
                number(m, "maxSnoozes", defaults.maxSnoozes()),
                number(m, "maxRenegotiations", defaults.maxRenegotiations()),
                number(m, "dailyNudgeCap", defaults.dailyNudgeCap()),
                days,
                number(m, "overdueNudges", defaults.overdueNudges()),
                terms(m, defaults.terms()));
    }

    private static dev.keepword.domain.Terms terms(Map<String, String> m, dev.keepword.domain.Terms d) {
        return new dev.keepword.domain.Terms(
                number(m, "responseWorkingDays", d.responseWorkingDays()),
                m.containsKey("slipDayForDay") ? Boolean.parseBoolean(m.get("slipDayForDay")) : d.slipDayForDay(),
                m.containsKey("lateFeePerWorkingDay") ? new java.math.BigDecimal(m.get("lateFeePerWorkingDay"))
                        : d.lateFeePerWorkingDay(),
                m.getOrDefault("currency", d.currency()),
                number(m, "feeGraceWorkingDays", d.feeGraceWorkingDays()),
                number(m, "pauseAfterWorkingDays", d.pauseAfterWorkingDays()),
                number(m, "silenceWorkingDays", d.silenceWorkingDays()),
                number(m, "reliabilityWindowDays", d.reliabilityWindowDays()),
                number(m, "serialMisses", d.serialMisses()),
                number(m, "cleanStreak", d.cleanStreak()),
                number(m, "serialDefaulterTier", d.serialDefaulterTier()),
                m.getOrDefault("consultancyClause", d.consultancyClause()),
                m.getOrDefault("paymentClause", d.paymentClause()),
                m.containsKey("noticeApprovalTiers") ? tiers(m.get("noticeApprovalTiers")) : d.noticeApprovalTiers());
    }

    private static java.util.Set<Integer> tiers(String list) {
        return java.util.Arrays.stream(list.split(",")).map(String::strip).filter(x -> !x.isEmpty())
                .map(Integer::valueOf).collect(Collectors.toSet());
    }

    private static LocalTime time(Map<String, String> m, String key, LocalTime fallback) {
        return m.containsKey(key) ? LocalTime.parse(m.get(key)) : fallback;
    }

    private static int number(Map<String, String> m, String key, int fallback) {
        return m.containsKey(key) ? Integer.parseInt(m.get(key)) : fallback;
    }
}
