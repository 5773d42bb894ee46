package io.databroker.bench.enrich;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

import io.databroker.bench.Result;
import io.databroker.enrich.topology.EnrichSettings;
import io.databroker.enrich.topology.EnrichStreamsConfig;
import io.databroker.enrich.topology.EnrichTopics;
import io.databroker.enrich.topology.EnrichTopology;
import io.databroker.shared.topic.Source;
import io.databroker.shared.topic.Topics;
import io.databroker.testsupport.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Throughput of the full enrichment topology against an identity topology (read → write, the same exactly-once
 * settings) on the same in-process KRaft broker and the same mixed input, loaded once into the raw topics:
 * {@code bench/run enrich.TopologyBench [records] [partitions] [stream threads]}. Each topology runs as a fresh application from the
 * beginning until its group has committed every input offset; the clock starts when it reaches RUNNING.
 *
 * <p>CPU is the process CPU time over the run minus the CPU time of the Java threads that are not the application's
 * (the broker's, mostly): it includes GC, JIT and RocksDB's native threads, which serve the application.
 */
public final class TopologyBench {

    /** For A/B runs of Streams settings, applied to both topologies: {@code -Denrich.streams.producer.batch.size=…}. */
    private static final String STREAMS_PROPERTY = "enrich.streams.";

    private TopologyBench() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        KafkaBroker broker = KafkaBroker.shared();
        Path stateRoot = Files.createDirectories(Path.of(System.getProperty("databroker.build.root", "."), "bench", "target",
                "enrich-bench-state"));
        // Warm-up on its own input, not measured: the full topology runs far more code (JSON Schema, jsoup, regexes,
        // RocksDB) than the identity one, and its JIT compilation would otherwise be charged to it.
        int warmUpRecords = Math.min(records / 5, 100_000);
        String warmUp = suffix();
        prepare(broker, warmUp, partitions, warmUpRecords);
        System.out.println("warm-up: " + run(broker, "identity", IdentityTopology.build(warmUp, warmUp + "-identity"),
                "bench-identity" + warmUp, warmUpRecords, stateRoot, threads));
        System.out.println("warm-up: " + run(broker, "full", fullTopology(warmUp), "bench-enrich" + warmUp, warmUpRecords, stateRoot,
                threads));

        String suffix = suffix();
        prepare(broker, suffix, partitions, records);
        Run identity = run(broker, "identity", IdentityTopology.build(suffix, suffix + "-identity"), "bench-identity" + suffix,
                records, stateRoot, threads);
        Run full = run(broker, "full", fullTopology(suffix), "bench-enrich" + suffix, records, stateRoot, threads);

        System.out.println(identity);
        System.out.println(full);
        String settings = streamsSettings().entrySet().stream()
                .map(e -> "-D" + STREAMS_PROPERTY + e.getKey() + "=" + e.getValue()).sorted()
                .collect(java.util.stream.Collectors.joining(" "));
        String command = (settings.isEmpty() ? "" : "BENCH_JAVA_OPTS=\"-Xmx4g " + settings + "\" ")
                + "bench/run enrich.TopologyBench " + records + (args.length > 1 ? " " + partitions : "")
                + (args.length > 2 ? " " + threads : "");
        new Result(String.format(Locale.ROOT, "enrich-service topology, %,d mixed records, %d partitions/topic, %d stream thread(s)"
                        + " (CPU: %.1f vs %.1f CPU-s per million)", records, partitions, threads, full.cpuSecondsPerMillion(),
                identity.cpuSecondsPerMillion()),
                "records/s", full.recordsPerSecond(), "identity topology, same EOS settings", identity.recordsPerSecond(), 0.5,
                command).print();
        System.exit(0); // the shared broker's shutdown hook stops it
    }

    private static String suffix() {
        return "-bench-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Topology fullTopology(String suffix) {
        return EnrichTopology.build(new EnrichSettings(1024 * 1024, EnrichSettings.DEFAULT_DEDUP_WINDOW, suffix,
                Clock.systemUTC(), new SimpleMeterRegistry()));
    }

    private static void prepare(KafkaBroker broker, String suffix, int partitions, int records) {
        createTopics(broker, suffix, partitions);
        long start = System.nanoTime();
        load(broker, suffix, records);
        System.out.printf(Locale.ROOT, "loaded %,d mixed records into %d raw topics x %d partitions in %.1f s%n", records,
                Source.values().length, partitions, (System.nanoTime() - start) / 1e9);
    }

    /** What one topology did: wall time from RUNNING until every input offset was committed, and its CPU time. */
    record Run(String name, long records, double seconds, double cpuSeconds) {

        double recordsPerSecond() {
            return records / seconds;
        }

        double cpuSecondsPerMillion() {
            return cpuSeconds / records * 1_000_000;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-8s %,d records in %.1f s = %,.0f records/s; %.1f CPU-s = %.1f CPU-s per million",
                    name, records, seconds, recordsPerSecond(), cpuSeconds, cpuSecondsPerMillion());
        }
    }

    /** The {@code enrich.streams.*} system properties, without the prefix. */
    private static Map<String, String> streamsSettings() {
        Map<String, String> settings = new HashMap<>();
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(STREAMS_PROPERTY)) {
                settings.put(key.substring(STREAMS_PROPERTY.length()), System.getProperty(key));
            }
        }
        return settings;
    }

    private static Run run(KafkaBroker broker, String name, Topology topology, String applicationId, long records,
                           Path stateRoot, int threads) throws Exception {
        Map<String, Object> client = new HashMap<>();
        client.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        client.put(StreamsConfig.STATE_DIR_CONFIG, stateRoot.resolve(applicationId).toString());
        client.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        client.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        client.putAll(streamsSettings());
        KafkaStreams streams = new KafkaStreams(topology, new StreamsConfig(EnrichStreamsConfig.of(client, applicationId)));
        ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException(name + " topology stopped: " + streams.state());
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            ThreadCpu others = new ThreadCpu(threadBean, applicationId);
            long processCpuStart = processCpuNanos();
            long start = System.nanoTime();
            long committed = 0;
            while (committed < records) {
                TimeUnit.MILLISECONDS.sleep(200);
                others.sample();
                committed = committedInputs(admin, applicationId);
                if (streams.state() == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException(name + " topology failed after " + committed + " records");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            others.sample();
            double cpu = (processCpuNanos() - processCpuStart - others.total()) / 1e9;
            return new Run(name, records, seconds, cpu);
        } finally {
            streams.close(Duration.ofSeconds(60));
        }
    }

    /** CPU time the Java threads that are not {@code applicationId}'s spent since the first sample. */
    private static final class ThreadCpu {

        private final ThreadMXBean threads;
        private final String applicationId;
        private final Map<Long, Long> first = new HashMap<>();
        private final Map<Long, Long> last = new HashMap<>();

        ThreadCpu(ThreadMXBean threads, String applicationId) {
            this.threads = threads;
            this.applicationId = applicationId;
            sample();
            first.putAll(last);
        }

        void sample() {
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null || info.getThreadName().contains(applicationId)) {
                    continue;
                }
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    last.put(info.getThreadId(), cpu);
                }
            }
        }

        long total() {
            long sum = 0;
            for (Map.Entry<Long, Long> e : last.entrySet()) {
                sum += e.getValue() - first.getOrDefault(e.getKey(), 0L);
            }
            return sum;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long committedInputs(Admin admin, String applicationId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
            String topic = e.getKey().topic();
            if (e.getValue() != null && isRaw(topic, applicationId)) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }

    /** A raw input topic of this run: the application ids end with the run's topic suffix. */
    private static boolean isRaw(String topic, String applicationId) {
        for (Source source : Source.values()) {
            if (topic.startsWith(source.rawTopic().name() + "-bench-")
                    && applicationId.endsWith(topic.substring(source.rawTopic().name().length()))) {
                return true;
            }
        }
        return false;
    }

    private static void createTopics(KafkaBroker broker, String suffix, int partitions) {
        for (Source source : Source.values()) {
            broker.createTopic(source.rawTopic().name() + suffix, partitions);
            broker.createTopic(source.enrichedTopic().name() + suffix, partitions);
            broker.createTopic(source.enrichedTopic().name() + suffix + "-identity", partitions);
        }
        broker.createTopic(Topics.DEAD_LETTER_QUEUE.name() + suffix, 1);
        broker.createTopic(EnrichTopics.PAPERS.name() + suffix, partitions, Map.of("cleanup.policy", "compact"));
        broker.createTopic(EnrichTopics.DOMAINS.name() + suffix, partitions, Map.of("cleanup.policy", "compact"));
    }

    private static void load(KafkaBroker broker, String suffix, int records) {
        MixedInput input = new MixedInput(Instant.now());
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                MixedInput.Raw raw = input.record(i);
                producer.send(new ProducerRecord<>(raw.source().rawTopic().name() + suffix, raw.key(), raw.value()));
            }
            producer.flush();
        }
    }
}
