package dev.cairn.migrate;

import java.time.Duration;

/**
 * What a migration did: the plan, what it copied, how long it took, and the verification (null for a dry run
 * or when verification was off).
 */
public record MigrationResult(
        MigrationPlan plan,
        long runsCopied,
        long metricPointsCopied,
        long artifactFilesCopied,
        long artifactBytesCopied,
        Duration copyTime,
        Duration verifyTime,
        VerificationReport verification) {

    /** True when nothing differs (a dry run without conflicts counts as ok). */
    public boolean ok() {
        return plan.conflicts().isEmpty() && (verification == null || verification.ok());
    }

    public double runsPerSecond() {
        return perSecond(runsCopied, copyTime);
    }

    public double metricPointsPerSecond() {
        return perSecond(metricPointsCopied, copyTime);
    }

    private static double perSecond(long n, Duration d) {
        return d == null || d.isZero() ? 0 : n * 1e9 / d.toNanos();
    }
}
