package io.databroker.hot.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.databroker.hot.bulk.Backoff;
import io.databroker.hot.bulk.ElasticsearchErrorClassifier;
import io.databroker.hot.config.HotWriterProperties;
import io.databroker.hot.config.TestSettings;
import io.databroker.hot.connect.ElasticsearchConnection;
import io.databroker.shared.json.Json;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.RecordedRequest;
import io.databroker.testsupport.FixtureHttpServer.Response;
import tools.jackson.databind.JsonNode;

/**
 * The start-up exchange with an ILM-capable cluster, recorded: the integ-test node has no ILM, so a fixture server
 * answers as Elasticsearch 8.19 does, and the requests the writer sends with production settings (ILM on, english
 * analyzer) are checked against the documented API shapes of {@code PUT _ilm/policy/<policy>} and
 * {@code PUT _index_template/<name>}.
 */
class IlmExchangeIT {

    private static final String ACK = "{\"acknowledged\":true}";
    /** Top-level keys the put-index-template API accepts (Elasticsearch 8.19 reference). */
    private static final List<String> TEMPLATE_KEYS = List.of("index_patterns", "composed_of", "template", "data_stream",
            "priority", "version", "_meta", "allow_auto_create", "ignore_missing_component_templates", "deprecated");

    private FixtureHttpServer cluster;
    private ElasticsearchConnection connection;
    private HotWriterProperties.Hot production;

    @BeforeEach
    void setUp() {
        cluster = FixtureHttpServer.start()
                .respond("/_ilm/status", Response.ok("application/json", "{\"operation_mode\":\"RUNNING\"}"))
                .respond("/_ilm/policy/hot_store_policy", Response.ok("application/json", ACK));
        for (String source : List.of("arxiv", "github", "news", "dns")) {
            cluster.respond("/_index_template/" + source + "_recent", Response.ok("application/json", ACK));
        }
        String url = cluster.url("");
        production = TestSettings.hot(Map.of("hot.hosts", url));
        connection = ElasticsearchConnection.open(List.of(URI.create(url)), null, null, null);
    }

    @AfterEach
    void tearDown() throws Exception {
        connection.close();
        cluster.close();
    }

    @Test
    void installsThePolicyThenOneTemplatePerSourceThatAttachesIt() {
        setup().run(production.sources());

        assertThat(cluster.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "GET /_ilm/status",
                "PUT /_ilm/policy/hot_store_policy",
                "PUT /_index_template/arxiv_recent",
                "PUT /_index_template/github_recent",
                "PUT /_index_template/news_recent",
                "PUT /_index_template/dns_recent");
        assertThat(cluster.requests().subList(1, 6))
                .allSatisfy(r -> assertThat(r.header("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/json")));
    }

    @Test
    void thePolicyDeletesTenDaysAfterTheDayInTheIndexNameAndNeverRollsOver() {
        setup().run(production.sources());

        JsonNode policy = body(cluster.requests("/_ilm/policy/hot_store_policy").get(0));
        assertThat(policy.propertyNames()).containsExactly("policy");
        assertThat(policy.get("policy").propertyNames()).containsExactlyInAnyOrder("_meta", "phases");
        assertThat(policy.at("/policy/phases").propertyNames()).containsExactly("delete");
        assertThat(policy.at("/policy/phases/delete/min_age").asString()).isEqualTo("10d");
        assertThat(policy.at("/policy/phases/delete/actions").propertyNames()).containsExactly("delete");
        assertThat(policy.at("/policy/phases").toString()).doesNotContain("rollover");
    }

    @Test
    void everyTemplateUsesTheProductionAnalyzerAndParsesTheOriginationDateFromTheIndexName() {
        setup().run(production.sources());

        for (String source : List.of("arxiv", "github", "news", "dns")) {
            JsonNode template = body(cluster.requests("/_index_template/" + source + "_recent").get(0));
            assertThat(TEMPLATE_KEYS).containsAll(template.propertyNames());
            assertThat(template.get("index_patterns").toString()).isEqualTo("[\"" + source + "_recent-*\"]");
            assertThat(template.get("priority").asInt()).isPositive();
            JsonNode index = template.at("/template/settings/index");
            assertThat(index.at("/lifecycle/name").asString()).isEqualTo("hot_store_policy");
            assertThat(index.at("/lifecycle/parse_origination_date").asBoolean()).isTrue();
            assertThat(index.has("lifecycle.rollover_alias") || index.at("/lifecycle").has("rollover_alias")).isFalse();
            assertThat(index.at("/analysis/analyzer/default/type").asString()).isEqualTo("english");
            assertThat(index.get("number_of_replicas").asInt()).isEqualTo(1);
            assertThat(template.at("/template/aliases").propertyNames()).containsExactly(source + "_recent");
            assertThat(template.at("/template/mappings/dynamic").asBoolean(true)).isFalse();
            assertThat(template.at("/template/mappings/properties/event_date/type").asString()).isEqualTo("date");
        }
    }

    @Test
    void restartingSendsTheSameRequestsAgainBecausePutReplaces() {
        setup().run(production.sources());
        List<String> first = cluster.requests().stream().map(r -> r.method() + " " + r.path() + " "
                + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).toList();

        setup().run(production.sources());

        List<String> all = cluster.requests().stream().map(r -> r.method() + " " + r.path() + " "
                + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).toList();
        assertThat(all.subList(first.size(), all.size())).isEqualTo(first);
    }

    private HotStoreSetup setup() {
        return new HotStoreSetup(
                new IndexLifecycle(connection.restClient(), production.ilm().enabled(), production.retention()),
                new IndexTemplates(connection.restClient(), new DailyIndexRouter(production.indexPrefix()), production),
                new ElasticsearchErrorClassifier(),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(100), Math::random),
                Clock.systemUTC(), Duration.ofSeconds(5));
    }

    private static JsonNode body(RecordedRequest request) {
        return Json.mapper().readTree(request.body());
    }
}
