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

import io.databroker.hot.bulk.RetryCause;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.KafkaBroker;
import tools.jackson.databind.node.ObjectNode;

/** A node whose write queue is tiny answers 429s to concurrent bulks; every document is still stored, once. */
class BackpressureIT {

    private static final int DOCUMENTS = 3_000;

    private ElasticsearchNode node;
    private HotStoreFixture fixture;

    @BeforeEach
    void setUp() {
        node = ElasticsearchNode.start(ElasticsearchNode.Options.defaults()
                .withSetting("thread_pool.write.size", "1")
                .withSetting("thread_pool.write.queue_size", "1"));
        fixture = new HotStoreFixture(KafkaBroker.shared().bootstrapServers(), node.httpUrl(), 3, Map.of(
                "hot.bulk.max-operations", "50",
                "hot.bulk.max-concurrent-requests", "6",
                "hot.bulk.initial-backoff", "50ms",
                "hot.bulk.max-backoff", "500ms"), List.of(Source.NEWS));
        fixture.installTemplates();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            fixture.close();
        } finally {
            node.close();
        }
    }

    @Test
    void retriesRejectedExecutionsUntilEveryDocumentIsStoredExactlyOnce() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            // Eight event days: each bulk fans out to eight shards, so concurrent bulks overflow the write queue.
            ObjectNode doc = CanonicalDocuments.news("https://example.org/bp/" + i, "Busy " + i,
                    now.minus(Duration.ofHours(i % 192)));
            records.add(Map.entry(doc.get("id").asString(), doc.toString()));
        }
        fixture.produceAll(records);

        HotStoreFixture.Running writer = fixture.startWriter("hot-writer-bp-" + fixture.suffix);
        Await.until(HotStoreFixture.TIMEOUT, "all records to be committed",
                () -> fixture.committedOffset(writer.group()) == DOCUMENTS);

        assertThat(writer.counter(MetricNames.HOT_BULK_RETRIES, MetricNames.TAG_REASON,
                RetryCause.TOO_MANY_REQUESTS.tag())).as("documents re-sent after a 429").isPositive();
        assertThat(fixture.count()).isEqualTo(DOCUMENTS);
        assertThat(writer.counter(MetricNames.EVENTS_FAILED)).isZero();
        assertThat(fixture.deadLetters()).isEmpty();
        assertThat(writer.circuit().isClosed()).as("429s are backpressure, not an outage").isTrue();
    }
}
