package io.databroker.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The alert rules, Prometheus and Alertmanager configuration: promtool's own checks and unit tests, the alerts the
 * issue asks for with a runbook each, and the Kubernetes PrometheusRule kept equal to the rules file.
 */
class PrometheusRulesTest {

    private static final Path ROOT = Repository.root();
    private static final Path RULES = ROOT.resolve("deploy/prometheus/rules/data-broker.rules.yml");
    private static final Set<String> REQUIRED_ALERTS = Set.of("HighErrorRate", "HighLatency", "PipelineDown",
            "ConsumerLagHigh", "HotStoreRejecting", "ColdCommitStalled", "IngestSourceFailing");
    private static final Pattern RUNBOOK = Pattern.compile("docs/operations\\.md#([a-z0-9-]+)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$");

    @Test
    void promtoolAcceptsTheRulesAndTheConfig() {
        ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
        Path dir = ROOT.resolve("deploy/prometheus");

        ExternalTool.Result rules = promtool.run(dir, List.of("check", "rules", "rules/data-broker.rules.yml"));
        assertThat(rules.exitCode()).as(rules.output()).isZero();
        // also loads rule_files relative to the config, as the compose container does
        ExternalTool.Result config = promtool.run(dir, List.of("check", "config", "prometheus.yml"));
        assertThat(config.exitCode()).as(config.output()).isZero();
        assertThat(config.output()).contains("1 rule files found");
    }

    @Test
    void everyAlertBehavesAsItsUnitTestsSay() {
        ExternalTool promtool = ExternalTool.require("promtool", "prometheus");

        ExternalTool.Result tests = promtool.run(ROOT.resolve("deploy/prometheus"),
                List.of("test", "rules", "tests/data-broker.rules.test.yml"));

        assertThat(tests.exitCode()).as(tests.output()).isZero();
        Set<String> tested = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\s*alertname:\\s*(\\w+)").matcher(Repository.read(
                ROOT.resolve("deploy/prometheus/tests/data-broker.rules.test.yml")));
        while (m.find()) {
            tested.add(m.group(1));
        }
        assertThat(tested).as("alerts with a promtool unit test").containsAll(REQUIRED_ALERTS);
    }

    @Test
    void theIssuesAlertsExistWithSeverityAndARunbookThatExists() {
        Set<String> anchors = markdownAnchors(Repository.read(ROOT.resolve("docs/operations.md")));
        List<Map<?, ?>> alerts = alertRules(ReferencedMetrics.loadYaml(RULES));
        assertThat(alerts).extracting(a -> String.valueOf(a.get("alert"))).containsAll(REQUIRED_ALERTS);

        List<String> problems = new ArrayList<>();
        for (Map<?, ?> alert : alerts) {
            String name = String.valueOf(alert.get("alert"));
            Map<?, ?> labels = (Map<?, ?>) alert.get("labels");
            Map<?, ?> annotations = (Map<?, ?>) alert.get("annotations");
            if (labels == null || !Set.of("warning", "critical").contains(labels.get("severity"))) {
                problems.add(name + ": severity label must be warning or critical");
            }
            if (annotations == null || annotations.get("summary") == null || annotations.get("description") == null) {
                problems.add(name + ": needs summary and description annotations");
                continue;
            }
            Matcher runbook = RUNBOOK.matcher(String.valueOf(annotations.get("runbook_url")));
            if (!runbook.matches()) {
                problems.add(name + ": runbook_url must be docs/operations.md#<anchor>, was " + annotations.get("runbook_url"));
            } else if (!anchors.contains(runbook.group(1))) {
                problems.add(name + ": docs/operations.md has no heading for #" + runbook.group(1));
            } else if (!runbook.group(1).equals(name.toLowerCase(Locale.ROOT))) {
                problems.add(name + ": runbook anchor should be the alert's own section, was #" + runbook.group(1));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theKubernetesPrometheusRuleCarriesTheSameGroups() {
        Object rulesFile = ReferencedMetrics.loadYaml(RULES);
        Map<?, ?> prometheusRule = (Map<?, ?>) ReferencedMetrics.loadYaml(ROOT.resolve("deploy/k8s/base/prometheusrule.yaml"));

        assertThat(prometheusRule.get("kind")).isEqualTo("PrometheusRule");
        assertThat(((Map<?, ?>) prometheusRule.get("spec")).get("groups"))
                .as("deploy/k8s/base/prometheusrule.yaml spec.groups vs " + ROOT.relativize(RULES))
                .isEqualTo(((Map<?, ?>) rulesFile).get("groups"));
    }

    @Test
    void prometheusScrapesEachServiceOnItsComposePortAsAJobNamedAfterIt() {
        Map<?, ?> config = (Map<?, ?>) ReferencedMetrics.loadYaml(ROOT.resolve("deploy/prometheus/prometheus.yml"));
        Map<String, String> composePorts = ComposeFile.load(ROOT).brokerServicePorts();

        Map<String, String> scraped = new java.util.TreeMap<>();
        for (Object job : (List<?>) config.get("scrape_configs")) {
            Map<?, ?> j = (Map<?, ?>) job;
            if (composePorts.containsKey(String.valueOf(j.get("job_name")))) {
                assertThat(j.get("metrics_path")).as(j.get("job_name") + " metrics_path").isEqualTo("/actuator/prometheus");
                Map<?, ?> staticConfig = (Map<?, ?>) ((List<?>) j.get("static_configs")).get(0);
                scraped.put(String.valueOf(j.get("job_name")), String.valueOf(((List<?>) staticConfig.get("targets")).get(0)));
            }
        }
        Map<String, String> expected = new java.util.TreeMap<>();
        composePorts.forEach((service, port) -> expected.put(service, service + ":" + port));
        assertThat(scraped).isEqualTo(expected);
    }

    @Test
    void alertmanagerRoutesToDeclaredReceiversAndInhibitsKnownAlerts() {
        Map<?, ?> config = (Map<?, ?>) ReferencedMetrics.loadYaml(ROOT.resolve("deploy/alertmanager/alertmanager.yml"));
        Set<Object> receivers = new LinkedHashSet<>();
        for (Object r : (List<?>) config.get("receivers")) {
            receivers.add(((Map<?, ?>) r).get("name"));
        }
        Set<Object> routed = new LinkedHashSet<>();
        collectReceivers((Map<?, ?>) config.get("route"), routed);
        Set<Object> alertNames = new LinkedHashSet<>();
        alertRules(ReferencedMetrics.loadYaml(RULES)).forEach(a -> alertNames.add(a.get("alert")));

        assertThat(receivers).containsAll(routed);
        Matcher names = Pattern.compile("[A-Z]\\w+").matcher(String.valueOf(config.get("inhibit_rules")));
        while (names.find()) {
            assertThat(alertNames).as("alert named in inhibit_rules").contains(names.group());
        }
    }

    private static void collectReceivers(Map<?, ?> route, Set<Object> into) {
        if (route.get("receiver") != null) {
            into.add(route.get("receiver"));
        }
        if (route.get("routes") instanceof List<?> children) {
            children.forEach(child -> collectReceivers((Map<?, ?>) child, into));
        }
    }

    static List<Map<?, ?>> alertRules(Object rulesFile) {
        List<Map<?, ?>> alerts = new ArrayList<>();
        for (Object group : (List<?>) ((Map<?, ?>) rulesFile).get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                if (((Map<?, ?>) rule).containsKey("alert")) {
                    alerts.add((Map<?, ?>) rule);
                }
            }
        }
        return alerts;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    static Set<String> markdownAnchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        Matcher m = HEADING.matcher(markdown);
        while (m.find()) {
            anchors.add(m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
        }
        return anchors;
    }
}
