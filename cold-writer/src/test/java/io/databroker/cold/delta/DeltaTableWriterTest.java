package io.databroker.cold.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;

import io.databroker.shared.topic.Source;

/** Writes real Delta tables on the local file system (no mocks) and inspects their logs. */
class DeltaTableWriterTest {

    private static final String TOPIC = "news_enriched";
    private static final StructType SCHEMA = TableSchemas.of(Source.NEWS);

    @TempDir
    Path base;

    private final Engine engine = DefaultEngine.create(new Configuration());
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC);
    private final RowCoercer coercer = new RowCoercer(SCHEMA);
    private String path;

    @BeforeEach
    void setUp() {
        path = TableLocation.of(base.toUri().toString(), "news_historical");
    }

    @Test
    void createsThePartitionedTableWithItsPropertiesOnFirstUse() {
        DeltaTableWriter writer = writer(Map.of("delta.checkpointInterval", "5"));

        assertThat(writer.committedOffsets(TOPIC, List.of(0, 1))).isEmpty();

        Snapshot snapshot = TableManager.loadSnapshot(path).build(engine);
        assertThat(snapshot.getVersion()).isZero();
        assertThat(snapshot.getPartitionColumnNames()).containsExactly("event_date");
        assertThat(snapshot.getSchema()).isEqualTo(SCHEMA);
        assertThat(snapshot.getTableProperties())
                .containsEntry("delta.enableChangeDataFeed", "true")
                .containsEntry("delta.deletedFileRetentionDuration", "interval 168 hours")
                .containsEntry("delta.checkpointInterval", "5");
    }

    @Test
    void commitsRowsPerEventDateTogetherWithTheirOffsets() {
        DeltaTableWriter writer = writer(Map.of());
        writer.committedOffsets(TOPIC, List.of(0, 1));

        CommitSummary summary = writer.append(TOPIC,
                List.of(row("n:1", "2026-11-19T10:00:00Z"), row("n:2", "2026-11-20T10:00:00Z"), row("n:3", "2026-11-20T11:00:00Z")),
                Map.of(0, 41L, 1, 7L), Map.of());

        assertThat(summary.version()).isEqualTo(1);
        assertThat(summary.rows()).isEqualTo(3);
        assertThat(summary.files()).isEqualTo(2);
        assertThat(summary.bytes()).isPositive();
        assertThat(partitionDirectories()).containsExactly("event_date=2026-11-19", "event_date=2026-11-20");
        // a fresh writer (a restarted service) reads the offsets back from the log
        assertThat(writer(Map.of()).committedOffsets(TOPIC, List.of(0, 1, 2))).containsExactlyInAnyOrderEntriesOf(Map.of(0, 41L, 1, 7L));
    }

    @Test
    void recordsOffsetsOfDeadLetteredRecordsWithoutRows() {
        DeltaTableWriter writer = writer(Map.of());
        writer.committedOffsets(TOPIC, List.of(3));

        CommitSummary summary = writer.append(TOPIC, List.of(), Map.of(3, 9L), Map.of());

        assertThat(summary.files()).isZero();
        assertThat(writer(Map.of()).committedOffsets(TOPIC, List.of(3))).containsExactly(Map.entry(3, 9L));
    }

    @Test
    void refusesToCommitWhenAnotherWriterMovedAPartition() {
        DeltaTableWriter ours = writer(Map.of());
        ours.committedOffsets(TOPIC, List.of(0));
        DeltaTableWriter theirs = writer(Map.of());
        theirs.committedOffsets(TOPIC, List.of(0));
        theirs.append(TOPIC, List.of(row("n:1", "2026-11-20T10:00:00Z")), Map.of(0, 5L), Map.of());

        assertThatThrownBy(() -> ours.append(TOPIC, List.of(row("n:1", "2026-11-20T10:00:00Z")), Map.of(0, 5L), Map.of()))
                .isInstanceOf(ConflictingOffsetsException.class)
                .hasMessageContaining("holds offset 5 for news_enriched-0, this writer expected none");
        assertThat(TableManager.loadSnapshot(path).build(engine).getVersion()).isEqualTo(1);
    }

    @Test
    void commitsAfterAConcurrentWriterOfOtherPartitions() {
        DeltaTableWriter ours = writer(Map.of());
        ours.committedOffsets(TOPIC, List.of(0));
        DeltaTableWriter theirs = writer(Map.of());
        theirs.committedOffsets(TOPIC, List.of(1));
        theirs.append(TOPIC, List.of(row("n:2", "2026-11-20T10:00:00Z")), Map.of(1, 3L), Map.of());

        CommitSummary summary = ours.append(TOPIC, List.of(row("n:1", "2026-11-20T10:00:00Z")), Map.of(0, 8L), Map.of());

        assertThat(summary.version()).isEqualTo(2);
        assertThat(writer(Map.of()).committedOffsets(TOPIC, List.of(0, 1)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(0, 8L, 1, 3L));
    }

    @Test
    void writesCheckpointsAtTheTablesInterval() throws IOException {
        DeltaTableWriter writer = writer(Map.of("delta.checkpointInterval", "2"));
        writer.committedOffsets(TOPIC, List.of(0));

        long offset = 0;
        for (int i = 0; i < 4; i++) {
            Map<Integer, Long> expected = i == 0 ? Map.of() : Map.of(0, offset);
            offset += 10;
            writer.append(TOPIC, List.of(row("n:" + i, "2026-11-20T10:00:00Z")), Map.of(0, offset), expected);
        }

        try (Stream<Path> log = Files.list(base.resolve("news_historical/_delta_log"))) {
            assertThat(log.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".checkpoint.parquet")))
                    .contains("00000000000000000002.checkpoint.parquet", "00000000000000000004.checkpoint.parquet");
        }
        assertThat(writer(Map.of()).committedOffsets(TOPIC, List.of(0))).containsExactly(Map.entry(0, 40L));
    }

    @Test
    void writesDocumentRowsOfManyBatchesIntoOneFilePerDayWithEveryValue() throws IOException {
        DeltaTableWriter writer = writer(Map.of());
        writer.committedOffsets(TOPIC, List.of(0));
        int count = 2 * DeltaTableWriter.ROWS_PER_BATCH + 17;
        List<DocumentRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(DocumentRow.of(RowCoercerTest.json("{\"id\":\"n:" + i + "\",\"source\":\"news\","
                    + "\"event_time\":\"2026-11-20T10:00:00Z\",\"title\":\"title " + i + "\"}"), coercer));
        }

        CommitSummary summary = writer.append(TOPIC, rows, Map.of(0, (long) count - 1), Map.of());

        // Kernel's writer continues one file across the batches the rows are handed over in
        assertThat(summary.rows()).isEqualTo(count);
        assertThat(summary.files()).isEqualTo(1);
        Path file;
        try (Stream<Path> files = Files.walk(base.resolve("news_historical/event_date=2026-11-20"))) {
            file = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        List<String> titles = new ArrayList<>();
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                new org.apache.hadoop.fs.Path(file.toUri())).build()) {
            for (Group group; (group = reader.read()) != null; ) {
                assertThat(group.getString("title", 0)).isEqualTo("title " + group.getString("id", 0).substring(2));
                titles.add(group.getString("title", 0));
            }
        }
        assertThat(titles).hasSize(count).doesNotHaveDuplicates();
    }

    @Test
    void writesParquetWithTheConfiguredCodec() throws IOException {
        Engine zstd = DefaultEngine.create(ParquetCodec.ZSTD.applyTo(new Configuration()));
        DeltaTableWriter writer = new DeltaTableWriter(zstd, "news_historical", path, SCHEMA, Map.of(),
                new KafkaOffsetsInDelta("test"), "cold-writer-test", clock);
        writer.committedOffsets(TOPIC, List.of(0));
        writer.append(TOPIC, List.of(row("n:1", "2026-11-20T10:00:00Z")), Map.of(0, 0L), Map.of());

        Path file;
        try (Stream<Path> files = Files.walk(base.resolve("news_historical/event_date=2026-11-20"))) {
            file = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
            assertThat(reader.getFooter().getBlocks().get(0).getColumns())
                    .extracting(ColumnChunkMetaData::getCodec).containsOnly(CompressionCodecName.ZSTD);
        }
    }

    @Test
    void refusesATableWithAnotherSchema() {
        new DeltaTableWriter(engine, "news_historical", path, new StructType().add("id", StringType.STRING)
                .add("event_date", io.delta.kernel.types.DateType.DATE), Map.of(), new KafkaOffsetsInDelta("test"), "test",
                clock).committedOffsets(TOPIC, List.of(0));

        assertThatThrownBy(() -> writer(Map.of()).committedOffsets(TOPIC, List.of(0)))
                .isInstanceOf(TableSchemaMismatchException.class)
                .hasMessageContaining("news_historical");
    }

    private DeltaTableWriter writer(Map<String, String> properties) {
        return new DeltaTableWriter(engine, "news_historical", path, SCHEMA, properties, new KafkaOffsetsInDelta("test"),
                "cold-writer-test", clock);
    }

    private CoercedRow row(String id, String eventTime) {
        return coercer.coerce(RowCoercerTest.json(
                "{\"id\":\"" + id + "\",\"source\":\"news\",\"event_time\":\"" + eventTime + "\",\"title\":\"t\"}"));
    }

    private List<String> partitionDirectories() {
        try (Stream<Path> entries = Files.list(base.resolve("news_historical"))) {
            List<String> names = new ArrayList<>(entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("event_date=")).toList());
            names.sort(null);
            return names;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
