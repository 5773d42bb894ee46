package io.databroker.enrich.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.enrich.topology.EnrichTopics;
import io.databroker.shared.topic.Source;
import io.databroker.shared.topic.Topics;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.FreePorts;
import io.databroker.testsupport.KafkaBroker;
import io.databroker.testsupport.ServiceProcess;

/**
 * ARCHITECTURE §4 for enrich-service, with the packaged service as child JVMs: two instances with the same application
 * id share a 100k-record mixed run; one is killed with SIGKILL at about 30 % and started again. Read with
 * {@code read_committed}, every enriched topic then holds each good input exactly once, and the dead-letter queue
 * exactly the bad inputs — the same set a single instance produces.
 */
class ExactlyOnceAcrossKillAndScaleOutIT {

    private static final int RECORDS = Integer.getInteger("databroker.crash.records", 100_000);
    private static final int PARTITIONS = 4;
    private static final Duration READY = Duration.ofSeconds(150);
    private static final Duration DRAIN = Duration.ofMinutes(4);

    private final KafkaBroker broker = KafkaBroker.shared();
    private final String suffix = "-eos-" + UUID.randomUUID().toString().substring(0, 8);
    private final String applicationId = "enrich-eos" + suffix;
    private final List<ServiceProcess> processes = new ArrayList<>();

    @AfterEach
    void stopServices() {
        processes.forEach(ServiceProcess::close);
    }

    @Test
    void killedAndRestartedInstanceOfTwoLeavesEveryInputExactlyOnce() throws Exception {
        createTopics();
        List<MixedRawRecords.Raw> input = MixedRawRecords.generate(RECORDS, Instant.now());
        // 40 % waits for the services; the rest arrives while they run, so the kill at 30 % finds work in flight
        // however fast the first instance starts (with all input there, it could finish before the second is up)
        int head = input.size() * 4 / 10;
        produce(input.subList(0, head));
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "crash-runs")), "run-");

        ServiceProcess first = service("enrich-a", work);
        ServiceProcess second = service("enrich-b", work);
        first.start();
        second.start();
        first.awaitReady(READY);
        second.awaitReady(READY);

        CompletableFuture<Void> rest = CompletableFuture.runAsync(() -> produce(input.subList(head, input.size())));
        long total = input.size();
        Await.until(DRAIN, "30 % of the input committed", () -> committedInputs() >= total * 3 / 10);
        first.kill();
        long atKill = committedInputs();
        assertThat(atKill).as("killed mid-run").isLessThan(total);
        first.start();
        rest.get(DRAIN.toSeconds(), TimeUnit.SECONDS);

        try {
            Await.until(DRAIN, "all " + total + " inputs committed after the restart", () -> committedInputs() == total);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + first.name() + ":\n" + first.logTail(40) + "\n" + second.name()
                    + ":\n" + second.logTail(40), e);
        }

        Map<Source, Set<String>> expected = new LinkedHashMap<>();
        Set<String> badKeys = new HashSet<>();
        for (MixedRawRecords.Raw raw : input) {
            if (raw.documentId() == null) {
                badKeys.add(raw.key());
            } else {
                expected.computeIfAbsent(raw.source(), s -> new HashSet<>()).add(raw.documentId());
            }
        }
        for (Source source : Source.values()) {
            Map<String, Integer> keys = keyCounts(source.enrichedTopic().name() + suffix);
            assertThat(duplicates(keys)).as("documents on %s more than once", source.enrichedTopic().name()).isEmpty();
            assertThat(keys.keySet()).as("documents on %s", source.enrichedTopic().name()).isEqualTo(expected.get(source));
        }
        Map<String, Integer> deadLetters = keyCounts(Topics.DEAD_LETTER_QUEUE.name() + suffix);
        assertThat(duplicates(deadLetters)).as("dead letters more than once").isEmpty();
        assertThat(deadLetters.keySet()).as("dead letters").isEqualTo(badKeys);
        System.out.printf("crash test: %d inputs, killed at %d committed, %d bad%n", total, atKill, badKeys.size());
    }

    private ServiceProcess service(String name, Path work) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("BROKER_TOPICS_CREATE", "false");
        env.put("BROKER_ENRICH_TOPIC_SUFFIX", suffix);
        env.put("BROKER_ENRICH_APPLICATION_ID", applicationId);
        env.put("SPRING_KAFKA_STREAMS_STATE_DIR", work.resolve(name + "-state").toAbsolutePath().toString());
        env.put("LOGGING_LEVEL_ORG_APACHE_KAFKA", "WARN");
        // Fewer, larger transactions: the guarantee is the same, and the shared test machine has two cores.
        env.put("BROKER_ENRICH_COMMIT_INTERVAL", "500ms");
        Path buildRoot = Path.of(System.getProperty("databroker.build.root", "..")).toAbsolutePath().normalize();
        Path jar = ServiceProcess.moduleJar(buildRoot, "enrich-service", System.getProperty("databroker.project.version", "0.1.0-SNAPSHOT"));
        ServiceProcess process = ServiceProcess.of(name, jar, FreePorts.one(), env, work.resolve("logs"));
        processes.add(process);
        return process;
    }

    private void createTopics() {
        for (Source source : Source.values()) {
            broker.createTopic(source.rawTopic().name() + suffix, PARTITIONS);
            broker.createTopic(source.enrichedTopic().name() + suffix, PARTITIONS);
        }
        broker.createTopic(Topics.DEAD_LETTER_QUEUE.name() + suffix, 1);
        broker.createTopic(EnrichTopics.PAPERS.name() + suffix, PARTITIONS, Map.of("cleanup.policy", "compact"));
        broker.createTopic(EnrichTopics.DOMAINS.name() + suffix, PARTITIONS, Map.of("cleanup.policy", "compact"));
    }

    private void produce(List<MixedRawRecords.Raw> input) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (MixedRawRecords.Raw raw : input) {
                producer.send(new ProducerRecord<>(raw.source().rawTopic().name() + suffix,
                        raw.key().getBytes(StandardCharsets.UTF_8), raw.value()));
            }
            producer.flush();
        }
    }

    /** Raw records whose offsets the application's group has committed (atomically with their outputs, under EOS). */
    private long committedInputs() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Set<String> raw = new HashSet<>();
            for (Source source : Source.values()) {
                raw.add(source.rawTopic().name() + suffix);
            }
            return committed.entrySet().stream().filter(e -> raw.contains(e.getKey().topic()) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How often each key occurs among the committed records of {@code topic}. */
    private Map<String, Integer> keyCounts(String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed end offsets = last stable offsets: everything committed so far, nothing in flight.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> counts.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum));
            }
        }
        return counts;
    }

    private static List<String> duplicates(Map<String, Integer> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue() > 1).map(e -> e.getKey() + " x" + e.getValue()).limit(20).toList();
    }
}
