package io.databroker.hot.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class AcknowledgedOffsetsTest {

    private static final TopicPartition P0 = new TopicPartition("news_enriched", 0);
    private static final TopicPartition P1 = new TopicPartition("news_enriched", 1);

    private final AcknowledgedOffsets offsets = new AcknowledgedOffsets();

    @Test
    void commitsNothingBeforeTheFirstRecord() {
        offsets.assigned(P0);

        assertThat(offsets.progress()).isEmpty();
    }

    @Test
    void commitsAfterTheLastRecordWhenEverythingIsAcknowledgedInOrder() {
        PartitionOffsets p0 = offsets.assigned(P0);
        receive(p0, 10, 11, 12);
        acknowledge(p0, 10, 11, 12);

        assertThat(offsets.progress()).containsExactly(Map.entry(P0, new OffsetAndMetadata(13)));
    }

    /**
     * An enriched topic is written in transactions: after the last record comes a commit marker, which the consumer
     * skips without returning a record. The commit must move past it, or the group's lag stays 1 per partition for
     * good (seen in ChaosIT: hot-writer lag 59 = one per partition of the four enriched topics).
     */
    @Test
    void commitsPastATransactionMarkerTheConsumerReadBeyondTheLastRecord() {
        PartitionOffsets p0 = offsets.assigned(P0);
        PartitionOffsets p1 = offsets.assigned(P1);
        receive(p0, 10, 11, 12);
        receive(p1, 4);
        acknowledge(p0, 10, 11, 12);
        // The consumer's positions: past the marker at 13 on P0; P1's record 4 is still in flight.
        offsets.readUpTo(partition -> partition.equals(P0) ? 14 : 6);

        assertThat(offsets.progress()).containsOnly(Map.entry(P0, new OffsetAndMetadata(14)), Map.entry(P1, new OffsetAndMetadata(4)));

        acknowledge(p1, 4);
        assertThat(offsets.progress()).containsOnly(Map.entry(P0, new OffsetAndMetadata(14)), Map.entry(P1, new OffsetAndMetadata(6)));
    }

    @Test
    void aPositionBeforeTheFirstRecordCommitsNothing() {
        offsets.assigned(P0);
        offsets.readUpTo(partition -> 5);

        assertThat(offsets.progress()).isEmpty();
    }

    @Test
    void neverCommitsPastARecordStillInFlightWhenALaterBulkCompletesFirst() {
        PartitionOffsets p0 = offsets.assigned(P0);
        receive(p0, 0, 1, 2, 3, 4, 5);
        // Bulk B (3..5) completes before bulk A (0..2).
        acknowledge(p0, 3, 4, 5);

        assertThat(offsets.progress()).containsExactly(Map.entry(P0, new OffsetAndMetadata(0)));

        acknowledge(p0, 0, 1);
        assertThat(offsets.progress()).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));

        acknowledge(p0, 2);
        assertThat(offsets.progress()).containsExactly(Map.entry(P0, new OffsetAndMetadata(6)));
    }

    @Test
    void aRecordWaitingForARetryHoldsBackItsPartitionOnly() {
        PartitionOffsets p0 = offsets.assigned(P0);
        PartitionOffsets p1 = offsets.assigned(P1);
        receive(p0, 7, 8, 9);
        receive(p1, 3, 4);
        acknowledge(p0, 7, 9);
        acknowledge(p1, 3, 4);

        assertThat(offsets.progress()).containsOnly(
                Map.entry(P0, new OffsetAndMetadata(8)), Map.entry(P1, new OffsetAndMetadata(5)));
        assertThat(offsets.pending()).isEqualTo(1);
    }

    @Test
    void offsetGapsFromTransactionMarkersDoNotHoldAnythingBack() {
        PartitionOffsets p0 = offsets.assigned(P0);
        // 2 and 5 are transaction markers: the consumer never returns them.
        receive(p0, 0, 1, 3, 4, 6);
        acknowledge(p0, 0, 1, 3, 4, 6);

        assertThat(offsets.progress()).containsExactly(Map.entry(P0, new OffsetAndMetadata(7)));
    }

    @Test
    void offersOnlyProgressSinceTheLastCommit() {
        PartitionOffsets p0 = offsets.assigned(P0);
        receive(p0, 0, 1);
        acknowledge(p0, 0, 1);
        offsets.committed(offsets.progress());

        assertThat(offsets.progress()).isEmpty();

        receive(p0, 2);
        assertThat(offsets.progress()).isEmpty();
        acknowledge(p0, 2);
        assertThat(offsets.progress()).containsExactly(Map.entry(P0, new OffsetAndMetadata(3)));
    }

    @Test
    void offersAPositionAgainAfterItsAsynchronousCommitFailed() {
        PartitionOffsets p0 = offsets.assigned(P0);
        receive(p0, 0);
        acknowledge(p0, 0);
        Map<TopicPartition, OffsetAndMetadata> first = offsets.progress();
        offsets.committed(first);

        offsets.commitFailed(first);

        assertThat(offsets.progress()).isEqualTo(first);
    }

    @Test
    void ignoresAcknowledgementsOfOffsetsItNeverReceived() {
        PartitionOffsets p0 = offsets.assigned(P0);
        receive(p0, 5);
        acknowledge(p0, 4, 6);

        assertThat(offsets.progress()).containsExactly(Map.entry(P0, new OffsetAndMetadata(5)));
    }

    @Test
    void forgetsRevokedPartitionsAndIgnoresTheirLateOutcomes() {
        PartitionOffsets old = offsets.assigned(P0);
        receive(old, 0, 1);
        offsets.revoked(List.of(P0));

        acknowledge(old, 0, 1);

        assertThat(old.isDetached()).isTrue();
        assertThat(offsets.progress()).isEmpty();
        assertThatThrownBy(() -> offsets.of(P0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aReassignedPartitionStartsFreshFromWhatTheConsumerReadsNext() {
        PartitionOffsets old = offsets.assigned(P0);
        receive(old, 0, 1, 2);
        acknowledge(old, 0);
        offsets.committed(offsets.progress());
        offsets.revoked(List.of(P0));

        // Re-assigned: the consumer resumes from the committed offset 1.
        PartitionOffsets fresh = offsets.assigned(P0);
        acknowledge(old, 1, 2);
        receive(fresh, 1, 2);

        assertThat(offsets.progress()).containsExactly(Map.entry(P0, new OffsetAndMetadata(1)));
        acknowledge(fresh, 1, 2);
        assertThat(offsets.progress()).containsExactly(Map.entry(P0, new OffsetAndMetadata(3)));
    }

    @Test
    void restrictsProgressToTheGivenPartitions() {
        PartitionOffsets p0 = offsets.assigned(P0);
        PartitionOffsets p1 = offsets.assigned(P1);
        receive(p0, 0);
        receive(p1, 0);
        acknowledge(p0, 0);
        acknowledge(p1, 0);

        assertThat(offsets.progress(List.of(P1))).containsExactly(Map.entry(P1, new OffsetAndMetadata(1)));
    }

    private static void receive(PartitionOffsets partition, long... received) {
        for (long offset : received) {
            partition.received(offset);
        }
    }

    private static void acknowledge(PartitionOffsets partition, long... acknowledged) {
        for (long offset : acknowledged) {
            partition.acknowledged(offset);
        }
    }
}
