package io.databroker.enrich.topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import io.databroker.shared.envelope.CloudEvent;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import io.databroker.shared.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.JsonNode;

/** The production topology in a TopologyTestDriver, with a fixed clock and a fresh meter registry. */
final class EnrichTopologyFixture implements AutoCloseable {

    static final Instant NOW = Instant.parse("2025-07-01T12:00:00Z");
    static final long MAX_RECORD_BYTES = 65_536;
    static final Instant RECORD_TIME = Instant.parse("2025-03-01T11:00:00Z");
    static final Duration DEDUP_WINDOW = Duration.ofDays(7);

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final TopologyTestDriver driver;
    final Map<Source, TestInputTopic<byte[], byte[]>> raw = new EnumMap<>(Source.class);
    final Map<Source, TestOutputTopic<String, byte[]>> enriched = new EnumMap<>(Source.class);
    final TestInputTopic<byte[], byte[]> news;
    final TestOutputTopic<String, byte[]> newsEnriched;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    final TestOutputTopic<String, byte[]> papers;
    final TestOutputTopic<String, byte[]> domains;
    private final Path stateDir;

    EnrichTopologyFixture() {
        this(EnrichSettings.DEFAULT_MAX_DOCUMENT_BYTES);
    }

    /** @param maxDocumentBytes enriched documents with larger JSON are dead-lettered */
    EnrichTopologyFixture(long maxDocumentBytes) {
        EnrichSettings settings = new EnrichSettings(MAX_RECORD_BYTES, maxDocumentBytes, DEDUP_WINDOW, "",
                Clock.fixed(NOW, ZoneOffset.UTC), meters);
        Properties config = new Properties();
        config.putAll(EnrichStreamsConfig.of(Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092"), "enrich-test"));
        try {
            stateDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "ttd-state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(EnrichTopology.build(settings), config);
        for (Source source : Source.values()) {
            raw.put(source, driver.createInputTopic(source.rawTopic().name(), new ByteArraySerializer(), new ByteArraySerializer()));
            enriched.put(source, driver.createOutputTopic(source.enrichedTopic().name(), new StringDeserializer(),
                    new ByteArrayDeserializer()));
        }
        news = raw.get(Source.NEWS);
        newsEnriched = enriched.get(Source.NEWS);
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTER_QUEUE.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        papers = driver.createOutputTopic(EnrichTopics.PAPERS.name(), new StringDeserializer(), new ByteArrayDeserializer());
        domains = driver.createOutputTopic(EnrichTopics.DOMAINS.name(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    void pipe(String key, byte[] value, Headers headers) {
        pipe(Source.NEWS, key, value, headers, RECORD_TIME);
    }

    void pipe(String key, String value, Headers headers) {
        pipe(key, value.getBytes(StandardCharsets.UTF_8), headers);
    }

    void pipe(Source source, String key, String value) {
        pipe(source, key, value.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), RECORD_TIME);
    }

    void pipe(Source source, String key, String value, Instant recordTime) {
        pipe(source, key, value.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), recordTime);
    }

    void pipe(Source source, String key, byte[] value, Headers headers, Instant recordTime) {
        raw.get(source).pipeInput(new TestRecord<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value,
                headers, recordTime));
    }

    /** Every enriched document of {@code source} produced so far, parsed. */
    List<JsonNode> documents(Source source) {
        return enriched.get(source).readValuesToList().stream().map(v -> Json.mapper().readTree(v)).toList();
    }

    /** The one enriched document of {@code source}; fails if there is not exactly one. */
    JsonNode onlyDocument(Source source) {
        List<JsonNode> docs = documents(source);
        if (docs.size() != 1) {
            throw new AssertionError("expected exactly one " + source.id() + " document, got " + docs.size() + ": " + docs);
        }
        return docs.get(0);
    }

    static String fixture(String path) {
        try (InputStream in = EnrichTopologyFixture.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Headers envelope(String id, String source, Instant time) {
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.write(new CloudEvent(id, source, "io.databroker.news.item.v1", time), headers);
        return headers;
    }

    static String header(Headers headers, String key) {
        return CloudEventHeaders.text(headers, key);
    }

    double failed(String reason) {
        return count("broker.events.failed", "reason", reason);
    }

    double joins(String source, String join, String result) {
        Counter counter = meters.find("broker.enrich.joins").tag("source", source).tag("join", join).tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    double dedup(String source, String result) {
        Counter counter = meters.find("broker.enrich.dedup").tag("source", source).tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    private double count(String name, String tag, String value) {
        return meters.find(name).tag(tag, value).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> paths = Files.walk(stateDir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + stateDir, e);
        }
    }
}
