package io.databroker.ingest.dns.receive;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.databroker.ingest.dns.dns.DnsWireDecoder;
import io.databroker.ingest.dns.dnstap.DnstapDecoder;
import io.databroker.ingest.dns.ingest.DnstapIngest;
import io.databroker.ingest.dns.ingest.IngestMetrics;
import io.databroker.ingest.dns.pairing.QueryResponsePairer;
import io.databroker.ingest.dns.privacy.ClientAddressAnonymizer;
import io.databroker.ingest.dns.privacy.PrivacyMode;
import io.databroker.ingest.dns.publish.DnsRecordMapper;
import io.databroker.ingest.dns.publish.DnsRecordPublisher;
import io.databroker.shared.json.Json;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The ingest-dns core wired as the service wires it (real producer, real listeners), on the shared test broker,
 * publishing to a topic of its own; plus a read_committed reader of that topic.
 */
final class IngestHarness implements AutoCloseable {

    private static final AtomicInteger TOPICS = new AtomicInteger();

    /** What a test varies; the rest is the service's defaults. */
    record Options(boolean tcp, Path unixSocket, Duration pairingTimeout, boolean pairing, int maxInFlight,
                   int maxConnections, long maxFrameSize, Duration stallTimeout) {

        static Options defaults() {
            return new Options(true, null, Duration.ofSeconds(1), true, 10_000, 64, 256 * 1024, Duration.ofMinutes(10));
        }

        Options unix(Path socket) {
            return new Options(false, socket, pairingTimeout, pairing, maxInFlight, maxConnections, maxFrameSize, stallTimeout);
        }

        Options withoutPairing() {
            return new Options(tcp, unixSocket, pairingTimeout, false, maxInFlight, maxConnections, maxFrameSize, stallTimeout);
        }

        Options maxInFlight(int max) {
            return new Options(tcp, unixSocket, pairingTimeout, pairing, max, maxConnections, maxFrameSize, stallTimeout);
        }

        Options maxConnections(int max) {
            return new Options(tcp, unixSocket, pairingTimeout, pairing, maxInFlight, max, maxFrameSize, stallTimeout);
        }

        Options maxFrameSize(long max) {
            return new Options(tcp, unixSocket, pairingTimeout, pairing, maxInFlight, maxConnections, max, stallTimeout);
        }

        Options stallTimeout(Duration timeout) {
            return new Options(tcp, unixSocket, pairingTimeout, pairing, maxInFlight, maxConnections, maxFrameSize, timeout);
        }
    }

    final String topic;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final IngestMetrics metrics = new IngestMetrics(meters);
    final QueryResponsePairer pairer;
    /** Every producer the publisher asked for, the current one last. */
    final List<AckGatedProducer> producers = new CopyOnWriteArrayList<>();
    final DnsRecordPublisher publisher;
    final DnstapIngest ingest;
    final DnstapReceiver receiver;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();

    private IngestHarness(Options options) {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        topic = "dns_data_it_" + TOPICS.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
        KafkaBroker.shared().createTopic(topic, 4);
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        publisher = new DnsRecordPublisher(() -> {
            AckGatedProducer producer = new AckGatedProducer(producerConfig);
            producers.add(producer);
            return producer;
        }, topic, options.maxInFlight(), options.stallTimeout(), metrics, Clock.systemUTC());
        pairer = options.pairing() ? new QueryResponsePairer(Clock.systemUTC(), options.pairingTimeout(), 10_000) : null;
        ingest = new DnstapIngest(new DnstapDecoder(new DnsWireDecoder()), pairer,
                new DnsRecordMapper(new ClientAddressAnonymizer(PrivacyMode.TRUNCATE, 24, 48, "")), publisher, metrics);
        receiver = new DnstapReceiver(new DnstapReceiver.Settings(
                options.tcp() ? new InetSocketAddress("127.0.0.1", 0) : null, options.unixSocket(), "rw-rw----",
                options.maxConnections(), options.maxFrameSize()), ingest, metrics);
        receiver.start();

        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer = new KafkaConsumer<>(consumerConfig);
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    static IngestHarness start(Options options) {
        return new IngestHarness(options);
    }

    /** The producer the publisher sends with now. */
    AckGatedProducer producer() {
        return producers.get(producers.size() - 1);
    }

    int tcpPort() {
        return receiver.tcpPort();
    }

    /** Every record read so far, after waiting until there are at least {@code count}. */
    List<ConsumerRecord<String, byte[]>> awaitRecords(int count, Duration timeout) {
        return Await.untilValue(timeout, count + " records on " + topic, () -> {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                read.add(record);
            }
            return List.copyOf(read);
        }, records -> records.size() >= count);
    }

    /** Waits until nothing is in flight or waiting for a partner, then returns everything on the topic. */
    List<ConsumerRecord<String, byte[]>> settledRecords(Duration timeout) {
        Await.until(timeout, "pairer and producer to settle", () -> {
            try {
                ingest.expirePending();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return (pairer == null || pairer.pendingCount() == 0) && publisher.inFlight() == 0;
        });
        double published = metrics.publishedCount();
        return awaitRecords((int) published, timeout);
    }

    static JsonNode json(ConsumerRecord<String, byte[]> record) {
        return Json.mapper().readTree(record.value());
    }

    @Override
    public void close() {
        receiver.close();
        consumer.close();
        publisher.close();
    }
}
