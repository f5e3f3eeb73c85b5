package dev.keepword.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four simulated weeks of the demo workspace (#acme: Maya the consultant in London; Sam in New York and Lee in Berlin,
 * the two clients), through the console as a user would type them: ten commitments on both sides, a change request
 * Lee declines, a blocker Sam raises before the due date, an invoice Sam pays late, items done early, on time, late
 * and never. Whatever Keepword starts reaches each person as at most one message a working day; answers to what they
 * typed ({@code [private @x]}) are not counted, as the rule says.
 */
class FourWeeksScenarioTest {

    /** A DM the dispatcher sent: {@code [DM @sam] (Mon 23 Nov 09:00 America/New_York) …}. */
    private static final Pattern SENT = Pattern.compile("^\\[DM @(\\w+)] \\((\\w{3} \\d{1,2} \\w{3}) (\\d{2}:\\d{2}) ([\\w/]+)\\) ");

    @TempDir
    Path dir;

    @Test
    void eachPersonHearsFromKeepwordAtMostOnceAWorkingDayOverFourWeeks() {
        String script = """
                /commit @sam send the brand guidelines by friday kind:input
                /commit @sam approve the sitemap by dec 1 kind:approval
                /commit @sam pay invoice 1042 by dec 4 kind:payment
                /commit @lee send the product photos by wednesday kind:input
                /commit @lee review the wireframes by dec 3 kind:approval
                /commit @lee sign off the homepage copy by dec 10 kind:approval
                /commit deliver the wireframes by nov 30 to @sam
                /commit share the first homepage draft by dec 2 to @lee
                /commit send the staging link by dec 11 to @sam
                /commit change-request @lee add a blog section est 8h by nov 27
                /as @sam
                /commit agree
                /as @lee
                /commit agree
                /clock 2026-11-24T15:00:00Z
                /commit done 4
                /clock 2026-11-25T15:00:00Z
                /commit decline 10 not this quarter
                /as @sam
                /clock 2026-11-26T15:00:00Z
                /commit blocked 1 waiting for legal to approve the logo usage
                /as @maya
                /clock 2026-11-30T11:00:00Z
                /commit done 7
                /commit move 1 dec 4 because legal needs a week
                /clock 2026-12-02T15:00:00Z
                /commit done 8
                /as @sam
                /clock 2026-12-04T15:00:00Z
                /commit done 1
                /as @lee
                /clock 2026-12-07T10:00:00Z
                /commit done 5 sorry for the delay
                /as @sam
                /clock 2026-12-08T15:00:00Z
                /commit done 3 paid today
                /as @lee
                /clock 2026-12-10T10:00:00Z
                /commit done 6
                /as @maya
                /clock 2026-12-14T11:00:00Z
                /commit done 9
                /clock 2026-12-21T00:00:00Z
                """;

        List<String> out = EscalationScenariosTest.console(dir, "2026-11-23T10:00:00Z", script, Map.of());

        // Every message Keepword started went through the outbox, at a time in the reader's day: none is untimed.
        List<String> dms = out.stream().filter(l -> l.startsWith("[DM @")).toList();
        List<String> untimed = dms.stream().filter(l -> !SENT.matcher(l).find()).toList();
        assertEquals(List.of(), untimed);

        Map<String, Map<String, List<String>>> byPersonAndDay = new TreeMap<>();
        for (String dm : dms) {
            Matcher m = SENT.matcher(dm);
            assertTrue(m.find());
            byPersonAndDay.computeIfAbsent(m.group(1), k -> new TreeMap<>())
                    .computeIfAbsent(m.group(2), k -> new java.util.ArrayList<>()).add(dm);
        }
        String crowded = byPersonAndDay.entrySet().stream()
                .flatMap(p -> p.getValue().entrySet().stream().filter(d -> d.getValue().size() > 1)
                        .map(d -> "@" + p.getKey() + " on " + d.getKey() + ":\n  " + String.join("\n  ", d.getValue())))
                .collect(Collectors.joining("\n"));
        assertEquals("", crowded, () -> String.join("\n", out));

        // The rule is kept by holding things back, not by losing them: what each person had to hear, they heard.
        String all = String.join("\n", dms);
        assertTrue(all.contains("@sam agreed to the working agreement of #acme."), all);
        assertTrue(all.contains("@lee declined the change request #10"), all);
        assertTrue(all.contains("@sam says #1 send the brand guidelines is blocked: waiting for legal"), all);
        assertTrue(all.contains("@maya moved #1 send the brand guidelines"), all);
        assertTrue(all.contains("@sam marked #3 pay invoice 1042 done: paid today"), all);
        assertTrue(all.contains("@lee marked #5 review the wireframes done: sorry for the delay"), all);
        // Sam never approved the sitemap: he was reminded, and Maya heard, across the weeks, one message a day at most.
        assertTrue(dms.stream().filter(l -> l.startsWith("[DM @sam]") && l.contains("#2 approve the sitemap")).count() >= 3, all);
        assertTrue(dms.stream().anyMatch(l -> l.startsWith("[DM @maya]") && l.contains("#2 approve the sitemap")), all);
        // Four weeks, three people: enough days with a message that the rule was tested, not met by silence.
        int days = byPersonAndDay.values().stream().mapToInt(Map::size).sum();
        assertTrue(days >= 25, () -> days + " person-days with a message\n" + all);
        // The invoice stays between Sam and the consultancy: the shared channel never names it.
        assertTrue(out.stream().filter(l -> l.startsWith("[#acme]")).noneMatch(l -> l.contains("invoice")),
                () -> String.join("\n", out));
    }
}
