package io.databroker.shared.topic;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The topic table of ARCHITECTURE §3: names, partition counts (seed deployment guide) and retention. */
public final class Topics {

    private static final Duration SEVEN_DAYS = Duration.ofDays(7);

    public static final Topic ARXIV_RAW = Topic.retained("arxiv_raw", 8, SEVEN_DAYS);
    public static final Topic GITHUB_EVENTS = Topic.retained("github_events", 16, SEVEN_DAYS);
    public static final Topic NEWS_FEED = Topic.retained("news_feed", 8, SEVEN_DAYS);
    public static final Topic DNS_DATA = Topic.retained("dns_data", 32, Duration.ofDays(3));

    public static final Topic ARXIV_ENRICHED = Topic.retained("arxiv_enriched", 8, SEVEN_DAYS);
    public static final Topic GITHUB_ENRICHED = Topic.retained("github_enriched", 16, SEVEN_DAYS);
    public static final Topic NEWS_ENRICHED = Topic.retained("news_enriched", 8, SEVEN_DAYS);
    public static final Topic DNS_ENRICHED = Topic.retained("dns_enriched", 32, SEVEN_DAYS);

    /**
     * The largest dead letter, in bytes: {@code max.message.bytes} of {@link #DEAD_LETTER_QUEUE} and
     * {@code max.request.size} of every producer that dead-letters. A dead letter is an original record (up to the
     * other topics' 1 MiB broker default) plus the error headers, so it needs more room than any record it carries:
     * at the same 1 MiB, the largest records the broker accepts could never be dead-lettered, and the producer's
     * RecordTooLargeException would stop the service instead.
     */
    public static final int DEAD_LETTER_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

    public static final Topic DEAD_LETTER_QUEUE = Topic.retained("dead-letter-queue", 3, Duration.ofDays(30))
            .withConfigs(Map.of("max.message.bytes", Integer.toString(DEAD_LETTER_MAX_MESSAGE_BYTES)));
    /** Source cursors, written in the same transaction as the records they cover (ARCHITECTURE §4). */
    public static final Topic INGEST_STATE = Topic.compacted("broker_ingest_state", 1);

    public static final List<Topic> ALL = List.of(
            ARXIV_RAW, GITHUB_EVENTS, NEWS_FEED, DNS_DATA,
            ARXIV_ENRICHED, GITHUB_ENRICHED, NEWS_ENRICHED, DNS_ENRICHED,
            DEAD_LETTER_QUEUE, INGEST_STATE);

    private Topics() {
    }
}
