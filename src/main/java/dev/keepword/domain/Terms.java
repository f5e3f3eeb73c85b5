package dev.keepword.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The consequences and standing rules of a working agreement: what both sides agreed happens when a promise
 * slips. Keepword computes and reports these; it never bills anyone.
 *
 * @param responseWorkingDays    how fast each side is expected to answer (and the default due date of a change request)
 * @param slipDayForDay          the timeline moves a working day for each working day a client input is late
 * @param lateFeePerWorkingDay   a late fee per working day a client input is late (zero: none)
 * @param currency               the fee's currency (ISO code, e.g. EUR)
 * @param feeGraceWorkingDays    working days of lateness before a fee accrues
 * @param pauseAfterWorkingDays  the consultancy pauses work once a client input is this many working days late (0: never)
 * @param silenceWorkingDays     a client not heard from for this many working days while owing something has gone quiet
 * @param reliabilityWindowDays  reliability and standing look back this many days
 * @param serialMisses           this many misses in the window make a serial defaulter
 * @param cleanStreak            this many kept-on-time commitments in a row restore good standing
 * @param serialDefaulterTier    the ladder tier a serial defaulter's commitments climb (a firmer cadence)
 */
public record Terms(int responseWorkingDays, boolean slipDayForDay, BigDecimal lateFeePerWorkingDay, String currency,
                    int feeGraceWorkingDays, int pauseAfterWorkingDays, int silenceWorkingDays, int reliabilityWindowDays,
                    int serialMisses, int cleanStreak, int serialDefaulterTier) {

    public static final Terms DEFAULT = new Terms(2, true, BigDecimal.ZERO, "EUR", 0, 10, 3, 90, 3, 3, 3);

    public Terms {
        Objects.requireNonNull(lateFeePerWorkingDay, "lateFeePerWorkingDay");
        Objects.requireNonNull(currency, "currency");
        if (responseWorkingDays < 0 || feeGraceWorkingDays < 0 || pauseAfterWorkingDays < 0 || silenceWorkingDays < 1
                || reliabilityWindowDays < 1 || serialMisses < 2 || cleanStreak < 1 || lateFeePerWorkingDay.signum() < 0
                || serialDefaulterTier < 1 || serialDefaulterTier > 3) {
            throw new IllegalArgumentException("agreement terms out of range");
        }
    }

    public boolean hasLateFee() {
        return lateFeePerWorkingDay.signum() > 0;
    }

    /** The consequences clause in words, quoted by escalations and shown by /commit agreement. */
    public String consequencesClause() {
        StringBuilder s = new StringBuilder();
        s.append(slipDayForDay ? "When a client input is late, the timeline moves by the same number of working days."
                : "Late client inputs do not move the timeline automatically.");
        if (hasLateFee()) {
            s.append(" A late fee of ").append(lateFeePerWorkingDay.stripTrailingZeros().toPlainString()).append(' ')
                    .append(currency).append(" per working day applies")
                    .append(feeGraceWorkingDays > 0 ? " after " + workingDays(feeGraceWorkingDays) : "").append('.');
        }
        if (pauseAfterWorkingDays > 0) {
            s.append(" Work pauses once an input is ").append(workingDays(pauseAfterWorkingDays)).append(" late.");
        }
        return s.toString();
    }

    private static String workingDays(int n) {
        return n + (n == 1 ? " working day" : " working days");
    }
}
