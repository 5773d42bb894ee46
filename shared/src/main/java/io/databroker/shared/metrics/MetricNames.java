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
    public static final String COLD_COMMIT_DURATION = "broker.cold.commit.duration";
    public static final String COLD_FILES_WRITTEN = "broker.cold.files.written";
    public static final String COLD_BYTES_WRITTEN = "broker.cold.bytes.written";
    /** Distribution summary (bytes) of the Parquet files cold-writer adds, tags service, source. */
    public static final String COLD_FILE_SIZE = "broker.cold.file.size";
    /** Counter, tags service, source, result (a {@code PollResult}). */
    public static final String INGEST_POLLS = "broker.ingest.polls";

    /** Tag keys. */
    public static final String TAG_SERVICE = "service";
    public static final String TAG_SOURCE = "source";
    public static final String TAG_STAGE = "stage";
    public static final String TAG_REASON = "reason";
    public static final String TAG_RESULT = "result";

    private MetricNames() {
    }
}
