package io.databroker.cold.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.databroker.cold.buffer.FlushPolicy;
import io.databroker.cold.delta.CommitSummary;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;

/** A sink over a real Delta table on the local file system; Kafka is played by the test (offsets and bytes). */
class TableSinkTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path base;

    private final Engine engine = DefaultEngine.create(new Configuration());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private SinkSettings settings;

    @BeforeEach
    void setUp() {
        settings = new SinkSettings(base.toUri().toString(), "test", Map.of(),
                new FlushPolicy(Duration.ofSeconds(60), 1_000_000, 1_000_000, 1_000), Duration.ofSeconds(1), Duration.ofSeconds(30),
                "cold-writer-test");
    }

    @Test
    void startsPartitionsTheTableHoldsNothingOfFromTheBeginning() {
        TableSink sink = sink();
        sink.assign(List.of(0, 1));

        assertThat(sink.resumeDue(T0)).isTrue();
        assertThat(sink.resume()).containsExactly(new ResumePoint(0, null), new ResumePoint(1, null));
        assertThat(sink.resumeDue(T0)).isFalse();
        assertThat(sink.resume()).isEmpty();
    }

    @Test
    void aRestartedSinkResumesAfterTheCommittedOffsets() {
        TableSink first = sink();
        first.assign(List.of(0, 1));
        first.resume();
        first.accept(0, 0, doc("n:1"), T0);
        first.accept(0, 1, doc("n:2"), T0);
        first.accept(1, 4, doc("n:3"), T0);
        first.flush();

        TableSink restarted = sink();
        restarted.assign(List.of(0, 1, 2));

        assertThat(restarted.resume()).containsExactly(new ResumePoint(0, 1L), new ResumePoint(1, 4L), new ResumePoint(2, null));
        assertThat(restarted.resume()).isEmpty();
    }

    @Test
    void ignoresRecordsOfUnsyncedOrForeignPartitionsAndOffsetsAlreadyStored() {
        TableSink sink = sink();
        sink.assign(List.of(0));
        assertThat(sink.accept(0, 0, doc("n:1"), T0)).as("not yet resumed").isFalse();

        sink.resume();
        assertThat(sink.accept(0, 0, doc("n:1"), T0)).isTrue();
        assertThat(sink.accept(0, 0, doc("n:1"), T0)).as("already buffered").isFalse();
        assertThat(sink.accept(5, 0, doc("n:1"), T0)).as("not owned").isFalse();
        sink.flush();
        assertThat(sink.accept(0, 0, doc("n:1"), T0)).as("already committed").isFalse();
        assertThat(sink.hasBuffered()).isFalse();
    }

    @Test
    void commitsDeadLetteredOffsetsSoTheyAreNotReadAgain() {
        TableSink sink = sink();
        sink.assign(List.of(0));
        sink.resume();
        assertThatThrownBy(() -> sink.accept(0, 0, "garbage".getBytes(StandardCharsets.UTF_8), T0))
                .isInstanceOf(RecordRejectedException.class);
        sink.skip(0, 0, T0);

        assertThat(sink.flushDue(T0.plusSeconds(60))).isTrue();
        CommitSummary summary = sink.flush();

        assertThat(summary.rows()).isZero();
        TableSink restarted = sink();
        restarted.assign(List.of(0));
        assertThat(restarted.resume()).containsExactly(new ResumePoint(0, 0L));
    }

    @Test
    void countsCommittedRowsFilesBytesAndFileSizes() {
        TableSink sink = sink();
        sink.assign(List.of(0));
        sink.resume();
        sink.accept(0, 0, doc("n:1"), T0);
        sink.accept(0, 1, doc("n:2"), T0);

        sink.flush();

        assertThat(registry.get(MetricNames.EVENTS_PROCESSED).tags("source", "news", "stage", "delta_commit").counter().count())
                .isEqualTo(2);
        assertThat(registry.get(MetricNames.COLD_FILES_WRITTEN).tags("source", "news").counter().count()).isEqualTo(1);
        double bytes = registry.get(MetricNames.COLD_BYTES_WRITTEN).tags("source", "news").counter().count();
        assertThat(bytes).isPositive();
        assertThat(registry.get(MetricNames.COLD_FILE_SIZE).tags("source", "news").summary().count()).isEqualTo(1);
        assertThat(registry.get(MetricNames.COLD_FILE_SIZE).tags("source", "news").summary().totalAmount()).isEqualTo(bytes);
        assertThat(registry.get(MetricNames.COLD_COMMIT_DURATION).tags("source", "news", "outcome", "success").timer().count())
                .isEqualTo(1);
        assertThat(registry.get(MetricNames.PIPELINE_LATENCY).tags("source", "news").timer().count()).isEqualTo(2);
    }

    @Test
    void dropsRevokedPartitionsFromTheBuffer() {
        TableSink sink = sink();
        sink.assign(List.of(0, 1));
        sink.resume();
        sink.accept(0, 0, doc("n:1"), T0);
        sink.accept(1, 0, doc("n:2"), T0);

        sink.revoke(List.of(0));
        CommitSummary summary = sink.flush();

        assertThat(summary.rows()).isEqualTo(1);
        assertThat(summary.lastOffsets()).containsExactly(Map.entry(1, 0L));
    }

    @Test
    void afterAConflictDropsTheBufferAndReReadsTheLog() {
        TableSink ours = sink();
        ours.assign(List.of(0));
        ours.resume();
        ours.accept(0, 0, doc("n:1"), T0);
        // another writer (a zombie, or a new owner) stores offsets 0..2 of the same partition first
        TableSink theirs = sink();
        theirs.assign(List.of(0));
        theirs.resume();
        theirs.accept(0, 0, doc("n:1"), T0);
        theirs.accept(0, 2, doc("n:2"), T0);
        theirs.flush();

        RuntimeException failure = assertThrows(RuntimeException.class, ours::flush);
        StoreFailure kind = ours.failed(failure, T0);

        assertThat(kind).isEqualTo(StoreFailure.CONFLICT);
        assertThat(ours.hasBuffered()).isFalse();
        assertThat(ours.status().healthy()).isFalse();
        assertThat(ours.resumeDue(T0)).as("conflicts resume at once").isTrue();
        assertThat(ours.resume()).containsExactly(new ResumePoint(0, 2L));
        assertThat(ours.status().healthy()).isTrue();
    }

    @Test
    void backsOffWhenTheStoreIsUnavailable() {
        SinkSettings unreachable = new SinkSettings("file:///proc/no-such-dir", "test", Map.of(), settings.flush(),
                Duration.ofSeconds(1), Duration.ofSeconds(30), "cold-writer-test");
        TableSink sink = TableSink.create(Source.NEWS, unreachable, engine, new ColdWriterMetrics(registry), clock);
        sink.assign(List.of(0));

        RuntimeException failure = assertThrows(RuntimeException.class, sink::resume);
        StoreFailure kind = sink.failed(failure, T0);

        assertThat(kind).isEqualTo(StoreFailure.UNAVAILABLE);
        assertThat(sink.resumeDue(T0.plusMillis(999))).isFalse();
        assertThat(sink.resumeDue(T0.plusSeconds(1))).isTrue();
        assertThat(sink.status().failingSince()).isEqualTo(T0);
        assertThat(sink.status().waiting()).containsExactly(0);
    }

    @Test
    void theFullestTableCommitsOnceAllBuffersTogetherReachTheLoopsBudget() {
        TableSink news = sink();
        TableSink github = TableSink.create(Source.GITHUB, settings, engine, new ColdWriterMetrics(registry), clock);
        for (TableSink sink : List.of(news, github)) {
            sink.assign(List.of(0));
            sink.resume();
        }
        byte[] small = doc("n:1");
        news.accept(0, 0, small, T0);
        byte[] larger = ("{\"id\":\"github:1\",\"source\":\"github\",\"event_time\":\"2026-11-20T10:00:00Z\","
                + "\"title\":\"a title long enough to make this buffer the fuller one\"}").getBytes(StandardCharsets.UTF_8);
        github.accept(0, 0, larger, T0);
        long total = small.length + larger.length;

        assertThat(ColdWriterLoop.fullestOverBudget(List.of(news, github), total + 1)).isEmpty();
        assertThat(ColdWriterLoop.fullestOverBudget(List.of(news, github), total)).containsSame(github);
        github.flush();
        assertThat(github.bufferedBytes()).isZero();
        assertThat(ColdWriterLoop.fullestOverBudget(List.of(news, github), small.length)).containsSame(news);
    }

    private TableSink sink() {
        return TableSink.create(Source.NEWS, settings, engine, new ColdWriterMetrics(registry), clock);
    }

    private static byte[] doc(String id) {
        return ("{\"id\":\"" + id + "\",\"source\":\"news\",\"event_time\":\"2026-11-20T10:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
