package io.databroker.shared.metrics;

/**
 * Metric names of ARCHITECTURE §10 in dotted Micrometer form; the Prometheus registry adds the unit and
 * {@code _total} suffixes, e.g. {@code broker.events.processed} → {@code broker_events_processed_total}.
 */
public final class MetricNames {

    /** Counter, tags service, source, stage. */
    public static final String EVENTS_PROCESSED = "broker.events.processed";
    /** Counter, tags service, source, stage, reason. */
    public static final String EVENTS_FAILED = "broker.events.failed";
    /** Timer with histogram: event time → stored. Tags service, source. */
    public static final String PIPELINE_LATENCY = "broker.pipeline.latency";
    /** Counter, tags service, source, reason: records deliberately not stored (e.g. outside the hot window). */
    public static final String EVENTS_SKIPPED = "broker.events.skipped";

    public static final String HOT_BULK_DURATION = "broker.hot.bulk.duration";
    /** Distribution summary, tag service: documents per bulk request. */
    public static final String HOT_BULK_DOCUMENTS = "broker.hot.bulk.documents";
    /** Distribution summary (bytes), tag service: size of each bulk request's documents. */
    public static final String HOT_BULK_BYTES = "broker.hot.bulk.bytes";
    /** Counter, tags service, reason: documents re-sent after a transient failure (429, 5xx, connection). */
    public static final String HOT_BULK_RETRIES = "broker.hot.bulk.retries";
    /** Counter, tags service, source, index: documents acknowledged per daily index. */
    public static final String HOT_DOCUMENTS_INDEXED = "broker.hot.documents.indexed";
    /** Counter, tags service, from, to: state transitions of the hot store's circuit breaker. */
    public static final String HOT_BREAKER_TRANSITIONS = "broker.hot.breaker.transitions";
    public static final String COLD_COMMIT_DURATION = "broker.cold.commit.duration";
    public static final String COLD_FILES_WRITTEN = "broker.cold.files.written";
    public static final String COLD_BYTES_WRITTEN = "broker.cold.bytes.written";
    /** Distribution summary (bytes) of the Parquet files cold-writer adds, tags service, source. */
    public static final String COLD_FILE_SIZE = "broker.cold.file.size";
    /** Counter, tags service, source, result (a {@code PollResult}). */
    public static final String INGEST_POLLS = "broker.ingest.polls";
    /** Counter, tags service, source, status (HTTP status code, or {@code io_error}): every request to a source. */
    public static final String INGEST_REQUESTS = "broker.ingest.requests";
    /** Timer, tags service, source, result: how long one poll took, fetch and publish included. */
    public static final String INGEST_POLL_DURATION = "broker.ingest.poll.duration";
    /** Gauge in seconds, tags service, source: now minus the time the source's cursor stands at. */
    public static final String INGEST_SOURCE_LAG = "broker.ingest.source.lag";
    /**
     * Counter, tags service, reason ({@code fatal_error}, {@code stalled}): ingest-dns Kafka producers closed and
     * replaced because they could no longer publish; their unacknowledged records were counted as failed.
     */
    public static final String DNS_PRODUCER_REPLACED = "broker.dns.producer.replaced";

    /** Counter, tags service, source, result ({@code dropped} duplicate / {@code updated} changed document): enrich-service dedupe. */
    public static final String ENRICH_DEDUP = "broker.enrich.dedup";
    /** Counter, tags service, source, join ({@code paper_mentions}, {@code domains}, {@code categories}), result ({@code hit}/{@code miss}). */
    public static final String ENRICH_JOINS = "broker.enrich.joins";
    /** Timer with histogram, tags service, source: raw record appended → enriched document produced. */
    public static final String ENRICH_LAG = "broker.enrich.lag";

    /** Gauge, tags service, source, store ({@code topic}/{@code elasticsearch}/{@code delta}): ids missing from that
     * store at the last cross-store verification ({@code GET /ops/verify} or the scheduled check). */
    public static final String STORE_DRIFT = "broker.store.drift";

    /** Tag keys. */
    public static final String TAG_SERVICE = "service";
    public static final String TAG_SOURCE = "source";
    public static final String TAG_STAGE = "stage";
    public static final String TAG_REASON = "reason";
    public static final String TAG_RESULT = "result";
    public static final String TAG_STATUS = "status";
    public static final String TAG_JOIN = "join";
    public static final String TAG_STORE = "store";

    private MetricNames() {
    }
}
