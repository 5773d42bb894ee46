package io.databroker.ingest.core.poll;

import java.util.Locale;

/** Outcome of one poll; the lower_snake name is the {@code result} tag of {@code broker.ingest.polls}. */
public enum PollResult {
    /** Fetched and understood; new records (if any) published with the advanced cursor. */
    OK,
    /** Nothing new: 304 Not Modified, or the source says so in its own terms (OAI-PMH {@code noRecordsMatch}). */
    NOT_MODIFIED,
    /** 429 or 503 after the retries: the source asks us to slow down. */
    THROTTLED,
    /** Another status than 2xx/304 after the retries. */
    HTTP_ERROR,
    /** Not readable: malformed or truncated XML/JSON, an HTML page, the wrong content type, an oversized body. */
    MALFORMED,
    /** Connection refused, timeout, connection cut mid-body. */
    IO_ERROR,
    /** Well-formed content reporting an error of the source's protocol that the source does not handle. */
    SOURCE_ERROR,
    /** The Kafka transaction with the records and the cursor did not commit; nothing of it is visible. */
    PUBLISH_FAILED,
    /** A bug of ours surfaced as an unexpected exception; the loop keeps going and logs it at ERROR. */
    UNEXPECTED_ERROR;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when the source was reached and understood, so the cursor is current. */
    public boolean healthy() {
        return this == OK || this == NOT_MODIFIED;
    }
}
