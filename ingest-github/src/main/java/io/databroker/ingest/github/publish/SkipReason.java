package io.databroker.ingest.github.publish;

import java.util.Locale;

/** Why a source event was not published; the lower_snake name is the {@code reason} tag of {@code broker.events.skipped}. */
public enum SkipReason {
    /** Not JSON, or not one JSON object (a GH Archive line cut or garbled). */
    MALFORMED,
    /** JSON, but not an event of schemas/github_events.schema.json (missing id/type/actor/repo/created_at, wrong types). */
    INVALID_EVENT,
    /** Larger than the largest record the topic accepts. */
    OVERSIZED,
    /** Already published: seen by an earlier poll (overlapping pages) or earlier in the same poll. */
    DUPLICATE,
    /** Created inside the configured backfill range, which the GH Archive backfill owns (so it is published once). */
    BACKFILL_RANGE;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
