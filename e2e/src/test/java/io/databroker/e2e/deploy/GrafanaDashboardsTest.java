package io.databroker.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonParser;

/** The provisioned Grafana: dashboards that parse, query the provisioned datasource and cover what the issue lists. */
class GrafanaDashboardsTest {

    private static final Path ROOT = Repository.root();
    private static final Path DASHBOARDS = ROOT.resolve("deploy/grafana/dashboards");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @Test
    void theFourDashboardsExistWithUniqueUidsAndTitles() throws IOException {
        Set<String> uids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (Path file : Repository.files(DASHBOARDS, ".json")) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            assertThat(uids.add(dashboard.path("uid").asText())).as(file + " uid is unique").isTrue();
            assertThat(titles.add(dashboard.path("title").asText())).as(file + " title is unique").isTrue();
            assertThat(dashboard.path("uid").asText()).as(file + " uid (Grafana allows 40 characters)").matches("[a-z0-9-]{1,40}");
        }
        assertThat(Repository.files(DASHBOARDS, ".json")).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("pipeline-overview.json", "hot-store.json", "cold-store.json", "ingest-sources.json");
    }

    @Test
    void everyPanelQueriesTheProvisionedDatasourceAndFitsTheGrid() throws IOException {
        Map<?, ?> datasources = (Map<?, ?>) ReferencedMetrics.loadYaml(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yaml"));
        String uid = String.valueOf(((Map<?, ?>) ((List<?>) datasources.get("datasources")).get(0)).get("uid"));

        List<String> problems = new ArrayList<>();
        for (Path file : Repository.files(DASHBOARDS, ".json")) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : panels(dashboard)) {
                String where = file.getFileName() + " panel '" + panel.path("title").asText() + "'";
                if (!ids.add(panel.path("id").asInt(-1))) {
                    problems.add(where + ": duplicate or missing id");
                }
                JsonNode grid = panel.path("gridPos");
                if (grid.path("w").asInt(0) < 1 || grid.path("x").asInt(-1) < 0 || grid.path("x").asInt() + grid.path("w").asInt() > 24) {
                    problems.add(where + ": gridPos outside the 24 columns");
                }
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                if (!uid.equals(panel.path("datasource").path("uid").asText())) {
                    problems.add(where + ": datasource uid is not '" + uid + "'");
                }
                if (!panel.path("targets").isArray() || panel.path("targets").isEmpty()) {
                    problems.add(where + ": no query");
                }
                for (JsonNode target : panel.path("targets")) {
                    if (target.path("expr").asText().isBlank() || !uid.equals(target.path("datasource").path("uid").asText(uid))) {
                        problems.add(where + " target " + target.path("refId").asText() + ": blank expr or other datasource");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void thePipelineOverviewShowsRatesFailuresLatencyAndLag() {
        SortedSet<String> overview = ReferencedMetrics.byFile(ROOT).get("deploy/grafana/dashboards/pipeline-overview.json");

        assertThat(overview).contains("broker_events_processed_total", "broker_events_failed_total",
                "broker_pipeline_latency_seconds_bucket", "kafka_consumer_fetch_manager_records_lag_max");
        assertThat(ReferencedMetrics.byFile(ROOT).get("deploy/grafana/dashboards/hot-store.json")).contains("broker_hot_bulk_duration_seconds_bucket");
        assertThat(ReferencedMetrics.byFile(ROOT).get("deploy/grafana/dashboards/cold-store.json")).contains("broker_cold_commit_duration_seconds_count");
        assertThat(ReferencedMetrics.byFile(ROOT).get("deploy/grafana/dashboards/ingest-sources.json")).contains("broker_ingest_polls_total");
    }

    @Test
    void theDashboardProviderReadsTheDirectoryComposeMounts() {
        Map<?, ?> providers = (Map<?, ?>) ReferencedMetrics.loadYaml(ROOT.resolve("deploy/grafana/provisioning/dashboards/data-broker.yaml"));
        String path = String.valueOf(((Map<?, ?>) ((Map<?, ?>) ((List<?>) providers.get("providers")).get(0)).get("options")).get("path"));
        Map<String, Object> grafana = ComposeFile.load(ROOT).service("grafana");

        assertThat(((List<?>) grafana.get("volumes")).stream().map(String::valueOf).toList()).contains("./deploy/grafana/dashboards:" + path + ":ro",
                "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
        String home = String.valueOf(ComposeFile.environment(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"));
        assertThat(home).startsWith(path + "/");
        assertThat(DASHBOARDS.resolve(home.substring(path.length() + 1))).isRegularFile();
    }

    /** Top-level panels and those nested in collapsed rows. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }
}
