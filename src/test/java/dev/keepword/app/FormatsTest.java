package dev.keepword.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatsTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** Monday 23 November 2026, 05:00 in New York. */
    private static final Instant MONDAY = Instant.parse("2026-11-23T10:00:00Z");

    @ParameterizedTest(name = "[{index}] {0} → \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-23T09:00 | today 09:00
            2026-11-24T09:00 | tomorrow 09:00
            2026-11-25T09:00 | wed 09:00
            2026-11-29T13:30 | sun 13:30
            2026-11-30T09:00 | 2026-11-30 09:00
            2027-01-04T09:00 | 2027-01-04 09:00
            """)
    void offersAPhraseThatReadsBackAsTheSameLocalTime(LocalDateTime local, String expected) {
        Instant at = local.atZone(NEW_YORK).toInstant();

        assertEquals(expected, Formats.phrase(at, NEW_YORK, MONDAY));
    }

    @ParameterizedTest(name = "[{index}] {0} → \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-28T17:00 | Sat 28 Nov 17:00
            2027-01-04T09:00 | Mon 4 Jan 2027 09:00
            """)
    void showsALocalTimeWithoutTheZoneAndTheYearOnlyWhenItIsAnotherOne(LocalDateTime local, String expected) {
        assertEquals(expected, Formats.local(local.atZone(NEW_YORK).toInstant(), NEW_YORK, MONDAY));
    }
}
