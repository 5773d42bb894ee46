package io.databroker.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.databroker.shared.json.Json;
import io.databroker.testsupport.HttpProbe;
import io.databroker.testsupport.SparkSql;
import tools.jackson.databind.JsonNode;

/** What the e2e tests look at: Elasticsearch over HTTP, Delta through Spark SQL, topics read to their end. */
final class Stores {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String elasticsearchUrl;
    private final String kafkaBootstrap;

    Stores(String elasticsearchUrl, String kafkaBootstrap) {
        this.elasticsearchUrl = elasticsearchUrl;
        this.kafkaBootstrap = kafkaBootstrap;
    }

    /** Document count behind an index or alias; -1 while it does not exist yet. */
    long esCount(String indexOrAlias) {
        HttpResponse<String> response = get("/" + indexOrAlias + "/_count");
        if (response.statusCode() == 404) {
            return -1;
        }
        return json(response).path("count").asLong();
    }

    /** Runs a search body against an index or alias and returns the parsed response. */
    JsonNode esSearch(String indexOrAlias, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(elasticsearchUrl + "/" + indexOrAlias + "/_search"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return json(send(request));
    }

    /** {@code count(*)} and {@code count(DISTINCT id)} of a Delta table, read by Spark SQL; null before the table exists. */
    long[] deltaCounts(String tablePath) {
        if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of(tablePath, "_delta_log"))) {
            return null;
        }
        Map<String, Object> row = SparkSql.shared()
                .query("SELECT count(*) AS n, count(DISTINCT id) AS d FROM delta.`" + tablePath + "`").get(0);
        return new long[] {((Number) row.get("n")).longValue(), ((Number) row.get("d")).longValue()};
    }

    /** Every committed record of a topic, read from the beginning to the current end. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        forEachRecord(topic, Duration.ofSeconds(30), records::add);
        return records;
    }

    /**
     * Hands every committed record of a topic, from the beginning to the current end, to {@code each} without keeping
     * them (for topics too large to hold); fails if the end is not reached within {@code timeout}.
     */
    void forEachRecord(String topic, Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }

    /** The value of one metric line (summed over its label sets) from a service's Prometheus scrape. */
    static double scrape(String prometheusUrl, String metricName) {
        return HttpProbe.get(prometheusUrl).body().lines()
                .filter(line -> line.startsWith(metricName + "{") || line.startsWith(metricName + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private HttpResponse<String> get(String path) {
        return HttpProbe.get(elasticsearchUrl + path);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.mapper().readTree(response.body());
    }
}
