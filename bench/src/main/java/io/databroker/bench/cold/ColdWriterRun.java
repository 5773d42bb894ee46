package io.databroker.bench.cold;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.delta.kernel.TableManager;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.databroker.cold.buffer.FlushPolicy;
import io.databroker.cold.consume.ColdWriterLoop;
import io.databroker.cold.consume.ColdWriterMetrics;
import io.databroker.cold.consume.TableSink;
import io.databroker.cold.delta.DeltaTableWriter;
import io.databroker.cold.delta.KafkaOffsetsInDelta;
import io.databroker.cold.delta.ParquetCodec;
import io.databroker.cold.delta.ParquetWriterSettings;
import io.databroker.cold.delta.RowCoercer;
import io.databroker.cold.delta.TableSchemas;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;

/**
 * Child JVM of {@link SparkBench}: cold-writer's core (the production loop, sink, coercer and Delta writer, with the
 * production flush sizes and Parquet settings, run with the service's JVM options) reading the preloaded topic into
 * a Delta table until every record is committed; then checks
 * the log holds every offset.
 * With a warm-up topic and count, it first does the same into a table of its own (not measured), so the measured
 * run sees a JVM that has loaded and compiled its code, as a long-running service's has.
 * Args: bootstrap topic partitions tableUri records maxLatency [warmUpTopic warmUpRecords].
 */
public final class ColdWriterRun {

    private static final String APP_ID = "data-broker-cold";

    /**
     * The service's JVM options and environment, as compose.yaml and deploy/k8s/base/cold-writer.yaml set them
     * ({@code JDK_JAVA_OPTIONS}, {@code MALLOC_ARENA_MAX}; cold-writer/README.md "Memory and JVM options").
     */
    static final List<String> SERVICE_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx144m", "-Xss512k",
            "-XX:MaxMetaspaceSize=128m", "-XX:ReservedCodeCacheSize=64m", "-XX:+ExitOnOutOfMemoryError");
    static final Map<String, String> SERVICE_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");
    /** {@code broker.cold.flush.*} defaults of application.yaml. */
    private static final long MAX_BYTES = 24L << 20;
    private static final long MAX_TOTAL_BYTES = 32L << 20;

    private ColdWriterRun() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        int partitions = Integer.parseInt(args[2]);
        String table = args[3];
        long records = Long.parseLong(args[4]);
        Duration latency = Duration.parse(args[5]);
        long warmUpRecords = args.length > 7 ? Long.parseLong(args[7]) : 0;

        Engine engine = DefaultEngine.create(ParquetWriterSettings.applyTo(new Configuration(), ParquetCodec.SNAPPY));
        KafkaOffsetsInDelta offsets = new KafkaOffsetsInDelta(APP_ID);
        if (warmUpRecords > 0) {
            // the same work on its own topic and table first, as a long-running service has done before any batch
            double[] warmUp = run(engine, offsets, bootstrap, args[6], table + "-warm-up", warmUpRecords, latency);
            System.out.println(String.format(java.util.Locale.ROOT, "WARMUP records=%d seconds=%.3f cpu=%.3f",
                    warmUpRecords, warmUp[0], warmUp[1]));
        }
        double[] measured = run(engine, offsets, bootstrap, topic, table, records, latency);
        ProcessStats.report(records, measured[0], measured[1]);
        Map<Integer, Long> last = lastOffsets(bootstrap, topic, partitions);
        Map<Integer, Long> stored = offsets.read(engine, TableManager.loadSnapshot(table).build(engine), topic,
                new ArrayList<>(last.keySet()));
        if (!stored.equals(last)) {
            throw new IllegalStateException("the Delta log holds offsets " + stored + ", the topic ends at " + last);
        }
    }

    /** Runs a loop from {@code topic} into {@code table} until {@code records} rows are committed: {seconds, CPU-s}. */
    private static double[] run(Engine engine, KafkaOffsetsInDelta offsets, String bootstrap, String topic,
                                String table, long records, Duration latency) throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ColdWriterMetrics metrics = new ColdWriterMetrics(registry);
        Clock clock = Clock.systemUTC();
        DeltaTableWriter writer = new DeltaTableWriter(engine, "news_historical", table, TableSchemas.of(Source.NEWS),
                Map.of(), offsets, "cold-writer-bench", clock);
        // production defaults (application.yaml) except the latency, which only decides how long the last commit waits
        FlushPolicy policy = new FlushPolicy(latency, 128L << 20, MAX_BYTES, 250_000);
        TableSink sink = new TableSink(Source.NEWS, topic, writer, new RowCoercer(TableSchemas.of(Source.NEWS)), policy,
                Duration.ofSeconds(1), Duration.ofSeconds(60), metrics, clock);
        Map<String, Object> consumer = new HashMap<>();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "cold-writer-bench-" + topic);
        ColdWriterLoop loop = new ColdWriterLoop(consumer, Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                List.of(sink), Duration.ofSeconds(1), MAX_TOTAL_BYTES, metrics, registry, clock);
        double cpuStart = ProcessStats.cpuSeconds();
        long start = System.nanoTime();
        Thread thread = new Thread(loop, "cold-writer-loop");
        thread.start();
        // the rows-committed counter, not the log: reading the log while measuring would cost as much as writing it
        while (committedRows(registry) < records) {
            if (!thread.isAlive()) {
                throw new IllegalStateException("the loop died");
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = ProcessStats.cpuSeconds() - cpuStart;
        System.out.printf(java.util.Locale.ROOT, "PARQUET table=%s bytes=%.0f files=%.0f commits=%d%n", table,
                registry.find(MetricNames.COLD_BYTES_WRITTEN).counter().count(),
                registry.find(MetricNames.COLD_FILES_WRITTEN).counter().count(),
                registry.find(MetricNames.COLD_COMMIT_DURATION).timer().count());
        loop.stop();
        thread.join();
        return new double[] {seconds, cpu};
    }

    private static double committedRows(SimpleMeterRegistry registry) {
        return registry.find(MetricNames.EVENTS_PROCESSED).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static Map<Integer, Long> lastOffsets(String bootstrap, String topic, int partitions) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            Map<Integer, Long> last = new HashMap<>();
            consumer.endOffsets(tps).forEach((tp, end) -> last.put(tp.partition(), end - 1));
            return last;
        }
    }
}
