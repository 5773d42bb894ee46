package io.databroker.hot.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;

import io.databroker.cold.delta.CoercedRow;
import io.databroker.cold.delta.DeltaTableWriter;
import io.databroker.cold.delta.KafkaOffsetsInDelta;
import io.databroker.cold.delta.RowCoercer;
import io.databroker.cold.delta.TableLocation;
import io.databroker.cold.delta.TableSchemas;
import io.databroker.hot.bulk.Backoff;
import io.databroker.hot.bulk.ElasticsearchErrorClassifier;
import io.databroker.hot.circuit.HotStoreCircuit;
import io.databroker.hot.config.HotWriterProperties;
import io.databroker.hot.config.TestSettings;
import io.databroker.hot.connect.ElasticsearchConnection;
import io.databroker.hot.index.DailyIndexRouter;
import io.databroker.hot.index.HotStoreSetup;
import io.databroker.hot.index.IndexLifecycle;
import io.databroker.hot.index.IndexTemplates;
import io.databroker.shared.json.Json;
import io.databroker.shared.ops.Job;
import io.databroker.shared.topic.Source;
import io.databroker.storeops.delta.DeltaDocuments;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One ops test's world on the shared Elasticsearch node: a unique index prefix with the templates installed, a fresh
 * cold store directory whose tables are written by cold-writer's own {@link DeltaTableWriter}, and the ops cores
 * wired as the service wires them.
 */
final class OpsWorld implements AutoCloseable {

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final HotWriterProperties.Hot settings;
    final ElasticsearchConnection connection;
    final DailyIndexRouter router;
    final Path coldBase;
    final Engine engine = DefaultEngine.create(new Configuration());
    final DeltaDocuments delta;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final HotStoreCircuit circuit;

    OpsWorld(String elasticsearchUrl, List<Source> sources) {
        Map<String, String> values = new HashMap<>(Map.of(
                "hot.hosts", elasticsearchUrl,
                "hot.index-prefix", "o" + suffix + "_",
                "hot.sources", String.join(",", sources.stream().map(Source::id).toList()),
                "hot.text-analyzer", "standard",
                "hot.ilm.enabled", "false",
                "hot.number-of-replicas", "0",
                "hot.bulk.max-operations", "50",
                "hot.bulk.initial-backoff", "100ms",
                "hot.bulk.max-backoff", "1s"));
        this.settings = TestSettings.hot(values);
        this.connection = ElasticsearchConnection.open(settings.hosts(), null, null, null);
        this.router = new DailyIndexRouter(settings.indexPrefix());
        this.circuit = HotStoreCircuit.create(settings.breaker(), registry);
        try {
            this.coldBase = Files.createTempDirectory("ops-cold-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.delta = new DeltaDocuments(engine, coldBase.toUri().toString());
        new HotStoreSetup(new IndexLifecycle(connection.restClient(), false, settings.retention()),
                new IndexTemplates(connection.restClient(), router, settings), new ElasticsearchErrorClassifier(),
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Math::random), Clock.systemUTC(),
                Duration.ofSeconds(30)).run(sources);
    }

    Rehydration rehydration() {
        return new Rehydration(delta, router, new io.databroker.hot.index.HotWindow(settings.retention(),
                Clock.systemUTC()), job -> HotOpsConfiguration.writer(settings, connection, circuit, registry, true,
                job), Clock.systemUTC());
    }

    static Job job(String kind) {
        return Job.detached();
    }

    /** Appends {@code documents} to {@code source}'s table in one commit, as cold-writer does. */
    void writeDelta(Source source, List<ObjectNode> documents) {
        DeltaTableWriter writer = new DeltaTableWriter(engine, source.coldTable(),
                TableLocation.of(coldBase.toUri().toString(), source.coldTable()), TableSchemas.of(source), Map.of(),
                new KafkaOffsetsInDelta("ops-test"), "ops-test", Clock.systemUTC());
        Map<Integer, Long> stored = writer.committedOffsets("t", List.of(0));
        RowCoercer coercer = new RowCoercer(TableSchemas.of(source));
        List<CoercedRow> rows = new ArrayList<>();
        documents.forEach(document -> rows.add(coercer.coerce(Json.mapper().writeValueAsBytes(document))));
        long next = stored.getOrDefault(0, -1L) + documents.size();
        writer.append("t", rows, Map.of(0, next), stored);
    }

    /** Indexes {@code documents} as the live path does: {@code _id} = id, daily index of {@code event_date}. */
    void index(Source source, List<ObjectNode> documents) {
        StringBuilder body = new StringBuilder();
        for (ObjectNode document : documents) {
            var target = router.route(source, document);
            body.append("{\"index\":{\"_index\":\"").append(target.index()).append("\",\"_id\":\"")
                    .append(target.id()).append("\"}}\n").append(Json.mapper().writeValueAsString(document)).append('\n');
        }
        JsonNode response = perform("POST", "/_bulk?refresh=true", body.toString());
        if (response.path("errors").asBoolean()) {
            throw new IllegalStateException("bulk failed: " + response);
        }
    }

    /** Every document of {@code source}'s alias, id → _source. */
    Map<String, JsonNode> documents(Source source) {
        String alias = router.alias(source);
        perform("POST", "/" + router.indexPattern(source) + "/_refresh?allow_no_indices=true", null);
        JsonNode hits = perform("GET", "/" + router.indexPattern(source)
                + "/_search?size=10000&allow_no_indices=true&ignore_unavailable=true", null).path("hits").path("hits");
        Map<String, JsonNode> documents = new HashMap<>();
        hits.forEach(hit -> documents.put(hit.path("_id").asString(), hit.path("_source")));
        assert alias != null;
        return documents;
    }

    JsonNode perform(String method, String path, String json) {
        Request request = new Request(method, path);
        if (json != null) {
            request.setEntity(new org.apache.http.entity.StringEntity(json,
                    org.apache.http.entity.ContentType.APPLICATION_JSON));
        }
        try {
            Response response = connection.restClient().performRequest(request);
            return Json.mapper().readTree(EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        }
    }

    /** Deletes {@code source}'s daily indices by name (destructive_requires_name). */
    void deleteIndices(Source source) {
        JsonNode indices = perform("GET", "/_cat/indices/" + router.indexPattern(source) + "?format=json", null);
        indices.forEach(index -> perform("DELETE", "/" + index.path("index").asString(), null));
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
