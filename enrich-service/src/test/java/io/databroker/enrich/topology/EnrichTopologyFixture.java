package io.databroker.enrich.topology;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import io.databroker.shared.envelope.CloudEvent;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The production topology in a TopologyTestDriver, with a fixed clock and a fresh meter registry. */
final class EnrichTopologyFixture implements AutoCloseable {

    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final long MAX_RECORD_BYTES = 4_096;
    static final Instant RECORD_TIME = Instant.parse("2025-03-01T11:00:00Z");

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> news;
    final TestOutputTopic<String, byte[]> newsEnriched;
    final TestOutputTopic<byte[], byte[]> deadLetters;

    EnrichTopologyFixture() {
        EnrichSettings settings = new EnrichSettings(MAX_RECORD_BYTES, "", Clock.fixed(NOW, ZoneOffset.UTC), meters);
        Properties config = new Properties();
        config.putAll(EnrichStreamsConfig.of(Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092"), "enrich-test"));
        driver = new TopologyTestDriver(EnrichTopology.build(settings), config);
        news = driver.createInputTopic(Topics.NEWS_FEED.name(), new ByteArraySerializer(), new ByteArraySerializer());
        newsEnriched = driver.createOutputTopic(Topics.NEWS_ENRICHED.name(), new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTER_QUEUE.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    void pipe(String key, byte[] value, Headers headers) {
        news.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, headers, RECORD_TIME));
    }

    void pipe(String key, String value, Headers headers) {
        pipe(key, value.getBytes(StandardCharsets.UTF_8), headers);
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
        var counter = meters.find("broker.events.failed").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        driver.close();
    }
}
