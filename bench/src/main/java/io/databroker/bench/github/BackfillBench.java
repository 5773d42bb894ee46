package io.databroker.bench.github;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import io.databroker.bench.Result;
import io.databroker.bench.ThreadCpuSplit;
import io.databroker.ingest.core.http.FetchSettings;
import io.databroker.ingest.core.http.HttpFetcher;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.poll.PollOutcome;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.ingest.github.gharchive.GhArchiveBackfill;
import io.databroker.ingest.github.gharchive.GhArchiveHour;
import io.databroker.ingest.github.gharchive.HourRange;
import io.databroker.ingest.github.gharchive.LineReader;
import io.databroker.ingest.github.metrics.GithubMetrics;
import io.databroker.ingest.github.publish.GithubEventParser;
import io.databroker.ingest.github.publish.GithubProducerConfig;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Events/s of the GH Archive backfill on one large hour file served locally (HTTP, gunzip, line split, validation,
 * transactional publish in chunks with the cursor, on a real in-process broker, with the service's producer
 * settings), against gunzip + line split + the same parse of the same bytes alone, in the same run.
 * {@code bench/run github.BackfillBench [events [chunk-lines]]}.
 */
public final class BackfillBench {

    private static final GhArchiveHour HOUR = GhArchiveHour.parse("2015-01-01-12");
    private static final int MAX_EVENT_BYTES = 1_000_000;
    /** The service's default {@code chunk-lines}. */
    private static final int DEFAULT_CHUNK_LINES = 5000;

    private BackfillBench() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int chunkLines = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_CHUNK_LINES;
        byte[] file = HourFileGenerator.hour(events, 42);
        byte[] warmup = HourFileGenerator.hour(Math.min(events, 50_000), 7);
        long[] uncompressed = {0};
        KafkaBroker broker = KafkaBroker.shared();
        try (FixtureHttpServer http = FixtureHttpServer.start()) {
            // Warm-up: the JIT compiles gunzip, parser and client paths before anything is timed (slowly on 2 cores).
            for (int i = 0; i < 3; i++) {
                parseOnly(warmup, null);
            }
            backfill(broker, http, warmup, "warmup-1", chunkLines, null, null);
            backfill(broker, http, warmup, "warmup-2", chunkLines, null, null);

            ThreadCpuSplit parseCpu = cpuSplit();
            double baseline = events / seconds(() -> parseOnly(file, uncompressed));
            parseCpu.sample();
            ThreadCpuSplit backfillCpu = cpuSplit();
            double[] setupSeconds = {0};
            double measured = events / backfill(broker, http, file, "run", chunkLines, backfillCpu, setupSeconds);
            System.out.printf("backfill of the hour alone %,.0f events/s; with the set-up before it (topics, producer "
                    + "initTransactions, cursor restore: %.2f s) %,.0f events/s%n", measured, setupSeconds[0],
                    events / (events / measured + setupSeconds[0]));
            System.out.println("parse-only CPU by threads: " + parseCpu.perRecord(events));
            System.out.println("backfill CPU by threads:   " + backfillCpu.perRecord(events));
            System.out.printf("hour file: %,d events, %.1f MB gzipped, %.1f MB of JSON (%.0f bytes per event)%n", events,
                    file.length / 1e6, uncompressed[0] / 1e6, (double) uncompressed[0] / events);
            System.out.printf("backfill %,.0f events/s (%.1f MB/s of JSON); absolute target 50,000 events/s: %s%n", measured,
                    measured * uncompressed[0] / events / 1e6, measured >= 50_000 ? "met" : "NOT met");
            new Result("ingest-github backfill: one GH Archive hour of " + String.format("%,d", events)
                    + " events (" + Math.round(file.length / 1e6) + " MB gz) over local HTTP, gunzipped, validated and "
                    + "published in transactions of " + chunkLines + " lines with the cursor",
                    "events/s", measured, "gunzip + line split + the same parse of the same bytes", baseline, 0.70,
                    "bench/run github.BackfillBench " + events + " " + chunkLines).print();
        }
        System.exit(0);
    }

    /**
     * This JVM's CPU by part. The backfill and the parse-only pass both run on the main thread; threads that end
     * before the final sample (the producer's sender closes with the publisher) are counted up to their last sample,
     * so {@link #backfill} samples before it closes anything.
     */
    private static ThreadCpuSplit cpuSplit() {
        Map<String, Predicate<String>> groups = new LinkedHashMap<>();
        groups.put("ours", name -> name.equals("main"));
        groups.put("producer", name -> name.startsWith("kafka-producer-network-thread"));
        groups.put("http-client", name -> name.startsWith("HttpClient-"));
        groups.put("http-server", name -> name.startsWith("fixture-http") || name.startsWith("HTTP-Dispatcher"));
        groups.put("read-ahead", name -> name.startsWith("gharchive-read"));
        groups.put("broker", name -> !name.startsWith("cpu-split-sampler"));
        return new ThreadCpuSplit(groups);
    }

    /** What the backfill does to each line, minus HTTP and Kafka; returns the events parsed. */
    static long parseOnly(byte[] file, long[] uncompressedBytes) throws IOException {
        GithubEventParser parser = new GithubEventParser(MAX_EVENT_BYTES);
        byte[] ingestedAt = GithubEventParser.ingestedAtField(Instant.now());
        LineReader lines = new LineReader(new GZIPInputStream(new ByteArrayInputStream(file), 64 * 1024), 16 << 20);
        long parsed = 0;
        long bytes = 0;
        while (lines.next()) {
            bytes += lines.length() + 1;
            if (parser.parse(lines.buffer(), lines.offset(), lines.length(), ingestedAt).json().length > 0) {
                parsed++;
            }
        }
        if (uncompressedBytes != null) {
            uncompressedBytes[0] = bytes;
        }
        return parsed;
    }

    /**
     * The production backfill of the hour over a fresh topic pair; returns the seconds its poll took (reading the
     * hour and publishing it), which is what a backfill of many hours spends per hour. The set-up a service does once
     * (topics, the producer's {@code initTransactions}, restoring the cursor) is timed into {@code setupSeconds}.
     */
    static double backfill(KafkaBroker broker, FixtureHttpServer http, byte[] file, String label, int chunkLines,
                           ThreadCpuSplit cpu, double[] setupSeconds) throws Exception {
        long setupStart = System.nanoTime();
        String suffix = "-" + label + "-" + UUID.randomUUID();
        String topic = "github_events" + suffix;
        String stateTopic = "broker_ingest_state" + suffix;
        broker.createTopic(topic, 16);
        broker.createTopic(stateTopic, 1, Map.of("cleanup.policy", "compact"));
        String path = "/gharchive" + suffix;
        http.respond(path + "/" + HOUR.fileName(), Response.ok("application/gzip", file));
        Clock clock = Clock.systemUTC();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        IngestMetrics metrics = new IngestMetrics("github", registry, clock);
        FetchSettings fetch = new FetchSettings(Duration.ofSeconds(5), Duration.ofMinutes(30), 4L << 30,
                "data-broker-bench", Duration.ZERO, 1, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));
        Map<String, Object> producer = GithubProducerConfig.of(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), "bench" + suffix);
        try (TransactionalPublisher publisher = new TransactionalPublisher(() -> new KafkaProducer<>(producer), stateTopic)) {
            GhArchiveBackfill backfill = new GhArchiveBackfill(new GhArchiveBackfill.Settings(URI.create(http.url(path)),
                    new HourRange(HOUR, HOUR), chunkLines, 16 << 20, Duration.ofHours(12), Duration.ofMinutes(10), topic, true),
                    new HttpFetcher(fetch, clock, metrics), new GithubEventParser(MAX_EVENT_BYTES), publisher,
                    IngestStateReader.forKafka(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                            stateTopic, Duration.ofSeconds(30)), metrics,
                    new GithubMetrics(registry), clock);
            backfill.start();
            long start = System.nanoTime();
            if (setupSeconds != null) {
                setupSeconds[0] = (start - setupStart) / 1e9;
            }
            PollOutcome outcome;
            // sampled while it runs: the read-ahead thread ends with the file, the producer's with the publisher
            try (AutoCloseable sampling = cpu == null ? () -> { } : cpu.sampleEvery(100)) {
                outcome = backfill.poll();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!backfill.finished()) {
                throw new IllegalStateException("the hour did not complete: " + outcome);
            }
            return seconds;
        }
    }

    /** Seconds one run of {@code work} takes. */
    private static double seconds(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    @FunctionalInterface
    private interface Work {
        Object run() throws Exception;
    }
}
