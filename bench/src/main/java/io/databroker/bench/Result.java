package io.databroker.bench;

import java.time.LocalDate;
import java.util.Locale;

/**
 * One benchmark figure and the baseline measured in the same run, printed as the BENCHMARKS.md table row so the
 * published figure is exactly what the program printed.
 *
 * @param benchmark what was measured, e.g. "enrich-service topology, 1M mixed records"
 * @param unit the unit of both rates, e.g. "records/s"
 * @param measured the rate of the thing under test
 * @param baselineName what the baseline is, e.g. "identity topology, same EOS settings"
 * @param baseline the baseline's rate, measured in the same run
 * @param target the ratio the project aims for (measured / baseline), or NaN when the target is absolute
 * @param command how to reproduce it
 */
public record Result(String benchmark, String unit, double measured, String baselineName, double baseline,
                     double target, String command) {

    /** System property: the machine's cores, for a bench whose own affinity no longer shows them all. */
    public static final String MACHINE_CORES = "databroker.bench.machine-cores";

    /** measured / baseline. */
    public double ratio() {
        return measured / baseline;
    }

    /** The BENCHMARKS.md row: | benchmark | measured | baseline | ratio | target | machine | date | command |. */
    public String markdownRow() {
        // A bench that pinned itself to part of the machine (hot.BulkBench -Dhot.split-cores) says what the machine has.
        String machine = Integer.getInteger(MACHINE_CORES, Runtime.getRuntime().availableProcessors()) + " cores, JDK "
                + Runtime.version().feature();
        String targetText = Double.isNaN(target) ? "see notes" : String.format(Locale.ROOT, "≥ %.0f %%", target * 100);
        return String.format(Locale.ROOT, "| %s | %,.0f %s | %s: %,.0f %s | %.0f %% | %s | %s | %s | `%s` |",
                benchmark, measured, unit, baselineName, baseline, unit, ratio() * 100, targetText, machine,
                LocalDate.now(), command);
    }

    /** Prints the row with a header line, for copying into BENCHMARKS.md. */
    public void print() {
        System.out.println();
        System.out.println("| benchmark | measured | baseline (same run) | ratio | target | machine | date | command |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        System.out.println(markdownRow());
    }
}
