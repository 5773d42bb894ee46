package io.databroker.hot.pipeline;

import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.databroker.hot.bulk.IndexAction;
import io.databroker.shared.topic.Source;

/**
 * A record on its way into Elasticsearch: the bulk operation's context, handed back with its outcome.
 *
 * @param record    the original record (its bytes become a dead letter if Elasticsearch rejects the document)
 * @param source    whose canonical document it is
 * @param offsets   where to acknowledge it
 * @param action    the index operation, re-submitted as is after a transient failure
 * @param eventTime the document's {@code event_time}, for the pipeline latency; null when absent or unparsable
 * @param attempt   how many times it was sent before (0 on the first submission)
 */
record PendingDocument(ConsumerRecord<byte[], byte[]> record, Source source, PartitionOffsets offsets,
                       IndexAction action, Instant eventTime, int attempt) {

    /** This document for its next attempt. */
    PendingDocument retried() {
        return new PendingDocument(record, source, offsets, action, eventTime, attempt + 1);
    }

    void acknowledge() {
        offsets.acknowledged(record.offset());
    }
}
