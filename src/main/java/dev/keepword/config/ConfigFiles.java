package dev.keepword.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Ladder;
import dev.keepword.domain.Ladders;
import dev.keepword.domain.Terms;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * Reads the YAML files in the config folder. A file missing from the folder falls back to the copy packaged
 * in the jar, so {@code java -jar keepword.jar} works from any directory.
 */
public final class ConfigFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final Path dir;

    public ConfigFiles(Path dir) {
        this.dir = dir;
    }

    record AgreementFile(String defaultDueTime, Integer headsUpWorkingDays, String nudgeTime, Integer maxSnoozes,
                         Integer maxRenegotiations, Integer dailyNudgeCap, List<String> holidays,
                         Integer overdueNudges, Integer responseWorkingDays, Boolean slipDayForDay,
                         java.math.BigDecimal lateFeePerWorkingDay, String currency, Integer feeGraceWorkingDays,
                         Integer pauseAfterWorkingDays, Integer silenceWorkingDays, Integer reliabilityWindowDays,
                         Integer serialMisses, Integer cleanStreak, Integer serialDefaulterTier,
                         String summaryDay, String summaryTime, String consultancyClause, String paymentClause,
                         List<Integer> finalNoticeApproval) {
    }

    record RungFile(String name, int workingDays, String to, Integer afterUnanswered) {
    }

    record LaddersFile(java.util.Map<Integer, List<RungFile>> tiers) {
    }

    /** The default working agreement, from {@code agreement.yml}; absent keys keep the built-in defaults. */
    public Agreement agreement() {
        AgreementFile f = read("agreement.yml", AgreementFile.class);
        Agreement d = Agreement.DEFAULT;
        return new Agreement(
                f.defaultDueTime() == null ? d.defaultDueTime() : LocalTime.parse(f.defaultDueTime()),
                f.headsUpWorkingDays() == null ? d.headsUpWorkingDays() : f.headsUpWorkingDays(),
                f.nudgeTime() == null ? d.nudgeTime() : LocalTime.parse(f.nudgeTime()),
                f.maxSnoozes() == null ? d.maxSnoozes() : f.maxSnoozes(),
                f.maxRenegotiations() == null ? d.maxRenegotiations() : f.maxRenegotiations(),
                f.dailyNudgeCap() == null ? d.dailyNudgeCap() : f.dailyNudgeCap(),
                f.holidays() == null ? d.holidays() : f.holidays().stream().map(LocalDate::parse).toList(),
                f.overdueNudges() == null ? d.overdueNudges() : f.overdueNudges(),
                terms(f, d.terms()),
                f.summaryDay() == null ? d.summaryDay() : summaryDay(f.summaryDay()),
                f.summaryTime() == null ? d.summaryTime() : LocalTime.parse(f.summaryTime()));
    }

    /** {@code summaryDay: MONDAY} (any case). */
    private static java.time.DayOfWeek summaryDay(String day) {
        try {
            return java.time.DayOfWeek.valueOf(day.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("agreement.yml: summaryDay \"" + day + "\" is not a day of the week; "
                    + "write one of MONDAY … SUNDAY, for example summaryDay: MONDAY", e);
        }
    }

    private static Terms terms(AgreementFile f, Terms d) {
        return new Terms(
                or(f.responseWorkingDays(), d.responseWorkingDays()),
                f.slipDayForDay() == null ? d.slipDayForDay() : f.slipDayForDay(),
                f.lateFeePerWorkingDay() == null ? d.lateFeePerWorkingDay() : f.lateFeePerWorkingDay(),
                f.currency() == null ? d.currency() : f.currency(),
                or(f.feeGraceWorkingDays(), d.feeGraceWorkingDays()),
                or(f.pauseAfterWorkingDays(), d.pauseAfterWorkingDays()),
                or(f.silenceWorkingDays(), d.silenceWorkingDays()),
                or(f.reliabilityWindowDays(), d.reliabilityWindowDays()),
                or(f.serialMisses(), d.serialMisses()),
                or(f.cleanStreak(), d.cleanStreak()),
                or(f.serialDefaulterTier(), d.serialDefaulterTier()),
                f.consultancyClause() == null ? d.consultancyClause() : f.consultancyClause(),
                f.paymentClause() == null ? d.paymentClause() : f.paymentClause(),
                f.finalNoticeApproval() == null ? d.noticeApprovalTiers() : java.util.Set.copyOf(f.finalNoticeApproval()));
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    /** The escalation ladder of each tier, from {@code ladders.yml}. */
    public Ladders ladders() {
        LaddersFile f = read("ladders.yml", LaddersFile.class);
        java.util.Map<Integer, Ladder> byTier = new java.util.TreeMap<>();
        f.tiers().forEach((tier, rungs) -> byTier.put(tier, new Ladder(tier, rungs.stream().map(r -> new Ladder.Rung(
                r.name(), r.workingDays(), Ladder.Audience.valueOf(r.to().trim().toUpperCase(java.util.Locale.ROOT)),
                r.afterUnanswered() == null ? 0 : r.afterUnanswered())).toList())));
        return new Ladders(byTier);
    }

    /** The wording of every reminder and escalation, from {@code templates.yml}, keyed by rung or notice name. */
    public java.util.Map<String, String> templates() {
        @SuppressWarnings("unchecked")
        java.util.Map<String, String> texts = read("templates.yml", java.util.Map.class);
        return java.util.Map.copyOf(texts);
    }

    /** The console's demo people and engagements, from {@code demo-workspace.yml}. */
    public DemoWorkspace demoWorkspace() {
        return read("demo-workspace.yml", DemoWorkspace.class);
    }

    /**
     * The bot scopes Slack's OAuth install asks for: {@code oauth_config.scopes.bot} of {@code slack-app-manifest.yml},
     * so the install link and the manifest never disagree.
     */
    public List<String> slackBotScopes() {
        java.util.Map<?, ?> manifest = read("slack-app-manifest.yml", java.util.Map.class);
        Object oauth = manifest.get("oauth_config");
        Object scopes = oauth instanceof java.util.Map<?, ?> o ? o.get("scopes") : null;
        Object bot = scopes instanceof java.util.Map<?, ?> s ? s.get("bot") : null;
        if (!(bot instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalStateException("slack-app-manifest.yml has no oauth_config.scopes.bot list");
        }
        return list.stream().map(String::valueOf).toList();
    }

    private <T> T read(String name, Class<T> type) {
        Path file = dir.resolve(name);
        try {
            if (Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    return YAML.readValue(in, type);
                }
            }
            try (InputStream in = ConfigFiles.class.getResourceAsStream("/config/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("config file " + name + " is missing from " + dir.toAbsolutePath()
                            + " and from the jar");
                }
                return YAML.readValue(in, type);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
