package io.databroker.bench.e2e;

import java.util.Arrays;
import java.util.Locale;

/** Latency figures of a set of samples, in seconds (nearest-rank percentiles). */
record Percentiles(int count, int missing, double p50, double p90, double p99, double max) {

    static Percentiles of(long[] nanos, int missing) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return new Percentiles(0, missing, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Percentiles(sorted.length, missing, rank(sorted, 0.50), rank(sorted, 0.90), rank(sorted, 0.99),
                sorted[sorted.length - 1] / 1e9);
    }

    private static double rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e9;
    }

    String describe() {
        return String.format(Locale.ROOT, "p50 %.3f s  p90 %.3f s  p99 %.3f s  max %.3f s  (%d samples%s)", p50, p90, p99, max,
                count, missing == 0 ? "" : ", " + missing + " never seen");
    }
}
