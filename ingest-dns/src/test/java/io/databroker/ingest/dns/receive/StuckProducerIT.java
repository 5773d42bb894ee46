package io.databroker.ingest.dns.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.databroker.ingest.dns.ingest.DropReason;
import io.databroker.ingest.dns.ingest.ProducerReplacement;
import io.databroker.ingest.dns.publish.DnsRecord;
import io.databroker.shared.envelope.CloudEvent;
import io.databroker.shared.topic.Source;
import io.databroker.testsupport.Await;

/**
 * A producer that never acknowledges (the idempotent producer once seen retrying OUT_OF_ORDER_SEQUENCE_NUMBER without
 * end) must not hold the in-flight permits, and with them every dnstap sender, for good: the publisher's watchdog
 * replaces it, counts it, and publishing goes on with the new producer.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StuckProducerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_IN_FLIGHT = 3;

    @Test
    void aProducerThatAcknowledgesNothingIsReplacedAndPublishingGoesOn() throws Exception {
        try (IngestHarness harness = IngestHarness.start(IngestHarness.Options.defaults().withoutPairing()
                .maxInFlight(MAX_IN_FLIGHT).stallTimeout(Duration.ofSeconds(2)))) {
            AckGatedProducer stuck = harness.producer();
            stuck.closeGate();
            for (int i = 0; i < MAX_IN_FLIGHT; i++) {
                harness.publisher.publish(record("stuck-" + i));
            }
            assertThat(harness.publisher.inFlight()).as("every permit held by the stuck producer").isEqualTo(MAX_IN_FLIGHT);
            harness.publisher.checkProducer();
            assertThat(harness.producers).as("not replaced before the stall timeout").containsExactly(stuck);

            // The watchdog runs periodically in the service; here the test is its clock.
            Await.until(TIMEOUT, "the stuck producer to be replaced", () -> {
                harness.publisher.checkProducer();
                return harness.metrics.producerReplacedCount(ProducerReplacement.STALLED) == 1;
            });
            assertThat(harness.producers).hasSize(2);
            assertThat(harness.publisher.inFlight()).as("closing the stuck producer completed what it owed").isZero();
            assertThat(harness.publisher.lastError()).isEqualTo("ProducerStalled");

            for (int i = 0; i < MAX_IN_FLIGHT * 2; i++) {
                harness.publisher.publish(record("after-" + i));
            }
            harness.publisher.flush();
            assertThat(harness.awaitRecords(MAX_IN_FLIGHT * 3, TIMEOUT)).extracting(r -> r.key())
                    .as("the stuck producer's records had reached the broker; the new one's follow")
                    .containsExactlyInAnyOrder("stuck-0", "stuck-1", "stuck-2",
                            "after-0", "after-1", "after-2", "after-3", "after-4", "after-5");
            assertThat(harness.metrics.producerReplacedCount(ProducerReplacement.FATAL_ERROR)).isZero();
            assertThat(harness.metrics.droppedCount(DropReason.PUBLISH_FAILED)).isZero();
            assertThat(harness.publisher.healthy()).isTrue();
        }
    }

    private static DnsRecord record(String qname) {
        byte[] value = ("{\"qname\":\"" + qname + "\"}").getBytes(StandardCharsets.UTF_8);
        return new DnsRecord(qname, value, new CloudEvent("dns:" + qname, "/ingest-dns/test", Source.DNS.eventType(), Instant.now()));
    }
}
