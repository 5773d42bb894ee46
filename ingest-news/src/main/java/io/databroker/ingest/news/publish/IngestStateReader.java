package io.databroker.ingest.news.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.news.feed.FeedCursor;

/**
 * Rebuilds the news cursors at start-up by reading the compacted {@code broker_ingest_state} topic from the
 * beginning to its end. The consumer must use {@code isolation.level=read_committed}: a cursor of an aborted
 * transaction never counts, and the end offsets it sees are the last stable offsets.
 */
public final class IngestStateReader {

    private static final Logger log = LoggerFactory.getLogger(IngestStateReader.class);

    private final Supplier<Consumer<String, byte[]>> consumerFactory;
    private final String stateTopic;
    private final Duration timeout;

    /**
     * @param consumerFactory a read_committed consumer without a group (partitions are assigned, nothing committed)
     */
    public IngestStateReader(Supplier<Consumer<String, byte[]>> consumerFactory, String stateTopic, Duration timeout) {
        this.consumerFactory = consumerFactory;
        this.stateTopic = stateTopic;
        this.timeout = timeout;
    }

    /** The latest committed cursor per feed URL. */
    public Map<String, FeedCursor> readCursors() {
        Map<String, FeedCursor> cursors = new HashMap<>();
        try (Consumer<String, byte[]> consumer = consumerFactory.get()) {
            List<PartitionInfo> infos = consumer.partitionsFor(stateTopic, timeout);
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Instant deadline = Instant.now().plus(timeout);
            while (!reachedEnd(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + stateTopic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record, cursors);
                }
            }
        }
        log.info("restored {} news feed cursors from {}", cursors.size(), stateTopic);
        return cursors;
    }

    private static boolean reachedEnd(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static void apply(ConsumerRecord<String, byte[]> record, Map<String, FeedCursor> cursors) {
        String key = record.key();
        if (key == null || !key.startsWith(FeedCursor.KEY_PREFIX)) {
            return; // another source's cursor
        }
        String feedUrl = key.substring(FeedCursor.KEY_PREFIX.length());
        if (record.value() == null) {
            cursors.remove(feedUrl); // tombstone: the feed was reset on purpose
            return;
        }
        try {
            cursors.put(feedUrl, FeedCursor.fromJson(record.value()));
        } catch (IllegalArgumentException e) {
            // A foreign or corrupt cursor: the feed starts afresh, which republishes its items (ids keep stores idempotent).
            cursors.remove(feedUrl);
            log.warn("ignoring unreadable cursor for {} at {}-{}@{}: {}", feedUrl, record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }
}
