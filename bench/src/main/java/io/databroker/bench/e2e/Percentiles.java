package io.databroker.bench.e2e;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latency figures of a set of samples, in seconds (nearest-rank percentiles). Samples never seen count as infinitely
 * late, so a percentile they reach reads "never" instead of flattering the figure.
 */
record Percentiles(int count, int missing, double p50, double p90, double p99, double max) {

    static Percentiles of(long[] nanos, int missing) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int total = sorted.length + missing;
        if (total == 0) {
            return new Percentiles(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Percentiles(sorted.length, missing, rank(sorted, total, 0.50), rank(sorted, total, 0.90),
                rank(sorted, total, 0.99), missing > 0 ? Double.POSITIVE_INFINITY : sorted[sorted.length - 1] / 1e9);
    }

    private static double rank(long[] sorted, int total, double quantile) {
        int index = Math.max(0, (int) Math.ceil(quantile * total) - 1);
        return index < sorted.length ? sorted[index] / 1e9 : Double.POSITIVE_INFINITY;
    }

    /** "1.234 s", or "never" for a percentile that samples never seen reach. */
    static String seconds(double value) {
        if (Double.isInfinite(value)) {
            return "never";
        }
        return String.format(Locale.ROOT, value < 10 ? "%.2f s" : "%.1f s", value);
    }

    String describe() {
        return String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  max %s  (%d samples%s)", seconds(p50), seconds(p90), seconds(p99),
                seconds(max), count + missing, missing == 0 ? "" : ", " + missing + " never seen");
    }
}
