package io.databroker.cold.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.delta.kernel.Snapshot;
import io.delta.kernel.engine.Engine;

import io.databroker.cold.delta.CoercedRow;
import io.databroker.cold.delta.DeltaTableWriter;
import io.databroker.cold.delta.KafkaOffsetsInDelta;
import io.databroker.cold.delta.RowCoercer;
import io.databroker.cold.delta.TableLocation;
import io.databroker.cold.delta.TableSchemas;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.ops.Job;
import io.databroker.shared.ops.ReplayRequest;
import io.databroker.shared.ops.TopicRange;
import io.databroker.shared.ops.TopicRangeReader;
import io.databroker.shared.topic.Source;
import io.databroker.storeops.delta.DeltaDocuments;

/**
 * Replay into the cold store: re-reads a range of {@code <source>_enriched} with a consumer of its own and appends,
 * through cold-writer's {@link DeltaTableWriter} and {@link RowCoercer}, the documents whose id the table does not
 * hold yet in that document's {@code event_date} partition. So a replay only fills gaps (rows deleted or lost), and
 * replaying twice adds nothing.
 *
 * <p>Two rules keep it from racing the live writer: the range is cut at the offsets the live writer has committed
 * (its {@code txn} versions in the same log): what lies beyond is the live writer's to write, and it will; and the ids
 * of each touched day are read from the table before the first append to that day, then kept up to date with what
 * the replay appends. Progress is recorded in the Delta log like the live writer's, under app id
 * {@code <app-id>-replay-<request hash>-<topic>-<partition>}, in the same commit as the rows: re-posting the same
 * request after a crash or a stop resumes where the log says it got to.
 */
public final class ColdReplay {

    private static final Logger log = LoggerFactory.getLogger(ColdReplay.class);

    /** Rows per replay commit: larger commits, fewer small files. */
    static final int COMMIT_ROWS = 20_000;

    private final Engine engine;
    private final String baseUri;
    private final String appId;
    private final Map<String, String> tableProperties;
    private final String engineInfo;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Function<Source, String> topicOf;
    private final Clock clock;

    public ColdReplay(Engine engine, String baseUri, String appId, Map<String, String> tableProperties,
                      String engineInfo, Supplier<Consumer<byte[], byte[]>> consumers,
                      Function<Source, String> topicOf, Clock clock) {
        this.engine = engine;
        this.baseUri = baseUri;
        this.appId = appId;
        this.tableProperties = tableProperties;
        this.engineInfo = engineInfo;
        this.consumers = consumers;
        this.topicOf = topicOf;
        this.clock = clock;
    }

    /**
     * @param appended rows appended, ids found present, records not storable (the live writer dead-lettered them)
     */
    public record Result(long appended, long present, long unstorable) {
    }

    public Result run(Job job, ReplayRequest request) {
        Source source = request.sourceValue();
        String topic = topicOf.apply(source);
        String path = TableLocation.of(baseUri, source.coldTable());
        DeltaTableWriter writer = new DeltaTableWriter(engine, source.coldTable(), path, TableSchemas.of(source),
                tableProperties, new KafkaOffsetsInDelta(replayAppId(request)), engineInfo, clock);
        DeltaDocuments delta = new DeltaDocuments(engine, baseUri);
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            TopicRange asked = TopicRange.resolve(consumer, topic, request.from(), request.to());
            List<Integer> partitions = asked.start().keySet().stream().map(TopicPartition::partition).sorted().toList();
            Map<Integer, Long> replayed = writer.committedOffsets(topic, partitions);
            Snapshot snapshot = delta.snapshot(source).orElseThrow();
            Map<Integer, Long> live = new KafkaOffsetsInDelta(appId).read(engine, snapshot, topic, partitions);
            TopicRange range = cutAtLive(asked, live).resumedAt(next(topic, replayed));
            job.total(range.size());
            log.info("replaying {} into {}: {} to {} (live writer at {}, earlier replay at {})", topic, path,
                    range.start(), range.end(), live, replayed);
            Batch batch = new Batch(source, topic, writer, delta, snapshot, replayed);
            TopicRangeReader.read(consumer, range, job, records -> {
                batch.add(records);
                if (batch.size() >= COMMIT_ROWS) {
                    batch.commit();
                }
            });
            batch.commit();
            log.info("replayed {} into {}: {} rows appended, {} already present, {} not storable", topic, path,
                    batch.appended, batch.present, batch.unstorable);
            return new Result(batch.appended, batch.present, batch.unstorable);
        }
    }

    /** {@code <app-id>-replay-<first 8 bytes of SHA-256 of the request>}: one progress record per distinct request. */
    String replayAppId(ReplayRequest request) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(request.parameters().toString().getBytes(StandardCharsets.UTF_8));
            return appId + "-replay-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TopicRange cutAtLive(TopicRange range, Map<Integer, Long> live) {
        Map<TopicPartition, Long> end = new HashMap<>();
        range.end().forEach((partition, offset) -> {
            Long committed = live.get(partition.partition());
            long liveEnd = committed == null ? range.start().get(partition) : committed + 1;
            end.put(partition, Math.max(range.start().get(partition), Math.min(offset, liveEnd)));
        });
        return new TopicRange(range.topic(), range.start(), end);
    }

    private static Map<TopicPartition, Long> next(String topic, Map<Integer, Long> replayed) {
        Map<TopicPartition, Long> next = new HashMap<>();
        replayed.forEach((partition, offset) -> next.put(new TopicPartition(topic, partition), offset + 1));
        return next;
    }

    /** Rows waiting for the next replay commit, and the ids each touched day holds. */
    private final class Batch {

        private final String topic;
        private final DeltaTableWriter writer;
        private final DeltaDocuments delta;
        private final Snapshot snapshot;
        private final RowCoercer coercer;
        private final int idColumn;
        private final Map<Integer, Long> committed;
        private final Map<Integer, Long> lastOffsets = new TreeMap<>();
        private final Map<LocalDate, Set<String>> idsByDay = new HashMap<>();
        private final List<CoercedRow> rows = new ArrayList<>();
        private int pendingRecords;
        long appended;
        long present;
        long unstorable;

        Batch(Source source, String topic, DeltaTableWriter writer, DeltaDocuments delta, Snapshot snapshot,
              Map<Integer, Long> committed) {
            this.topic = topic;
            this.writer = writer;
            this.delta = delta;
            this.snapshot = snapshot;
            this.coercer = new RowCoercer(TableSchemas.of(source));
            this.idColumn = TableSchemas.of(source).indexOf(TableSchemas.ID);
            this.committed = new TreeMap<>(committed);
        }

        int size() {
            return pendingRecords;
        }

        void add(List<ConsumerRecord<byte[], byte[]>> records) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                lastOffsets.put(record.partition(), record.offset());
                pendingRecords++;
                CoercedRow row;
                try {
                    row = coercer.coerce(record.value());
                } catch (RecordRejectedException e) {
                    unstorable++;
                    continue;
                }
                LocalDate day = LocalDate.ofEpochDay(row.eventDate());
                String id = (String) row.values()[idColumn];
                if (ids(day).add(id)) {
                    rows.add(row);
                } else {
                    present++;
                }
            }
        }

        private Set<String> ids(LocalDate day) {
            return idsByDay.computeIfAbsent(day, d -> {
                Set<String> ids = new HashSet<>();
                delta.forEachId(snapshot, List.of(d), (x, id) -> ids.add(id));
                return ids;
            });
        }

        /** Appends the new rows with the replay's progress, in one Delta commit. */
        void commit() {
            if (lastOffsets.isEmpty()) {
                return;
            }
            writer.append(topic, rows, lastOffsets, committed);
            committed.putAll(lastOffsets);
            appended += rows.size();
            rows.clear();
            lastOffsets.clear();
            pendingRecords = 0;
        }
    }
}
