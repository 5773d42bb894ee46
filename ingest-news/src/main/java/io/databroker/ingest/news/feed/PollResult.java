package io.databroker.ingest.news.feed;

import java.util.Locale;

/** Outcome of polling one feed; the lower_snake name is the {@code result} tag of {@code broker.ingest.polls}. */
public enum PollResult {
    /** Fetched and parsed; new or changed items (if any) published with the advanced cursor. */
    OK,
    /** 304: nothing changed since the stored ETag / Last-Modified. */
    NOT_MODIFIED,
    /** The server answered with a status other than 2xx or 304. */
    HTTP_ERROR,
    /** Not a feed: XML that does not parse, an unknown feed type, an oversized body. */
    MALFORMED,
    /** Connection refused, timeout, reset. */
    IO_ERROR,
    /** The Kafka transaction with the items and the cursor did not commit; nothing of it is visible. */
    PUBLISH_FAILED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when the feed was reached and understood (its cursor is current). */
    public boolean healthy() {
        return this == OK || this == NOT_MODIFIED;
    }
}
