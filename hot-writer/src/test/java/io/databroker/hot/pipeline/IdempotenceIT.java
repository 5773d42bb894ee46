package io.databroker.hot.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.KafkaBroker;
import tools.jackson.databind.node.ObjectNode;

/** At-least-once delivery into an exactly-once store: duplicates and a restart mid-run leave each document once. */
class IdempotenceIT {

    private static final Logger log = LoggerFactory.getLogger(IdempotenceIT.class);
    private static final int DOCUMENTS = 10_000;

    private HotStoreFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new HotStoreFixture(KafkaBroker.shared().bootstrapServers(), ElasticsearchNode.shared().httpUrl(), 3,
                Map.of("hot.bulk.max-operations", "500", "hot.bulk.max-concurrent-requests", "3"), List.of(Source.NEWS));
        fixture.installTemplates();
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void tenThousandRecordsDeliveredTwiceWithARestartInTheMiddleAreTenThousandDocuments() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            // Spread over five event days: five daily indices behind the alias.
            ObjectNode doc = CanonicalDocuments.news("https://example.org/idem/" + i, "Story " + i,
                    now.minus(Duration.ofHours(i % 120)));
            records.add(Map.entry(doc.get("id").asString(), doc.toString()));
        }
        String group = "hot-writer-idem-" + fixture.suffix;
        fixture.produceAll(records);

        HotStoreFixture.Running first = fixture.startWriter(group);
        Await.until(HotStoreFixture.TIMEOUT, "part of the first delivery to be committed",
                () -> fixture.committedOffset(group) >= DOCUMENTS / 4);
        first.stop();
        log.info("restarted after {} of {} records were committed", fixture.committedOffset(group), DOCUMENTS);

        // The same 10k records a second time (a producer retry, a replay), read by the restarted consumer.
        fixture.produceAll(records);
        HotStoreFixture.Running second = fixture.startWriter(group);
        Await.until(HotStoreFixture.TIMEOUT, "both deliveries to be committed",
                () -> fixture.committedOffset(group) == 2L * DOCUMENTS);

        assertThat(fixture.count()).isEqualTo(DOCUMENTS);
        double stored = indexed(first) + indexed(second);
        assertThat(stored).as("documents written, overwrites included").isGreaterThanOrEqualTo(DOCUMENTS + DOCUMENTS);
        // Below precision_threshold the cardinality aggregation is exact: one document per id, in one daily index.
        assertThat(fixture.search("{\"size\":0,\"aggs\":{\"ids\":{\"cardinality\":{\"field\":\"id\","
                + "\"precision_threshold\":40000}}}}").at("/aggregations/ids/value").asLong()).isEqualTo(DOCUMENTS);
        assertThat(fixture.deadLetters()).isEmpty();
    }

    private static double indexed(HotStoreFixture.Running writer) {
        return writer.counter(MetricNames.EVENTS_PROCESSED, MetricNames.TAG_SOURCE, "news",
                MetricNames.TAG_STAGE, "indexed");
    }
}
