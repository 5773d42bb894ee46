package io.databroker.hot.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.databroker.shared.metrics.MetricNames;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.KafkaBroker;
import io.micrometer.core.instrument.Timer;

/** At-least-once through an Elasticsearch outage: nothing is committed, skipped or dead-lettered while it is down. */
class ElasticsearchOutageIT {

    private ElasticsearchNode node;
    private HotStoreFixture fixture;

    @BeforeEach
    void setUp() {
        node = ElasticsearchNode.start(ElasticsearchNode.Options.defaults());
        fixture = new HotStoreFixture(KafkaBroker.shared().bootstrapServers(), node.httpUrl(), 2);
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
    void retriesTheSameBatchWithoutCommittingUntilElasticsearchIsBack() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 5; i++) {
            produce("https://example.org/o/" + i, now);
        }
        HotStoreFixture.Running writer = fixture.startWriter("hot-writer-" + fixture.suffix);
        Await.until(HotStoreFixture.TIMEOUT, "the first 5 documents to be committed",
                () -> fixture.committedOffset(writer.group()) == 5);

        node.stop();
        for (int i = 5; i < 10; i++) {
            produce("https://example.org/o/" + i, now);
        }
        Await.until(HotStoreFixture.TIMEOUT, "a failed bulk request while Elasticsearch is down",
                () -> failedBulkRequests(writer) >= 2);

        assertThat(fixture.committedOffset(writer.group())).as("offsets committed during the outage").isEqualTo(5);
        assertThat(writer.counter(MetricNames.EVENTS_PROCESSED, MetricNames.TAG_STAGE, "indexed")).isEqualTo(5);
        assertThat(fixture.deadLetters()).isEmpty();

        node.restart();
        Await.until(HotStoreFixture.TIMEOUT, "all 10 documents to be committed after the restart",
                () -> fixture.committedOffset(writer.group()) == 10);
        assertThat(fixture.count()).isEqualTo(10);
        assertThat(writer.counter(MetricNames.EVENTS_PROCESSED, MetricNames.TAG_STAGE, "indexed")).isEqualTo(10);
        assertThat(fixture.deadLetters()).isEmpty();
    }

    private void produce(String link, Instant eventTime) {
        var document = NewsDocuments.news(link, "Outage story " + link, eventTime);
        fixture.produce(document.get("id").asString(), document.toString());
    }

    private static long failedBulkRequests(HotStoreFixture.Running writer) {
        Timer failed = writer.registry().find(MetricNames.HOT_BULK_DURATION).tag(MetricNames.TAG_RESULT, "failure").timer();
        return failed == null ? 0 : failed.count();
    }
}
