package io.databroker.ingest.github.publish;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;

import io.databroker.ingest.core.publish.TransactionalPublisher;

/**
 * The producer settings both modes publish with, in one place so the benchmark measures what the service runs:
 * transactional and idempotent (ARCHITECTURE §4), plus batching and lz4 for the backfill's bulk (an hour is ~200k
 * events of ~2 KB of JSON that compress several-fold). Settings already in {@code base} (an operator's
 * {@code spring.kafka.producer.*}) win over the batching defaults, never over the guarantees.
 */
public final class GithubProducerConfig {

    /** A chunk streams while its file downloads; allow a slow one 5 minutes (the broker allows up to 15). */
    static final int TRANSACTION_TIMEOUT_MS = 300_000;

    private GithubProducerConfig() {
    }

    public static Map<String, Object> of(Map<String, Object> base, String transactionalId) {
        Map<String, Object> config = new HashMap<>(base);
        config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // Transactions follow each other back to back (a chunk every few thousand lines): the first sends of the next
        // one often meet the previous one's markers still being written (CONCURRENT_TRANSACTIONS, then retriable
        // out-of-order sequences under transactions v2, KAFKA-18202) and are retried; waiting Kafka's default
        // 100 ms (growing to 1 s) for each of those would idle the backfill for most of every chunk.
        config.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        config.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        return TransactionalPublisher.transactionalProducerConfig(config, transactionalId);
    }
}
