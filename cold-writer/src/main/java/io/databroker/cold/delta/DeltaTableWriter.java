package io.databroker.cold.delta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.MaxCommitRetryLimitReachedException;
import io.delta.kernel.exceptions.TableAlreadyExistsException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.transaction.DataLayoutSpec;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;

/**
 * Appends rows to one {@code <source>_historical} table with Delta Kernel, recording the Kafka offsets they cover in
 * the same commit ({@link KafkaOffsetsInDelta}). Creates the table on first use (partitioned by {@code event_date},
 * with the configured table properties) and runs Kernel's post-commit hooks (checkpoints, checksums), which Kernel
 * leaves to the caller.
 *
 * <p>Commits use no Kernel-side retry: Kernel would rebase a blind append over a concurrent commit without looking
 * at our {@code txn} actions. Instead a lost race reloads the log and checks that nobody moved our partitions
 * before trying again, so offsets are verified against exactly the version the commit lands on.
 * Not thread-safe: one loop thread owns it.
 */
public final class DeltaTableWriter {

    private static final Logger log = LoggerFactory.getLogger(DeltaTableWriter.class);

    /**
     * Table properties every table is created with (the ones Kernel 4.4.0 accepts; Databricks' optimized writes and
     * auto-compaction are set by deploy/databricks): change data feed for downstream incremental readers, and
     * removed files kept 168 h, VACUUM's retention.
     */
    public static final Map<String, String> DEFAULT_TABLE_PROPERTIES = Map.of(
            "delta.enableChangeDataFeed", "true",
            "delta.deletedFileRetentionDuration", "interval 168 hours");

    private static final int MAX_COMMIT_ATTEMPTS = 5;
    /**
     * Rows handed to Kernel's Parquet writer per batch: only one batch's values exist at a time (a {@link DocumentRow}
     * builds them when asked), and they die young; the writer continues one file across batches.
     */
    static final int ROWS_PER_BATCH = 1_000;

    private final Engine engine;
    private final String table;
    private final String path;
    private final StructType schema;
    private final Map<String, String> tableProperties;
    private final KafkaOffsetsInDelta offsets;
    private final String engineInfo;
    private final Clock clock;

    /** The snapshot this writer last read or committed; reused so a commit needs no extra log read. */
    private Snapshot current;

    /**
     * @param path            table URI ({@link TableLocation#of})
     * @param tableProperties merged over {@link #DEFAULT_TABLE_PROPERTIES} when the table is created
     * @param engineInfo      recorded in each commit's {@code commitInfo.engineInfo}
     */
    public DeltaTableWriter(Engine engine, String table, String path, StructType schema, Map<String, String> tableProperties,
                            KafkaOffsetsInDelta offsets, String engineInfo, Clock clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.table = Objects.requireNonNull(table, "table");
        this.path = Objects.requireNonNull(path, "path");
        this.schema = Objects.requireNonNull(schema, "schema");
        Map<String, String> merged = new LinkedHashMap<>(DEFAULT_TABLE_PROPERTIES);
        merged.putAll(tableProperties);
        this.tableProperties = Map.copyOf(merged);
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.engineInfo = Objects.requireNonNull(engineInfo, "engineInfo");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String table() {
        return table;
    }

    public String path() {
        return path;
    }

    /**
     * Reloads the log (creating the table if it does not exist yet) and returns the last offset the table holds for
     * each of {@code partitions}; partitions it holds nothing for are absent.
     *
     * @throws TableSchemaMismatchException if an existing table has another schema or partitioning
     */
    public Map<Integer, Long> committedOffsets(String topic, Collection<Integer> partitions) {
        current = loadOrCreate();
        return offsets.read(engine, current, topic, partitions);
    }

    /**
     * Writes {@code rows} as Parquet (one file set per {@code event_date}) and commits them together with
     * {@code lastOffsets}.
     *
     * @param expectedOffsets what this writer believes the log holds for each partition of {@code lastOffsets}
     *                        (absent = nothing); the commit is refused if the log says otherwise
     * @throws ConflictingOffsetsException if the log moved under us; nothing was committed
     */
    public CommitSummary append(String topic, List<? extends TableRow> rows, Map<Integer, Long> lastOffsets,
                                Map<Integer, Long> expectedOffsets) {
        if (current == null) {
            current = loadOrCreate();
            verify(topic, lastOffsets.keySet(), expectedOffsets);
        }
        List<Row> actions = null;
        List<Long> fileSizes = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            Transaction txn = current.buildUpdateTableTransaction(engineInfo, Operation.WRITE)
                    .withMaxRetries(0)
                    .build(engine);
            if (actions == null) {
                actions = new ArrayList<>();
                for (Map.Entry<Integer, List<TableRow>> day : byEventDate(rows).entrySet()) {
                    for (DataFileStatus file : writeDay(txn, day.getKey(), day.getValue(), actions)) {
                        fileSizes.add(file.getSize());
                    }
                }
            }
            List<Row> commitActions = new ArrayList<>(actions);
            commitActions.addAll(offsets.actions(topic, lastOffsets, clock.millis()));
            try {
                TransactionCommitResult result = txn.commit(engine,
                        CloseableIterable.inMemoryIterable(ListIterators.of(commitActions)));
                current = result.getPostCommitSnapshot().orElse(null);
                runPostCommitHooks(result);
                return new CommitSummary(result.getVersion(), rows.size(), fileSizes, lastOffsets);
            } catch (MaxCommitRetryLimitReachedException | ConcurrentWriteException e) {
                // Lost a race (or the commit's outcome is unknown): judge by the log as it is now.
                current = load();
                verify(topic, lastOffsets.keySet(), expectedOffsets);
                if (attempt >= MAX_COMMIT_ATTEMPTS) {
                    throw e;
                }
                log.info("retrying commit to {} on version {} after a concurrent commit (attempt {})",
                        table, current.getVersion(), attempt + 1);
            }
        }
    }

    private void verify(String topic, Collection<Integer> partitions, Map<Integer, Long> expected) {
        Map<Integer, Long> found = offsets.read(engine, current, topic, partitions);
        for (int partition : partitions) {
            Long want = expected.get(partition);
            Long have = found.get(partition);
            if (!Objects.equals(want, have)) {
                throw new ConflictingOffsetsException(table, topic, partition, want, have);
            }
        }
    }

    private static Map<Integer, List<TableRow>> byEventDate(List<? extends TableRow> rows) {
        Map<Integer, List<TableRow>> days = new TreeMap<>();
        for (TableRow row : rows) {
            days.computeIfAbsent(row.eventDate(), d -> new ArrayList<>()).add(row);
        }
        return days;
    }

    /** Writes one partition's Parquet files and adds their {@code add} actions to {@code actions}. */
    private List<DataFileStatus> writeDay(Transaction txn, int epochDay, List<TableRow> rows, List<Row> actions) {
        Row state = txn.getTransactionState(engine);
        Map<String, Literal> partition = Map.of(TableSchemas.EVENT_DATE, Literal.ofDate(epochDay));
        CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(
                engine, state, batches(rows), partition);
        DataWriteContext context = Transaction.getWriteContext(engine, state, partition);
        List<DataFileStatus> written = new ArrayList<>();
        try (CloseableIterator<DataFileStatus> files = engine.getParquetHandler()
                .writeParquetFiles(context.getTargetDirectory(), physical, context.getStatisticsColumns())) {
            files.forEachRemaining(written::add);
        } catch (IOException e) {
            throw new UncheckedIOException("writing Parquet files to " + context.getTargetDirectory() + " failed", e);
        }
        try (CloseableIterator<Row> adds = Transaction.generateAppendActions(
                engine, state, ListIterators.of(written), context)) {
            adds.forEachRemaining(actions::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    /** {@code rows} as batches of at most {@link #ROWS_PER_BATCH}, each built when the Parquet writer reaches it. */
    private CloseableIterator<FilteredColumnarBatch> batches(List<TableRow> rows) {
        List<List<TableRow>> slices = new ArrayList<>();
        for (int start = 0; start < rows.size(); start += ROWS_PER_BATCH) {
            slices.add(rows.subList(start, Math.min(rows.size(), start + ROWS_PER_BATCH)));
        }
        // Kernel's map is lazy: a slice's values are built only when the writer asks for its batch
        return ListIterators.of(slices)
                .map(slice -> new FilteredColumnarBatch(ValueBatch.of(schema, slice), Optional.empty()));
    }

    private void runPostCommitHooks(TransactionCommitResult result) {
        for (PostCommitHook hook : result.getPostCommitHooks()) {
            try {
                hook.threadSafeInvoke(engine);
            } catch (IOException | RuntimeException e) {
                // The commit is durable already; a missed checkpoint or checksum only slows the next log read and
                // is written again at the next interval, so it must not fail (and re-send) the batch.
                log.warn("post-commit hook {} of {} version {} failed: {}", hook.getType(), table, result.getVersion(),
                        e.toString());
            }
        }
    }

    private Snapshot loadOrCreate() {
        try {
            return checked(load());
        } catch (TableNotFoundException e) {
            create();
            return checked(load());
        }
    }

    private Snapshot load() {
        return TableManager.loadSnapshot(path).build(engine);
    }

    private void create() {
        try {
            TableManager.buildCreateTableTransaction(path, schema, engineInfo)
                    .withTableProperties(tableProperties)
                    .withMaxRetries(0)
                    .withDataLayoutSpec(DataLayoutSpec.partitioned(
                            TableSchemas.PARTITION_COLUMNS.stream().map(Column::new).toList()))
                    .build(engine)
                    .commit(engine, CloseableIterable.emptyIterable());
            log.info("created Delta table {} at {}", table, path);
        } catch (TableAlreadyExistsException | ConcurrentWriteException | MaxCommitRetryLimitReachedException e) {
            // another writer created it between our load and our create: use theirs (checked like any other)
            log.info("Delta table {} was created concurrently: {}", table, e.getMessage());
        }
    }

    private Snapshot checked(Snapshot snapshot) {
        if (!schema.isWriteCompatible(snapshot.getSchema())) {
            throw new TableSchemaMismatchException("Delta table " + table + " at " + path + " has schema "
                    + snapshot.getSchema() + ", this writer needs " + schema);
        }
        if (!snapshot.getPartitionColumnNames().equals(TableSchemas.PARTITION_COLUMNS)) {
            throw new TableSchemaMismatchException("Delta table " + table + " at " + path + " is partitioned by "
                    + snapshot.getPartitionColumnNames() + ", this writer needs " + TableSchemas.PARTITION_COLUMNS);
        }
        return snapshot;
    }
}
