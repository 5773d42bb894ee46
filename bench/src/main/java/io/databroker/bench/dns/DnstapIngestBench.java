package io.databroker.bench.dns;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.databroker.bench.Result;
import io.databroker.ingest.dns.dns.DnsWireDecoder;
import io.databroker.ingest.dns.dnstap.DnstapDecoder;
import io.databroker.ingest.dns.framestream.Frame;
import io.databroker.ingest.dns.framestream.FrameStreamReader;
import io.databroker.ingest.dns.ingest.DnstapIngest;
import io.databroker.ingest.dns.ingest.IngestMetrics;
import io.databroker.ingest.dns.pairing.DnsExchange;
import io.databroker.ingest.dns.pairing.QueryResponsePairer;
import io.databroker.ingest.dns.privacy.ClientAddressAnonymizer;
import io.databroker.ingest.dns.privacy.PrivacyMode;
import io.databroker.ingest.dns.publish.DnsRecordMapper;
import io.databroker.ingest.dns.publish.DnsRecordPublisher;
import io.databroker.ingest.dns.receive.CaptureFileReplayer;
import io.databroker.testsupport.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * ingest-dns throughput: dnstap frames per second read from a large capture file, decoded (Frame Streams, dnstap
 * protobuf, DNS wire format), paired, mapped to JSON and published to a real KRaft broker (in this JVM, 32
 * partitions, the service's producer settings) until every record is acknowledged — against decoding the same file
 * alone (framing + dnstap + DNS, no pairing, mapping or Kafka) in the same run.
 *
 * <p>{@code bench/run dns.DnstapIngestBench [frames [linger.ms [compression.type]]]} (defaults: 1 000 000 frames =
 * 500 000 query/response pairs, and the service's producer settings).
 */
public final class DnstapIngestBench {

    private static final long MAX_FRAME = 256 * 1024;

    private DnstapIngestBench() {
    }

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        // Producer settings to compare against the service's defaults (application.yaml): linger.ms, compression.type.
        String linger = args.length > 1 ? args[1] : "50";
        String compression = args.length > 2 ? args[2] : "lz4";
        Path root = Path.of(System.getProperty("databroker.build.root", ".")).toAbsolutePath();
        Path work = root.resolve("bench/target/dns-bench");
        Path capture = work.resolve("client-traffic-" + frames + ".fstrm");
        if (!Files.exists(capture)) {
            System.out.printf("writing %s ...%n", capture);
            CaptureFileGenerator.write(capture, frames);
        }
        System.out.printf(Locale.ROOT, "capture: %,d frames, %,d bytes%n", frames, Files.size(capture));

        decodeOnly(capture); // warm-up: JIT the decoder before anything is timed
        decodePairMap(capture);
        long cpu = processCpuNanos();
        long decodeNanos = decodeOnly(capture);
        double decodeRate = frames / (decodeNanos / 1e9);
        System.out.printf(Locale.ROOT, "decode only: %,.0f frames/s (%.1f µs CPU per frame)%n", decodeRate,
                (processCpuNanos() - cpu) / 1e3 / frames);

        cpu = processCpuNanos();
        double mapRate = frames / (decodePairMap(capture) / 1e9);
        System.out.printf(Locale.ROOT, "decode + pair + map to JSON, no Kafka: %,.0f frames/s (%.1f µs CPU per frame)%n",
                mapRate, (processCpuNanos() - cpu) / 1e3 / frames);

        double publishRate;
        Path kafkaDir = work.resolve("kafka-" + System.currentTimeMillis());
        try (KafkaBroker broker = KafkaBroker.start(0, kafkaDir)) {
            broker.createTopic("dns_data", 32);
            cpu = processCpuNanos();
            publishRate = decodeAndPublish(broker, capture, frames, linger, compression);
            System.out.printf(Locale.ROOT, "  %.1f µs CPU per frame, broker included%n", (processCpuNanos() - cpu) / 1e3 / frames);
        }
        deleteRecursively(kafkaDir);

        new Result("ingest-dns: capture file → decode, pair, map, publish to dns_data (" + String.format(Locale.ROOT, "%,d", frames)
                + " frames, acks=all, in-JVM broker)", "frames/s", publishRate,
                "decoding alone (framing + dnstap + DNS)", decodeRate, Double.NaN,
                "bench/run dns.DnstapIngestBench " + frames + " " + linger + " " + compression).print();
    }

    /** Reads and decodes every frame; returns the elapsed nanoseconds. */
    private static long decodeOnly(Path capture) throws IOException {
        DnstapDecoder decoder = new DnstapDecoder(new DnsWireDecoder());
        long started = System.nanoTime();
        long checksum = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(capture), 256 * 1024)) {
            FrameStreamReader reader = new FrameStreamReader(in, MAX_FRAME);
            for (Frame frame = reader.next(); frame != null; frame = reader.next()) {
                if (frame instanceof Frame.Data data) {
                    checksum += decoder.decode(data.payload()).primary().id();
                }
            }
        }
        long elapsed = System.nanoTime() - started;
        if (checksum == 42) {
            System.out.println(); // keeps the decoded values alive for the JIT
        }
        return elapsed;
    }

    /** Decode, pair and map every frame to its record (JSON, id, envelope), without Kafka; returns elapsed nanoseconds. */
    private static long decodePairMap(Path capture) throws IOException {
        DnstapDecoder decoder = new DnstapDecoder(new DnsWireDecoder());
        QueryResponsePairer pairer = new QueryResponsePairer(Clock.systemUTC(), Duration.ofSeconds(5), 100_000);
        DnsRecordMapper mapper = new DnsRecordMapper(new ClientAddressAnonymizer(PrivacyMode.TRUNCATE, 24, 48, ""));
        long started = System.nanoTime();
        long bytes = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(capture), 256 * 1024)) {
            FrameStreamReader reader = new FrameStreamReader(in, MAX_FRAME);
            for (Frame frame = reader.next(); frame != null; frame = reader.next()) {
                if (frame instanceof Frame.Data data) {
                    for (DnsExchange exchange : pairer.offer(decoder.decode(data.payload()))) {
                        bytes += mapper.map(exchange).value().length;
                    }
                }
            }
        }
        long elapsed = System.nanoTime() - started;
        System.out.printf(Locale.ROOT, "  (%,d bytes of JSON)%n", bytes);
        return elapsed;
    }

    /** The service's own path (CaptureFileReplayer → DnstapIngest → DnsRecordPublisher), timed until all acks are in. */
    private static double decodeAndPublish(KafkaBroker broker, Path capture, int frames, String linger, String compression)
            throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        // As ingest-dns's application.yaml and DnsConfiguration set them.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.LINGER_MS_CONFIG, linger);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        IngestMetrics metrics = new IngestMetrics(meters);
        try (DnsRecordPublisher publisher = new DnsRecordPublisher(() -> new KafkaProducer<>(config), "dns_data", 10_000,
                Duration.ofSeconds(90), metrics, Clock.systemUTC())) {
            DnstapIngest ingest = new DnstapIngest(new DnstapDecoder(new DnsWireDecoder()),
                    new QueryResponsePairer(Clock.systemUTC(), Duration.ofSeconds(5), 100_000),
                    new DnsRecordMapper(new ClientAddressAnonymizer(PrivacyMode.TRUNCATE, 24, 48, "")), publisher, metrics);
            long[] inFlightSamples = {0, 0};
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    inFlightSamples[0] += publisher.inFlight();
                    inFlightSamples[1]++;
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            long started = System.nanoTime();
            sampler.start();
            new CaptureFileReplayer(ingest, MAX_FRAME).replay(capture);
            ingest.flush();
            long elapsed = System.nanoTime() - started;
            sampler.interrupt();
            System.out.printf(Locale.ROOT, "  records in flight: %,.0f on average (limit 10,000)%n",
                    inFlightSamples[1] == 0 ? 0.0 : (double) inFlightSamples[0] / inFlightSamples[1]);
            double rate = frames / (elapsed / 1e9);
            System.out.printf(Locale.ROOT, "decode + publish: %,.0f frames/s, %,.0f records acknowledged, %,.0f paired, %,.0f failed%n",
                    rate, metrics.publishedCount(), meters.get(IngestMetrics.PAIRING).tag("result", "paired").counter().count(),
                    meters.get("broker.events.failed").tag("reason", "publish_failed").counter().count());
            return rate;
        }
    }

    /** CPU time of this whole JVM (every thread, the in-JVM broker's too): the machine is shared, wall time is not all ours. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
