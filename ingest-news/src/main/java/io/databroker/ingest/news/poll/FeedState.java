package io.databroker.ingest.news.poll;

import java.net.URI;
import java.util.Objects;

import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.news.feed.FeedCursor;
import io.databroker.ingest.news.feed.FeedSource;

/**
 * One feed at run time: its configuration, its current cursor (what was last committed), whether it has been
 * disabled (410 Gone), and its own poll health. Written by the one thread polling the feed at a time, read by
 * health checks: fields are volatile.
 */
public final class FeedState {

    private final FeedSource source;
    private final PollHealth health;
    private volatile FeedCursor cursor;
    private volatile String disabledBecause;

    public FeedState(FeedSource source, FeedCursor cursor, PollHealth health) {
        this.source = Objects.requireNonNull(source, "source");
        this.cursor = Objects.requireNonNull(cursor, "cursor");
        this.health = Objects.requireNonNull(health, "health");
        if (!cursor.feedUrl().equals(source.url().toString())) {
            throw new IllegalArgumentException("cursor of " + cursor.feedUrl() + " given to feed " + source.url());
        }
    }

    public FeedSource source() {
        return source;
    }

    /** The configured URL (identity). */
    public String feedUrl() {
        return source.url().toString();
    }

    /** Where the feed is fetched from now (after permanent redirects). */
    public URI location() {
        return URI.create(cursor.location());
    }

    public FeedCursor cursor() {
        return cursor;
    }

    /** Only after the cursor's transaction committed. */
    void cursor(FeedCursor committed) {
        this.cursor = committed;
    }

    public PollHealth health() {
        return health;
    }

    public boolean disabled() {
        return disabledBecause != null;
    }

    /** Why the feed is no longer polled, or null. */
    public String disabledBecause() {
        return disabledBecause;
    }

    void disable(String reason) {
        this.disabledBecause = reason;
    }
}
