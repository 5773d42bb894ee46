package io.databroker.hot.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.databroker.shared.deadletter.DeadLetterHeaders;
import io.databroker.shared.json.Json;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.KafkaBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The writer core against a real broker and a real Elasticsearch node: what is stored, what is dead-lettered. */
class HotWriterIT {

    private static final int DOCUMENTS = 40;

    private HotStoreFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new HotStoreFixture(KafkaBroker.shared().bootstrapServers(), ElasticsearchNode.shared().httpUrl(), 3);
        fixture.installTemplates();
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void indexesEveryDocumentIntoItsDailyIndexAndCommitsAfterwards() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < DOCUMENTS; i++) {
            // Two event days, so two daily indices behind one alias; every other title is about quasars.
            Instant eventTime = now.minus(Duration.ofDays(i % 2));
            String title = (i % 2 == 0 ? "Quasars observed again, number " : "Weather report number ") + i;
            produce(CanonicalDocuments.news("https://example.org/a/" + i, title, eventTime));
        }

        HotStoreFixture.Running writer = fixture.startWriter("hot-writer-" + fixture.suffix);
        awaitCommitted(writer);

        assertThat(fixture.count()).isEqualTo(DOCUMENTS);
        JsonNode quasars = fixture.search("{\"query\":{\"match\":{\"title\":\"quasars\"}},\"size\":100}");
        assertThat(quasars.at("/hits/total/value").asLong()).isEqualTo(DOCUMENTS / 2);
        assertThat(indicesOf(quasars)).containsExactly(fixture.router.index(Source.NEWS,
                java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC)));
        JsonNode everything = fixture.search("{\"query\":{\"match_all\":{}},\"size\":100}");
        assertThat(indicesOf(everything)).hasSize(2);
        assertThat(writer.counter(MetricNames.EVENTS_PROCESSED, MetricNames.TAG_SOURCE, "news",
                MetricNames.TAG_STAGE, "indexed")).isEqualTo(DOCUMENTS);
        assertThat(writer.registry().find(MetricNames.PIPELINE_LATENCY).timer().count()).isEqualTo(DOCUMENTS);
        assertThat(writer.registry().find(MetricNames.HOT_BULK_DURATION).tag(MetricNames.TAG_RESULT, "success")
                .timer().count()).isPositive();
        assertThat(fixture.deadLetters()).isEmpty();
    }

    @Test
    void redeliveredDocumentsOverwriteThemselves() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < DOCUMENTS; i++) {
            produce(CanonicalDocuments.news("https://example.org/r/" + i, "Story " + i, now.minus(Duration.ofHours(i))));
        }
        HotStoreFixture.Running first = fixture.startWriter("hot-writer-first-" + fixture.suffix);
        awaitCommitted(first);
        assertThat(fixture.count()).isEqualTo(DOCUMENTS);
        first.stop();

        // A new consumer group reads the topic from the beginning: every document is delivered a second time.
        HotStoreFixture.Running second = fixture.startWriter("hot-writer-second-" + fixture.suffix);
        awaitCommitted(second);

        assertThat(second.counter(MetricNames.EVENTS_PROCESSED, MetricNames.TAG_STAGE, "indexed")).isEqualTo(DOCUMENTS);
        assertThat(fixture.count()).isEqualTo(DOCUMENTS);
    }

    @Test
    void deadLettersWhatCannotBeStoredAndIndexesItsNeighbours() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        produce(CanonicalDocuments.news("https://example.org/n/1", "First neighbour", now));
        ObjectNode conflicting = CanonicalDocuments.news("https://example.org/n/bad-date", "Bad date", now);
        conflicting.put("published", "not-a-date");
        produce(conflicting);
        produce(CanonicalDocuments.news("https://example.org/n/2", "Second neighbour", now));
        fixture.produce("not-json", "{\"id\": \"news:x\", \"event_date\": ");
        ObjectNode noEventDate = CanonicalDocuments.news("https://example.org/n/no-date", "No event date", now);
        noEventDate.remove("event_date");
        produce(noEventDate);
        produce(CanonicalDocuments.news("https://example.org/n/old", "Old news", now.minus(Duration.ofDays(30))));
        produce(CanonicalDocuments.news("https://example.org/n/3", "Third neighbour", now));
        // Pretty-printed JSON must not break the bulk API's one-document-per-line framing.
        ObjectNode pretty = CanonicalDocuments.news("https://example.org/n/4", "Fourth neighbour", now);
        fixture.produce(pretty.get("id").asString(), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(pretty));

        HotStoreFixture.Running writer = fixture.startWriter("hot-writer-" + fixture.suffix);
        awaitCommitted(writer);

        assertThat(fixture.count()).isEqualTo(4);
        assertThat(titles(fixture.search("{\"query\":{\"match_all\":{}},\"size\":100}")))
                .containsExactlyInAnyOrder("First neighbour", "Second neighbour", "Third neighbour", "Fourth neighbour");

        Map<String, ConsumerRecord<byte[], byte[]>> deadLetters = fixture.deadLetters().stream().collect(
                Collectors.toMap(r -> HotStoreFixture.header(r, DeadLetterHeaders.REASON), r -> r));
        assertThat(deadLetters).containsOnlyKeys("document_rejected", "malformed", "schema_violation");

        ConsumerRecord<byte[], byte[]> rejected = deadLetters.get("document_rejected");
        assertThat(HotStoreFixture.header(rejected, DeadLetterHeaders.STAGE)).isEqualTo("hot-writer/bulk");
        assertThat(HotStoreFixture.header(rejected, DeadLetterHeaders.EXCEPTION_MESSAGE))
                .contains("failed to parse field [published] of type [date]");
        assertThat(new String(rejected.value(), StandardCharsets.UTF_8)).isEqualTo(conflicting.toString());
        assertThat(new String(rejected.key(), StandardCharsets.UTF_8)).isEqualTo(conflicting.get("id").asString());
        assertThat(HotStoreFixture.header(deadLetters.get("malformed"), DeadLetterHeaders.STAGE)).isEqualTo("hot-writer/parse");
        assertThat(HotStoreFixture.header(deadLetters.get("schema_violation"), DeadLetterHeaders.EXCEPTION_MESSAGE))
                .contains("'event_date' is missing");

        assertThat(writer.counter(MetricNames.EVENTS_SKIPPED, MetricNames.TAG_REASON, "outside_hot_window")).isEqualTo(1);
        assertThat(writer.counter(MetricNames.EVENTS_FAILED, MetricNames.TAG_REASON, "document_rejected")).isEqualTo(1);
        assertThat(writer.counter(MetricNames.EVENTS_PROCESSED, MetricNames.TAG_STAGE, "indexed")).isEqualTo(4);
    }

    private void produce(ObjectNode document) {
        fixture.produce(document.get("id").asString(), document.toString());
    }

    private void awaitCommitted(HotStoreFixture.Running writer) {
        long end = fixture.endOffset();
        Await.until(HotStoreFixture.TIMEOUT, writer.group() + " to commit offset " + end + " of " + fixture.topic,
                () -> fixture.committedOffset(writer.group()) == end);
    }

    private static List<String> indicesOf(JsonNode searchResponse) {
        return searchResponse.at("/hits/hits").valueStream().map(hit -> hit.get("_index").asString()).distinct().toList();
    }

    private static List<String> titles(JsonNode searchResponse) {
        return searchResponse.at("/hits/hits").valueStream().map(hit -> hit.at("/_source/title").asString()).toList();
    }
}
