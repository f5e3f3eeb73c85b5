package dev.keepword.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.domain.Agreement;
import dev.keepword.domain.Ladder;
import dev.keepword.domain.Ladders;
import dev.keepword.domain.Terms;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code config/} files load, agree with each other (every rung of every tier has its wording) and
 * match what the README and the built-in defaults promise.
 */
class EscalationConfigTest {

    private static final ConfigFiles FOLDER = new ConfigFiles(Path.of("config"));
    private static final ConfigFiles PACKAGED = new ConfigFiles(Path.of("/nonexistent-keepword-config"));
    /** The placeholders templates.yml documents for reminders and escalations; anything else prints verbatim. */
    private static final Set<String> PLACEHOLDERS = Set.of("title", "id", "owner", "owed_to", "due", "late", "clause",
            "consequences", "standing", "reliability", "history", "person", "silent", "items", "reason", "waited",
            "agreement", "cost", "notice", "moved");
    private static final List<String> NOTICES = List.of("heads-up", "due-today", "firm-reminder", "reminder", "snooze-end",
            "sponsor", "gone-quiet", "standing-changed", "first-lapse", "change-request", "change-request-follow-up",
            "still-blocked", "final-notice-draft");

    @Test
    void theAgreementLoadsWithItsCadenceCapsHolidaysAndConsequences() {
        Agreement a = FOLDER.agreement();

        assertEquals(new Agreement(LocalTime.of(17, 0), 2, LocalTime.of(9, 30), 3, 2, 1,
                List.of(LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 26), LocalDate.of(2027, 1, 1)), 5,
                new Terms(2, true, BigDecimal.ZERO, "EUR", 0, 10, 3, 90, 3, 3, 3)), a);
        assertEquals("When a client input is late, the timeline moves by the same number of working days. "
                + "Work pauses once an input is 10 working days late.", a.terms().consequencesClause());
    }

    @Test
    void theLaddersLoadForEveryTierAndTierTwoIsTheBuiltInDefault() {
        Ladders ladders = FOLDER.ladders();

        assertEquals(Set.of(1, 2, 3), ladders.byTier().keySet());
        assertEquals(Ladder.DEFAULT, ladders.forTier(2));
        assertEquals(List.of("consultant-looped-in +1 ESCALATION after 1", "escalation-channel +3 CHANNEL",
                "final-notice +5 OWNER", "disengagement-review +7 ESCALATION"), describe(ladders.forTier(3)));
        assertEquals(List.of("consultant-looped-in +3 ESCALATION after 3", "escalation-channel +6 CHANNEL",
                "final-notice +8 OWNER", "disengagement-review +12 ESCALATION"), describe(ladders.forTier(1)));
    }

    @Test
    void tierThreeClimbsNoLaterThanTierTwoAndTierTwoNoLaterThanTierOne() {
        Ladders ladders = FOLDER.ladders();

        for (int tier = 2; tier <= 3; tier++) {
            List<Ladder.Rung> firmer = ladders.forTier(tier).rungs();
            List<Ladder.Rung> gentler = ladders.forTier(tier - 1).rungs();
            assertEquals(gentler.stream().map(Ladder.Rung::name).toList(), firmer.stream().map(Ladder.Rung::name).toList());
            for (int i = 0; i < firmer.size(); i++) {
                assertTrue(firmer.get(i).workingDays() <= gentler.get(i).workingDays(), "tier " + tier + " rung " + i);
            }
        }
    }

    @Test
    void everyLadderEndsWithARecommendationToAHumanNeverAnEndToTheEngagement() {
        for (Ladder ladder : FOLDER.ladders().byTier().values()) {
            Ladder.Rung last = ladder.rungs().get(ladder.rungs().size() - 1);

            assertEquals("disengagement-review", last.name(), "tier " + ladder.tier());
            assertEquals(Ladder.Audience.ESCALATION, last.audience(), "tier " + ladder.tier());
        }
    }

    @Test
    void everyRungOfEveryTierAndEveryNoticeHasATemplate() {
        Map<String, String> templates = FOLDER.templates();
        List<String> missing = new ArrayList<>();

        for (Ladder ladder : FOLDER.ladders().byTier().values()) {
            ladder.rungs().stream().map(Ladder.Rung::name).filter(n -> !templates.containsKey(n))
                    .forEach(n -> missing.add("tier " + ladder.tier() + ": " + n));
        }
        NOTICES.stream().filter(n -> !templates.containsKey(n)).forEach(missing::add);

        assertEquals(List.of(), missing);
    }

    @Test
    void reminderAndEscalationTemplatesUseOnlyTheDocumentedPlaceholdersAndBlocksStandAlone() {
        Pattern placeholder = Pattern.compile("\\{([^}]*)}");
        Set<String> keys = new java.util.TreeSet<>(NOTICES);
        FOLDER.ladders().byTier().values().forEach(l -> l.rungs().forEach(r -> keys.add(r.name())));
        List<String> problems = new ArrayList<>();

        keys.forEach(key -> {
            String text = FOLDER.templates().getOrDefault(key, "");
            Matcher m = placeholder.matcher(text);
            while (m.find()) {
                if (!PLACEHOLDERS.contains(m.group(1))) {
                    problems.add(key + ": {" + m.group(1) + "}");
                }
            }
            for (String line : text.split("\n")) {
                if (line.matches(".*\\{(history|items|agreement|cost|notice)}.*")
                        && !line.strip().matches("\\{(history|items|agreement|cost|notice)}")) {
                    problems.add(key + ": a block placeholder shares its line: " + line);
                }
            }
        });

        assertEquals(List.of(), problems);
    }

    @Test
    void theCopyPackagedInTheJarMatchesTheConfigFolder() {
        assertEquals(FOLDER.agreement(), PACKAGED.agreement());
        assertEquals(FOLDER.ladders(), PACKAGED.ladders());
        assertEquals(FOLDER.templates(), PACKAGED.templates());
    }

    private static List<String> describe(Ladder ladder) {
        return ladder.rungs().stream().map(r -> r.name() + " +" + r.workingDays() + " " + r.audience()
                + (r.afterUnanswered() > 0 ? " after " + r.afterUnanswered() : "")).toList();
    }
}
