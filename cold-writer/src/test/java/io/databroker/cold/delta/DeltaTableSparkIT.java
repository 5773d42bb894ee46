package io.databroker.cold.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.UnknownConfigurationException;

import io.databroker.shared.topic.Source;
import io.databroker.testsupport.SparkSql;

/** Kernel-written tables as Databricks/Spark sees and maintains them (delta-spark, the engine behind Databricks SQL). */
class DeltaTableSparkIT {

    private static final String TOPIC = "news_enriched";

    @TempDir
    Path base;

    private final Engine engine = DefaultEngine.create(new Configuration());
    private final RowCoercer coercer = new RowCoercer(TableSchemas.of(Source.NEWS));

    @Test
    void sparkReadsTheChangeDataFeedOfAppends() {
        DeltaTableWriter writer = writer(Map.of());
        writer.committedOffsets(TOPIC, List.of(0));
        writer.append(TOPIC, rows("a", 3), Map.of(0, 2L), Map.of());

        List<Map<String, Object>> changes = SparkSql.shared().query(
                "SELECT id, _change_type, _commit_version FROM table_changes_by_path('" + path() + "', 1) ORDER BY id");

        assertThat(changes).extracting(r -> r.get("_change_type")).containsOnly("insert");
        assertThat(changes).extracting(r -> r.get("id")).containsExactly("news:a-0", "news:a-1", "news:a-2");
    }

    @Test
    void keepsAppendingAfterDatabricksTunesAndCompactsTheTable() {
        DeltaTableWriter writer = writer(Map.of());
        writer.committedOffsets(TOPIC, List.of(0));
        writer.append(TOPIC, rows("a", 2), Map.of(0, 1L), Map.of());
        writer.append(TOPIC, rows("b", 2), Map.of(0, 3L), Map.of(0, 1L));

        // what deploy/databricks applies: Kernel refuses these keys at creation, Spark/Databricks sets them
        SparkSql.shared().query("ALTER TABLE " + table() + " SET TBLPROPERTIES ("
                + "'delta.autoOptimize.optimizeWrite' = 'true', 'delta.autoOptimize.autoCompact' = 'true')");
        SparkSql.shared().query("OPTIMIZE " + table());

        DeltaTableWriter restarted = writer(Map.of());
        assertThat(restarted.committedOffsets(TOPIC, List.of(0))).containsExactly(Map.entry(0, 3L));
        restarted.append(TOPIC, rows("c", 2), Map.of(0, 5L), Map.of(0, 3L));

        assertThat(SparkSql.shared().query("SELECT count(*) AS n FROM " + table()).get(0).get("n")).isEqualTo(6L);
        assertThat(SparkSql.shared().query("DESCRIBE HISTORY " + table()))
                .extracting(r -> r.get("operation"))
                .contains("CREATE TABLE", "WRITE", "SET TBLPROPERTIES", "OPTIMIZE");
    }

    @Test
    void kernelRefusesDatabricksOnlyPropertiesAtCreation() {
        DeltaTableWriter writer = writer(Map.of("delta.autoOptimize.optimizeWrite", "true"));

        assertThatThrownBy(() -> writer.committedOffsets(TOPIC, List.of(0)))
                .isInstanceOf(UnknownConfigurationException.class);
    }

    private DeltaTableWriter writer(Map<String, String> properties) {
        return new DeltaTableWriter(engine, "news_historical", path(), TableSchemas.of(Source.NEWS), properties,
                new KafkaOffsetsInDelta("data-broker-cold"), "cold-writer-it", Clock.systemUTC());
    }

    private String path() {
        return TableLocation.of(base.toUri().toString(), "news_historical");
    }

    private String table() {
        return "delta.`" + path() + "`";
    }

    private List<CoercedRow> rows(String prefix, int count) {
        List<CoercedRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(coercer.coerce(RowCoercerTest.json("{\"id\":\"news:" + prefix + "-" + i
                    + "\",\"source\":\"news\",\"event_time\":\"2026-11-2" + i + "T10:00:00Z\"}")));
        }
        return rows;
    }
}
