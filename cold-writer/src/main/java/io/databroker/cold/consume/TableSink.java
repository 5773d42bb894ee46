package io.databroker.cold.consume;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.StructType;

import io.databroker.cold.buffer.FlushPolicy;
import io.databroker.cold.buffer.ParquetSizeEstimate;
import io.databroker.cold.buffer.TableBuffer;
import io.databroker.cold.delta.CommitSummary;
import io.databroker.cold.delta.DeltaTableWriter;
import io.databroker.cold.delta.DocumentRow;
import io.databroker.cold.delta.KafkaOffsetsInDelta;
import io.databroker.cold.delta.RowCoercer;
import io.databroker.cold.delta.TableLocation;
import io.databroker.cold.delta.TableRow;
import io.databroker.cold.delta.TableSchemas;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.topic.Source;

/**
 * One enriched topic flowing into its table: which partitions this writer owns, the offsets the table's log holds for
 * them, the buffer not yet committed, and the backoff after failures. The log is the only truth about progress: a
 * partition is consumed only after its offset was read from the log ({@link #resume()}), and every failure drops the
 * buffer and reads the log again, so a record is stored once whatever fails. Not thread-safe: the loop owns it.
 */
public final class TableSink {

    private static final Logger log = LoggerFactory.getLogger(TableSink.class);

    private final Source source;
    private final String topic;
    private final DeltaTableWriter writer;
    private final RowCoercer coercer;
    private final FlushPolicy policy;
    private final Backoff backoff;
    private final ColdWriterMetrics metrics;
    private final Clock clock;

    private final Set<Integer> assigned = new TreeSet<>();
    /** Assigned partitions whose position must be (re)read from the log before they are consumed. */
    private final Set<Integer> unsynced = new TreeSet<>();
    /** Partition → last offset the table holds; absent when it holds none (or the partition is unsynced). */
    private final Map<Integer, Long> stored = new TreeMap<>();
    private final TableBuffer buffer = new TableBuffer();
    private final ParquetSizeEstimate parquetSize = new ParquetSizeEstimate();

    private Instant failingSince;
    private String lastError;

    public TableSink(Source source, String topic, DeltaTableWriter writer, RowCoercer coercer, FlushPolicy policy,
                     Duration initialBackoff, Duration maxBackoff, ColdWriterMetrics metrics, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.coercer = Objects.requireNonNull(coercer, "coercer");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.backoff = new Backoff(initialBackoff, maxBackoff);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The sink of {@code source}'s enriched topic into its {@code <source>_historical} table under the base URI. */
    public static TableSink create(Source source, SinkSettings settings, Engine engine, ColdWriterMetrics metrics,
                                   Clock clock) {
        StructType schema = TableSchemas.of(source);
        DeltaTableWriter writer = new DeltaTableWriter(engine, source.coldTable(),
                TableLocation.of(settings.baseUri(), source.coldTable()), schema, settings.tableProperties(),
                new KafkaOffsetsInDelta(settings.appId()), settings.engineInfo(), clock);
        return new TableSink(source, source.enrichedTopic().name(), writer, new RowCoercer(schema), settings.flush(),
                settings.initialBackoff(), settings.maxBackoff(), metrics, clock);
    }

    public Source source() {
        return source;
    }

    public String topic() {
        return topic;
    }

    /** Newly assigned partitions: consumed only after {@link #resume()} read their offsets from the log. */
    public void assign(Collection<Integer> partitions) {
        assigned.addAll(partitions);
        unsynced.addAll(partitions);
    }

    /** Partitions revoked or lost: their buffered records are dropped, the next owner re-reads them. */
    public void revoke(Collection<Integer> partitions) {
        assigned.removeAll(partitions);
        unsynced.removeAll(partitions);
        partitions.forEach(stored::remove);
        buffer.drop(partitions);
    }

    public Set<Integer> unsynced() {
        return Set.copyOf(unsynced);
    }

    /** True when some partitions wait for their log offsets and no backoff delay is running. */
    public boolean resumeDue(Instant now) {
        return !unsynced.isEmpty() && backoff.ready(now);
    }

    /**
     * Reads the log's offsets of the unsynced partitions (creating the table if needed) and returns where each
     * must be consumed from. Throws the store's failure; hand it to {@link #failed}.
     */
    public List<ResumePoint> resume() {
        Map<Integer, Long> found = writer.committedOffsets(topic, unsynced);
        List<ResumePoint> points = unsynced.stream().map(p -> new ResumePoint(p, found.get(p))).toList();
        points.forEach(p -> {
            if (p.lastStored() != null) {
                stored.put(p.partition(), p.lastStored());
            }
        });
        unsynced.clear();
        recovered();
        log.info("resuming {} from Delta table {}: {}", topic, writer.table(), points);
        return points;
    }

    /**
     * Buffers a record's row. Returns false for a record this writer must not take: a partition it does not own or
     * has not synced, or an offset the table or buffer holds already.
     *
     * @throws RecordRejectedException if the document cannot become a row; then call {@link #skip}
     */
    public boolean accept(int partition, long offset, byte[] value, Instant now) {
        if (!assigned.contains(partition) || unsynced.contains(partition) || isDuplicate(partition, offset)) {
            return false;
        }
        // coerced now, so a document that does not fit is dead-lettered now; buffered as its bytes (DocumentRow)
        buffer.add(partition, offset, DocumentRow.of(value, coercer), value.length, now);
        return true;
    }

    /** A record that was dead-lettered: the next commit moves past it. */
    public void skip(int partition, long offset, Instant now) {
        if (assigned.contains(partition) && !unsynced.contains(partition) && !isDuplicate(partition, offset)) {
            buffer.skip(partition, offset, now);
        }
    }

    private boolean isDuplicate(int partition, long offset) {
        long last = buffer.lastOffset(partition).orElse(stored.getOrDefault(partition, -1L));
        return offset <= last;
    }

    public boolean flushDue(Instant now) {
        return policy.shouldFlush(buffer, parquetSize, now);
    }

    public boolean hasBuffered() {
        return !buffer.isEmpty();
    }

    /** Record bytes (JSON) buffered for the next commit. */
    public long bufferedBytes() {
        return buffer.bytes();
    }

    /**
     * Commits the buffer (rows and offsets) to the table. On success the buffer is empty; on failure it throws the
     * store's failure, to be handed to {@link #failed}.
     */
    public CommitSummary flush() {
        List<TableRow> rows = buffer.rows();
        long jsonBytes = buffer.bytes();
        Map<Integer, Long> lastOffsets = buffer.lastOffsets();
        Map<Integer, Long> expected = new TreeMap<>();
        lastOffsets.keySet().forEach(p -> {
            if (stored.containsKey(p)) {
                expected.put(p, stored.get(p));
            }
        });
        Instant start = clock.instant();
        CommitSummary summary;
        try {
            summary = writer.append(topic, rows, lastOffsets, expected);
        } catch (RuntimeException e) {
            metrics.commitFailed(source, Duration.between(start, clock.instant()));
            throw e;
        }
        Instant end = clock.instant();
        stored.putAll(lastOffsets);
        buffer.clear();
        parquetSize.observe(jsonBytes, summary.bytes());
        recovered();
        metrics.committed(source, summary, rows, Duration.between(start, end), end);
        log.info("committed Delta version {} for {}: {} rows in {} files ({} bytes), offsets {}", summary.version(),
                writer.table(), summary.rows(), summary.files(), summary.bytes(), describe(lastOffsets));
        return summary;
    }

    /**
     * Recovers from a failure of {@link #resume()} or {@link #flush()}: drops the buffer and marks every owned
     * partition for re-reading from the log, after a delay that depends on the kind of failure.
     *
     * @return the kind; {@link StoreFailure#BUG} is the caller's to rethrow
     */
    public StoreFailure failed(RuntimeException failure, Instant now) {
        StoreFailure kind = StoreFailure.of(failure);
        buffer.clear();
        stored.clear();
        unsynced.addAll(assigned);
        if (failingSince == null) {
            failingSince = now;
        }
        lastError = failure.getClass().getSimpleName();
        switch (kind) {
            case CONFLICT -> log.warn("Delta table {} moved under this writer, resuming {} from the log: {}",
                    writer.table(), topic, failure.getMessage());
            case UNAVAILABLE -> log.warn("Delta table {} unavailable, retrying {} in {}: {}", writer.table(), topic,
                    backoff.failed(now), failure.toString());
            case NEEDS_OPERATOR -> log.error("Delta table {} cannot be written, retrying {} in {}: {}", writer.table(),
                    topic, backoff.failedHard(now), failure.getMessage());
            case BUG -> log.error("unexpected failure writing Delta table {}", writer.table(), failure);
        }
        return kind;
    }

    private void recovered() {
        backoff.reset();
        failingSince = null;
        lastError = null;
    }

    /** For health: the table, and since when and why it has been failing (null fields when it is not). */
    public SinkStatus status() {
        return new SinkStatus(writer.table(), failingSince, lastError, Set.copyOf(assigned), Set.copyOf(unsynced));
    }

    private static String describe(Map<Integer, Long> offsets) {
        return offsets.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }
}
