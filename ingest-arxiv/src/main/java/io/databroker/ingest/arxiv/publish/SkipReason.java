package io.databroker.ingest.arxiv.publish;

import java.util.Locale;

/** Why an OAI record was not published; the lower_snake name is the {@code reason} tag of {@code broker.events.skipped}. */
public enum SkipReason {
    /** No arXiv id, or one outside the schema's id grammar. */
    INVALID_ID,
    /** The header datestamp is missing or not a date. */
    INVALID_DATESTAMP,
    /** {@code arXiv} format with an {@code <updated>} date: the latest version's number is not in the record. */
    VERSION_UNKNOWN,
    /** Not deleted, yet without metadata in a format we read. */
    NO_METADATA;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
