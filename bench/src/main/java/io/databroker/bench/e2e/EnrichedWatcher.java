package io.databroker.bench.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.databroker.shared.topic.Source;

/**
 * Stage 1 of the breakdown: when a sampled event's canonical document becomes readable on its enriched topic (a
 * {@code read_committed} consumer, as both writers read it, without a group and without parsing values), and at
 * which partition and offset, which {@link DeltaLogWatcher} needs to tell when a Delta commit covers it.
 */
final class EnrichedWatcher implements AutoCloseable {

    private final Map<String, Sample> samples;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    EnrichedWatcher(String bootstrap, Map<String, Sample> samples) {
        this.samples = samples;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "e2e-bench-enriched-watcher");
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (Source source : Source.values()) {
            String topic = source.enrichedTopic().name();
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::run, "e2e-enriched-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Sample sample = record.key() == null ? null : samples.get(new String(record.key(), StandardCharsets.UTF_8));
                    if (sample != null && sample.enrichedNanos == 0) {
                        sample.enrichedPartition = record.partition();
                        sample.enrichedOffset = record.offset();
                        sample.enrichedNanos = System.nanoTime();
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the consumer up
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
