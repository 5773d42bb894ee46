package io.databroker.storeops.verify;

import java.time.Duration;

/**
 * How the writers verify ({@code broker.ops.verify.*}); unset values take the defaults below.
 *
 * @param interval   how often the scheduled check runs and updates {@code broker_store_drift}; null or zero = never
 *                   (env {@code BROKER_OPS_VERIFY_INTERVAL}, e.g. {@code 6h}). Off by default: a run reads the
 *                   enriched topics from their start and every id of the checked days from both stores
 * @param days       days the scheduled check covers (default 2: today and yesterday)
 * @param settle     records appended this recently are left out (the writers may not have stored them yet;
 *                   default 5 minutes, over cold-writer's 60 s commit latency)
 * @param sampleSize missing ids named per day and store (default 20)
 */
public record VerifySettings(Duration interval, Integer days, Duration settle, Integer sampleSize) {

    public VerifySettings {
        days = days == null ? 2 : days;
        settle = settle == null ? Duration.ofMinutes(5) : settle;
        sampleSize = sampleSize == null ? 20 : sampleSize;
    }

    public static VerifySettings defaults() {
        return new VerifySettings(null, null, null, null);
    }

    public boolean scheduled() {
        return interval != null && !interval.isZero() && !interval.isNegative();
    }
}
