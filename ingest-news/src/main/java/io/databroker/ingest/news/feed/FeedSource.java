package io.databroker.ingest.news.feed;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One feed to poll, as configured or imported from OPML.
 *
 * @param url      the feed URL as configured: its identity (cursor key, guid-based ids, {@code feed_url}), even after
 *                 the feed moved with a 301
 * @param label    the operator's category or source label ({@code feed_label} on records), or null
 * @param title    the feed's name from OPML, used as {@code source_name} when the feed has no title of its own; or null
 * @param interval pause between two polls of this feed
 */
public record FeedSource(URI url, String label, String title, Duration interval) {

    public FeedSource {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(interval, "interval");
        if (!url.isAbsolute() || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            throw new IllegalArgumentException("feed URL must be absolute http(s): " + url);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("poll interval of " + url + " must be positive, was " + interval);
        }
        label = blankToNull(label);
        title = blankToNull(title);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
