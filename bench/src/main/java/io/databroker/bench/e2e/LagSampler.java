package io.databroker.bench.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Consumer lag of each consumer group over time, sampled every {@link #EVERY} with the AdminClient as monitoring
 * would: per partition the group committed, the last stable offset ({@code read_committed} end) minus the committed
 * offset, summed over the group. enrich-service's group covers the raw topics and its repartition topics; cold-writer
 * commits its Kafka offsets after each Delta commit only for monitoring, so its lag is a saw-tooth by design.
 */
final class LagSampler implements AutoCloseable {

    static final Duration EVERY = Duration.ofSeconds(1);

    /** Lags of every group at one moment, {@code seconds} after the sampler started. */
    record Point(double seconds, long[] lags) {
    }

    private final List<String> groups;
    private final Admin admin;
    private final long startNanos;
    private final List<Point> points = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    LagSampler(String bootstrap, List<String> groups, long startNanos) {
        this.groups = List.copyOf(groups);
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
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.forEach((tp, offset) -> {
            if (offset != null) {
                latest.put(tp, OffsetSpec.latest());
            }
        });
        if (latest.isEmpty()) {
            return 0;
        }
        var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (var end : ends.entrySet()) {
            lag += Math.max(0, end.getValue().offset() - committed.get(end.getKey()).offset());
        }
        return lag;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
        admin.close(Duration.ofSeconds(5));
    }
}
