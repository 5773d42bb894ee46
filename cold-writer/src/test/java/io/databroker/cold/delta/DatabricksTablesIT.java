package io.databroker.cold.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;

import io.databroker.shared.topic.Source;
import io.databroker.testsupport.SparkSql;

/**
 * The tables of all four sources as Databricks sees them: written by the writer from canonical documents, registered
 * and tuned by deploy/databricks/tables.sql, maintained by maintenance.sql, queried by name with Spark SQL +
 * delta-spark (the engine of Databricks SQL). Local Spark has no Unity Catalog, so {@code CREATE CATALOG} is skipped
 * and {@code data_broker.public} becomes a per-test schema; every other statement runs as written.
 */
class DatabricksTablesIT {

    private static final Path DEPLOY = Path.of("..", "deploy", "databricks");
    private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

    @TempDir
    Path base;

    private final Engine engine = DefaultEngine.create(new Configuration());
    private final String schema = "data_broker_" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void registeredTablesReturnEveryFieldWithItsTypeAndKeepTakingAppendsAfterMaintenance() throws IOException {
        Map<Source, DeltaTableWriter> writers = new LinkedHashMap<>();
        for (Source source : Source.values()) {
            DeltaTableWriter writer = writer(source);
            writer.committedOffsets(topic(source), List.of(0));
            writer.append(topic(source), List.of(row(source)), Map.of(0, 0L), Map.of());
            writers.put(source, writer);
        }

        run(DEPLOY.resolve("tables.sql"));

        Map<String, Object> news = one("SELECT * FROM " + table(Source.NEWS));
        assertThat(news).containsEntry("event_date", LocalDate.parse("2026-11-20"))
                .containsEntry("event_time", Instant.parse("2026-11-20T08:15:30.123Z"))
                .containsEntry("authors", List.of("Ada", "Grace"))
                .containsEntry("updated", null)
                .containsEntry("linked_papers", List.of(Map.of("id", "2411.01234",
                        "title", "Exactly-once writes to Delta Lake", "primary_category", "cs.DB")))
                .containsEntry("domains", List.of(Map.of("name", "github.com",
                        "first_seen", Instant.parse("2026-11-01T00:00:00Z"), "resolves_to", List.of("140.82.121.4"))))
                .containsEntry("extra", "{\"enclosures\":[\"https://example.org/a.mp3\"]}");

        Map<String, Object> github = one("SELECT *, get_json_object(payload, '$.commits[0].sha') AS sha FROM "
                + table(Source.GITHUB));
        assertThat(github).containsEntry("event_date", LocalDate.parse("2015-01-01"))
                .containsEntry("actor_id", 665991L)
                .containsEntry("repo_id", 28688495L)
                .containsEntry("number", null)
                .containsEntry("sha", "6b7ff2d");
        assertThat(((List<?>) github.get("domains"))).hasSize(2);

        Map<String, Object> arxiv = one("SELECT * FROM " + table(Source.ARXIV));
        assertThat(arxiv).containsEntry("event_date", LocalDate.parse("2024-11-05"))
                .containsEntry("version", 2)
                .containsEntry("deleted", false)
                .containsEntry("datestamp", LocalDate.parse("2024-11-06"))
                .containsEntry("created", LocalDate.parse("2024-11-01"))
                .containsEntry("submitted", Instant.parse("2024-11-05T17:59:59Z"));
        @SuppressWarnings("unchecked")
        Map<String, Object> author = (Map<String, Object>) ((List<?>) arxiv.get("authors")).get(0);
        assertThat(author).containsEntry("keyname", "Lovelace").containsEntry("suffix", null)
                .containsEntry("affiliations", List.of("Analytical Engines"));

        Map<String, Object> dns = one("SELECT * FROM " + table(Source.DNS));
        assertThat(dns).containsEntry("query_port", 53535)
                .containsEntry("latency_ms", 12.5)
                .containsEntry("answers", List.of(Map.of("name", "www.example.co.uk.", "type", "A", "ttl", 300L,
                        "data", "192.0.2.1")))
                .containsEntry("authorities", List.of())
                .containsEntry("newly_observed", true);

        for (Source source : Source.values()) {
            assertThat(one("DESCRIBE DETAIL " + table(source)).get("partitionColumns")).isEqualTo(List.of("event_date"));
            assertThat(SparkSql.shared().query("SHOW TBLPROPERTIES " + table(source)))
                    .extracting(r -> r.get("key") + "=" + r.get("value"))
                    .contains("delta.autoOptimize.optimizeWrite=true", "delta.autoOptimize.autoCompact=true",
                            "delta.enableChangeDataFeed=true", "delta.deletedFileRetentionDuration=interval 168 hours");
        }
        assertThat(describe(Source.GITHUB)).containsEntry("payload", "string").containsEntry("repo_id", "bigint")
                .containsEntry("event_date", "date")
                .containsEntry("domains", "array<struct<name:string,first_seen:timestamp,resolves_to:array<string>>>");
        assertThat(describe(Source.ARXIV)).containsEntry("created", "date").containsEntry("version", "int");

        // Local Spark's VACUUM lists the table in spark.sql.sources.parallelPartitionDiscovery.parallelism tasks,
        // 10 000 by default: ~15 s per table on 2 cores for a handful of files. Two tasks list them as well.
        SparkSql.shared().query("SET " + LISTING_PARALLELISM + "=2");
        try {
            run(DEPLOY.resolve("maintenance.sql"));
        } finally {
            SparkSql.shared().query("RESET " + LISTING_PARALLELISM);
        }
        CoercedRow later = new RowCoercer(TableSchemas.of(Source.NEWS)).coerce(RowCoercerTest.json(
                new String(RowCoercerTest.fixture("news-full.json"), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("\"id\":\"news:4", "\"id\":\"news:5")));
        writers.get(Source.NEWS).append(topic(Source.NEWS), List.of(later), Map.of(0, 1L), Map.of(0, 0L));

        assertThat(one("SELECT count(DISTINCT id) AS n FROM " + table(Source.NEWS)).get("n")).isEqualTo(2L);
        assertThat(SparkSql.shared().query("DESCRIBE HISTORY " + table(Source.NEWS)))
                .extracting(r -> r.get("operation"))
                .containsSubsequence("WRITE", "OPTIMIZE", "SET TBLPROPERTIES", "WRITE", "CREATE TABLE");
    }

    /** Runs each statement of a deploy file, with the Unity Catalog parts adapted to local Spark. */
    private void run(Path sqlFile) throws IOException {
        String text = Arrays.stream(Files.readString(sqlFile).split("\n"))
                .filter(line -> !line.trim().startsWith("--"))
                .collect(Collectors.joining("\n"));
        for (String statement : text.split(";")) {
            String sql = statement.trim();
            if (sql.isEmpty() || sql.startsWith("CREATE CATALOG")) {
                continue;
            }
            SparkSql.shared().query(sql.replace("data_broker.public", schema)
                    .replace("${base_uri}", base.toUri().toString().replaceAll("/$", "")));
        }
    }

    private Map<String, String> describe(Source source) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> row : SparkSql.shared().query("DESCRIBE TABLE " + table(source))) {
            String column = (String) row.get("col_name");
            if (column.startsWith("#")) {
                break;
            }
            types.put(column, (String) row.get("data_type"));
        }
        return types;
    }

    private static Map<String, Object> one(String sql) {
        List<Map<String, Object>> rows = SparkSql.shared().query(sql);
        assertThat(rows).as(sql).hasSize(1);
        return rows.get(0);
    }

    private String table(Source source) {
        return schema + "." + source.coldTable();
    }

    private static String topic(Source source) {
        return source.enrichedTopic().name();
    }

    private DeltaTableWriter writer(Source source) {
        return new DeltaTableWriter(engine, source.coldTable(), TableLocation.of(base.toUri().toString(), source.coldTable()),
                TableSchemas.of(source), Map.of(), new KafkaOffsetsInDelta("data-broker-cold"), "cold-writer-it",
                Clock.systemUTC());
    }

    private static CoercedRow row(Source source) {
        String fixture = switch (source) {
            case NEWS -> "news-full.json";
            case ARXIV -> "arxiv-paper.json";
            case GITHUB -> "github-event.json";
            case DNS -> "dns-response.json";
        };
        return new RowCoercer(TableSchemas.of(source)).coerce(RowCoercerTest.fixture(fixture));
    }
}
