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
 * @param consultancyClause      what the consultancy promised about its own late items (quoted to it, not the
 *                               client-input clause)
 * @param paymentClause          what applies to a late payment (empty: worded from the numbers above)
 * @param noticeApprovalTiers    the tiers whose final notice is first drafted to the consultant owner, who sends,
 *                               edits or holds it (the others go out as the ladder says)
 */
public record Terms(int responseWorkingDays, boolean slipDayForDay, BigDecimal lateFeePerWorkingDay, String currency,
                    int feeGraceWorkingDays, int pauseAfterWorkingDays, int silenceWorkingDays, int reliabilityWindowDays,
                    int serialMisses, int cleanStreak, int serialDefaulterTier, String consultancyClause,
                    String paymentClause, java.util.Set<Integer> noticeApprovalTiers) {

    public static final String DEFAULT_CONSULTANCY_CLAUSE = "When something we owe you is late, we tell you, agree a new "
            + "date with you, and the delay does not count against you.";

    public static final java.util.Set<Integer> ALL_TIERS = java.util.Set.of(1, 2, 3);

    public static final Terms DEFAULT = new Terms(2, true, BigDecimal.ZERO, "EUR", 0, 10, 3, 90, 3, 3, 3);

    /** Terms with the default consultancy clause, a payment clause worded from the numbers, and approval at every tier. */
    public Terms(int responseWorkingDays, boolean slipDayForDay, BigDecimal lateFeePerWorkingDay, String currency,
                 int feeGraceWorkingDays, int pauseAfterWorkingDays, int silenceWorkingDays, int reliabilityWindowDays,
                 int serialMisses, int cleanStreak, int serialDefaulterTier) {
        this(responseWorkingDays, slipDayForDay, lateFeePerWorkingDay, currency, feeGraceWorkingDays,
                pauseAfterWorkingDays, silenceWorkingDays, reliabilityWindowDays, serialMisses, cleanStreak,
                serialDefaulterTier, DEFAULT_CONSULTANCY_CLAUSE, "", ALL_TIERS);
    }

    public Terms {
        Objects.requireNonNull(lateFeePerWorkingDay, "lateFeePerWorkingDay");
        Objects.requireNonNull(currency, "currency");
        consultancyClause = consultancyClause == null || consultancyClause.isBlank() ? DEFAULT_CONSULTANCY_CLAUSE
                : oneLine(consultancyClause);
        paymentClause = paymentClause == null ? "" : oneLine(paymentClause);
        noticeApprovalTiers = noticeApprovalTiers == null ? ALL_TIERS : java.util.Set.copyOf(noticeApprovalTiers);
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

    /** The same terms with other clauses and approval tiers (null keeps the current one). */
    public Terms withClauses(String consultancy, String payment, java.util.Set<Integer> approvalTiers) {
        return new Terms(responseWorkingDays, slipDayForDay, lateFeePerWorkingDay, currency, feeGraceWorkingDays,
                pauseAfterWorkingDays, silenceWorkingDays, reliabilityWindowDays, serialMisses, cleanStreak,
                serialDefaulterTier, consultancy == null ? consultancyClause : consultancy,
                payment == null ? paymentClause : payment, approvalTiers == null ? noticeApprovalTiers : approvalTiers);
    }

    /** Whether a final notice at this tier is drafted to the consultant owner first. */
    public boolean noticeNeedsApproval(int tier) {
        return noticeApprovalTiers.contains(tier);
    }

    /** The clause for a late payment: the configured one, or one worded from the fee and pause terms. */
    public String paymentClauseWords() {
        if (!paymentClause.isEmpty()) {
            return paymentClause;
        }
        StringBuilder s = new StringBuilder("Payments are due on the date agreed.");
        if (hasLateFee()) {
            s.append(" A late fee of ").append(lateFeePerWorkingDay.stripTrailingZeros().toPlainString()).append(' ')
                    .append(currency).append(" per working day applies")
                    .append(feeGraceWorkingDays > 0 ? " after " + workingDays(feeGraceWorkingDays) : "").append('.');
        }
        if (pauseAfterWorkingDays > 0) {
            s.append(" Work pauses once a payment is ").append(workingDays(pauseAfterWorkingDays)).append(" late.");
        }
        return s.toString();
    }

    /** The clause that applies to a late item: the consultancy's own, a payment's, or a client input's. */
    public String clauseFor(boolean clientOwes, Kind kind) {
        return !clientOwes ? consultancyClause : kind == Kind.PAYMENT ? paymentClauseWords() : consequencesClause();
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static String workingDays(int n) {
        return n + (n == 1 ? " working day" : " working days");
    }
}
