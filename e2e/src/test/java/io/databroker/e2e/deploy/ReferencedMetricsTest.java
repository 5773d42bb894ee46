package io.databroker.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.databroker.shared.metrics.MetricNames;

/** Alerts and dashboards only reference metrics that exist: the allow-list, itself derived from MetricNames. */
class ReferencedMetricsTest {

    private static final Path ROOT = Repository.root();
    /** What Micrometer's Prometheus naming appends: counters, timers (seconds), summaries (with or without a unit), gauges. */
    private static final List<String> SUFFIXES = List.of("_total", "_seconds_bucket", "_seconds_count", "_seconds_sum",
            "_seconds_max", "_bytes_count", "_bytes_sum", "_bytes_max", "_count", "_sum", "_max", "_seconds", "");

    @Test
    void findsMetricNamesButNotFunctionsLabelsOrModifiers() {
        assertThat(ReferencedMetrics.inPromQl(
                "sum by (service, source) (rate(broker_events_failed_total{service=\"hot-writer\", stage=~\"a|b\"}[5m]))"))
                .containsExactly("broker_events_failed_total");
        assertThat(ReferencedMetrics.inPromQl(
                "histogram_quantile(0.99, sum by (le) (rate(latency_seconds_bucket{source=~\"$source\"}[$__rate_interval])))"))
                .containsExactly("latency_seconds_bucket");
        assertThat(ReferencedMetrics.inPromQl("a / on (job) group_left (instance) b > bool 1e-9 unless c offset 5m"))
                .containsExactly("a", "b", "c");
        assertThat(ReferencedMetrics.inPromQl("label_replace(up{job=~\"x|y\"} == 0, \"service\", \"$1\", \"job\", \"(.*)\")"))
                .containsExactly("up");
        assertThat(ReferencedMetrics.inPromQl("count by (job) (up) unless on (job) count by (job) (up == 1) or absent(up{job=\"x\"})"))
                .containsExactly("up");
        assertThat(ReferencedMetrics.inPromQl("60 * sum(rate(job:requests:rate5m[1h] offset 1d)) / max(other_total)"))
                .containsExactly("job:requests:rate5m", "other_total");
        assertThat(ReferencedMetrics.inPromQl("label_values(broker_events_processed_total, source)"))
                .containsExactly("broker_events_processed_total");
    }

    @Test
    void everyMetricTheRulesAndDashboardsReferenceIsInTheAllowList() {
        Set<String> allowed = ExportedMetrics.load(ROOT).keySet();
        SortedMap<String, SortedSet<String>> referenced = ReferencedMetrics.byFile(ROOT);

        assertThat(referenced.keySet()).as("files scanned").contains(
                "deploy/prometheus/rules/data-broker.rules.yml",
                "deploy/k8s/base/prometheusrule.yaml",
                "deploy/grafana/dashboards/pipeline-overview.json");
        List<String> unknown = new ArrayList<>();
        referenced.forEach((file, names) -> names.stream().filter(n -> !allowed.contains(n))
                .forEach(n -> unknown.add(file + ": " + n)));
        assertThat(unknown).as("metrics referenced but not in " + ExportedMetrics.FILE
                + " (add them there only if a service exports them)").isEmpty();
    }

    @Test
    void everyBrokerNameInTheAllowListDerivesFromMetricNames() throws IllegalAccessException {
        Set<String> prometheusBases = new TreeSet<>();
        for (String dotted : metricNameConstants()) {
            prometheusBases.add(dotted.replace('.', '_'));
        }
        Map<String, String> allowList = ExportedMetrics.load(ROOT);

        List<String> orphans = new ArrayList<>();
        Set<String> covered = new TreeSet<>();
        allowList.forEach((name, origin) -> {
            if (!origin.equals("broker")) {
                assertThat(name).as(name + " has origin " + origin).doesNotStartWith("broker_");
                return;
            }
            // A name is derived when stripping one of the suffixes gives a MetricNames base name.
            String base = SUFFIXES.stream().filter(name::endsWith)
                    .map(suffix -> name.substring(0, name.length() - suffix.length()))
                    .filter(prometheusBases::contains).findFirst().orElse(null);
            if (base != null) {
                covered.add(base);
            } else {
                orphans.add(name);
            }
        });
        assertThat(orphans).as("allow-list names with no MetricNames constant (typo, or a renamed metric)").isEmpty();
        assertThat(covered).as("every MetricNames metric is listed, so dashboards may use it")
                .containsExactlyInAnyOrderElementsOf(prometheusBases);
    }

    @Test
    void exportedByServicesLeavesOutWhatPrometheusMakes() {
        assertThat(ExportedMetrics.exportedByServices(ROOT)).contains("broker_events_processed_total").doesNotContain("up");
    }

    /** Values of MetricNames' metric constants (the dotted names), not its tag keys. */
    private static List<String> metricNameConstants() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Field field : MetricNames.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class && !field.getName().startsWith("TAG_")) {
                names.add((String) field.get(null));
            }
        }
        assertThat(names).as("MetricNames constants").contains(MetricNames.EVENTS_PROCESSED);
        return names;
    }
}
