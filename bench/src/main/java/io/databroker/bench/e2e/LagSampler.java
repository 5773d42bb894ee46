package io.databroker.bench.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag of each consumer group on its input topics over time, sampled every {@link #EVERY} with the
 * AdminClient as monitoring would: per partition of the group's input topics, the last stable offset
 * ({@code read_committed} end) minus the committed offset (the log start offset while the group has committed none
 * there: those records wait too), summed. enrich-service's input is the four raw topics (its repartition topics are
 * left out); cold-writer commits its Kafka offsets after each Delta commit only for monitoring, so its lag is a
 * saw-tooth by design.
 */
final class LagSampler implements AutoCloseable {

    static final Duration EVERY = Duration.ofSeconds(1);

    /** Lags of every group at one moment, {@code seconds} after the sampler started. */
    record Point(double seconds, long[] lags) {
    }

    private final List<String> groups;
    private final Map<String, List<String>> inputTopics;
    private final Admin admin;
    private final long startNanos;
    private final List<Point> points = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** {@code inputTopics}: group id → the topics it consumes, in the order the groups are reported and drawn. */
    LagSampler(String bootstrap, Map<String, List<String>> inputTopics, long startNanos) {
        this.inputTopics = new LinkedHashMap<>(inputTopics);
        this.groups = List.copyOf(inputTopics.keySet());
        this.startNanos = startNanos;
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, AdminClientConfig.CLIENT_ID_CONFIG, "e2e-bench-lag"));
        thread = new Thread(this::run, "e2e-lag-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    List<String> groups() {
        return groups;
    }

    synchronized List<Point> points() {
        return List.copyOf(points);
    }

    /** The latest total lag of each group, or null before the first sample. */
    synchronized long[] latest() {
        return points.isEmpty() ? null : points.get(points.size() - 1).lags();
    }

    private void run() {
        while (running) {
            long now = System.nanoTime();
            try {
                long[] lags = new long[groups.size()];
                for (int g = 0; g < groups.size(); g++) {
                    lags[g] = lag(groups.get(g));
                }
                synchronized (this) {
                    points.add(new Point((now - startNanos) / 1e9, lags));
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                System.out.println("lag sample failed: " + e);
            }
            try {
                Thread.sleep(Math.max(0, EVERY.toMillis() - (System.nanoTime() - now) / 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long lag(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        List<TopicPartition> partitions = partitions(inputTopics.get(group));
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        partitions.forEach(tp -> {
            latest.put(tp, OffsetSpec.latest());
            earliest.put(tp, OffsetSpec.earliest());
        });
        ListOffsetsOptions readCommitted = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        var ends = admin.listOffsets(latest, readCommitted).all().get(10, TimeUnit.SECONDS);
        var starts = admin.listOffsets(earliest, readCommitted).all().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata position = committed.get(tp);
            long from = position != null ? position.offset() : starts.get(tp).offset();
            lag += Math.max(0, ends.get(tp).offset() - from);
        }
        return lag;
    }

    private final Map<String, List<TopicPartition>> partitionsOf = new HashMap<>();

    private List<TopicPartition> partitions(List<String> topics) throws Exception {
        List<TopicPartition> result = new ArrayList<>();
        for (String topic : topics) {
            if (!partitionsOf.containsKey(topic)) {
                var description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
                partitionsOf.put(topic, description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList());
            }
            result.addAll(partitionsOf.get(topic));
        }
        return result;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
        admin.close(Duration.ofSeconds(5));
    }
}
