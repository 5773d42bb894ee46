package io.databroker.cold.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

import io.databroker.cold.app.ColdWriterLifecycle;
import io.databroker.cold.faults.FaultyLocalFileSystem;
import io.databroker.cold.health.DeltaTablesHealthIndicator;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.SparkSql;

/**
 * The store failing under a running writer: the table directory made unwritable (every write refused, as a
 * {@code chmod} would for a non-root user), then only its {@code _delta_log} (data files written, commit refused, as
 * when the disk fills up in between). The writer is not ready meanwhile, retries with backoff, and once the store
 * heals every record is in the table exactly once and the log references no file of a failed attempt.
 */
class StorageFaultIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path base;

    private LoopHarness harness;
    private ColdWriterLifecycle lifecycle;

    @AfterEach
    void tearDown() {
        FaultyLocalFileSystem.failWritesTo(path -> false);
        if (lifecycle != null) {
            lifecycle.stop();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void retriesAnUnwritableTableWithoutLossDuplicatesOrPartialFilesAndIsNotReadyMeanwhile() throws IOException {
        String name = UUID.randomUUID().toString().substring(0, 8);
        harness = new LoopHarness(name, 2, FaultyLocalFileSystem.SCHEME + "://" + base.toUri().getPath(),
                FaultyLocalFileSystem.configure(new Configuration()));
        ColdWriterLoop loop = harness.loop("a");
        lifecycle = new ColdWriterLifecycle(loop, event -> { });
        DeltaTablesHealthIndicator readiness = new DeltaTablesHealthIndicator(loop, lifecycle);
        lifecycle.start();
        String table = "news_historical_" + name;

        harness.produce("healthy", 20, 2);
        Await.until(WAIT, "the first records stored", () -> harness.storedUpToEnd(2));
        assertThat(readiness.health().getStatus()).isEqualTo(Status.UP);

        FaultyLocalFileSystem.failWritesTo(path -> path.contains("/" + table + "/"));
        harness.produce("table-unwritable", 20, 2);
        Await.until(WAIT, "readiness DOWN while the table is unwritable",
                () -> readiness.health().getStatus().equals(Status.DOWN));
        heal(readiness);

        long filesBefore = dataFiles(table);
        FaultyLocalFileSystem.failWritesTo(path -> path.contains("/" + table + "/_delta_log/"));
        harness.produce("log-unwritable", 20, 2);
        Await.until(WAIT, "readiness DOWN while the log is unwritable, after data files were written",
                () -> readiness.health().getStatus().equals(Status.DOWN) && dataFiles(table) > filesBefore);
        heal(readiness);

        String sql = "delta.`" + base.resolve(table).toUri() + "`";
        assertThat(SparkSql.shared().query("SELECT count(*) AS n, count(DISTINCT id) AS d FROM " + sql).get(0))
                .containsEntry("n", 60L).containsEntry("d", 60L);
        long referenced = (Long) SparkSql.shared().query(
                "SELECT count(DISTINCT _metadata.file_path) AS n FROM " + sql).get(0).get("n");
        // the failed commits' data files stay on disk (VACUUM removes them) but the log never references them
        assertThat(dataFiles(table)).isGreaterThan(referenced);
        assertThat(FaultyLocalFileSystem.refusedWrites()).isPositive();
        assertThat(harness.registry.get(MetricNames.COLD_COMMIT_DURATION).tag("outcome", "failure").timer().count())
                .isPositive();
    }

    private void heal(DeltaTablesHealthIndicator readiness) {
        FaultyLocalFileSystem.failWritesTo(path -> false);
        Await.until(WAIT, "the records stored after the store healed", () -> harness.storedUpToEnd(2));
        Await.until(WAIT, "readiness UP again", () -> readiness.health().getStatus().equals(Status.UP));
    }

    /** Parquet data files on disk, referenced by the log or not. */
    private long dataFiles(String table) {
        try (Stream<Path> files = Files.walk(base.resolve(table))) {
            return files.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
