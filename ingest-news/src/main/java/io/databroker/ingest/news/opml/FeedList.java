package io.databroker.ingest.news.opml;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.databroker.ingest.news.feed.FeedSource;
import io.databroker.ingest.news.fetch.FeedFetcher;

/**
 * The feeds to poll: configured entries plus the outlines of an optional OPML file, one feed per URL.
 *
 * <p>A configured entry is a URL, optionally followed by {@code |}-separated attributes:
 * {@code https://lwn.net/headlines/rss|label=linux|interval=30m}. A bare URL (what {@code BROKER_NEWS_FEEDS} always
 * held) still works. {@code |} cannot appear unencoded in a URL (RFC 3986 §2.2), so the split is unambiguous.
 */
public final class FeedList {

    private static final String CLASSPATH = "classpath:";

    private FeedList() {
    }

    /**
     * Every feed to poll: the configured entries, then the OPML file's feeds (when a location is given).
     *
     * @throws IllegalStateException naming the property when an entry or the OPML file is unusable: the service must
     *                               not start with a configuration it cannot honour
     */
    public static List<FeedSource> resolve(List<String> entries, String opmlLocation, Duration defaultInterval,
                                           FeedFetcher fetcher) throws InterruptedException {
        List<FeedSource> configured = new ArrayList<>();
        for (String entry : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            try {
                configured.add(parseEntry(entry, defaultInterval));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("broker.news.feeds (BROKER_NEWS_FEEDS): " + e.getMessage(), e);
            }
        }
        List<FeedSource> imported = List.of();
        if (opmlLocation != null && !opmlLocation.isBlank()) {
            try {
                imported = new OpmlReader().read(load(opmlLocation, fetcher), defaultInterval);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("broker.news.opml (BROKER_NEWS_OPML): could not read OPML from "
                        + opmlLocation + ": " + e.getMessage(), e);
            }
        }
        return merge(configured, imported);
    }

    /** @throws IllegalArgumentException naming the entry when it is unusable */
    public static FeedSource parseEntry(String entry, Duration defaultInterval) {
        String[] parts = entry.strip().split("\\|");
        String label = null;
        Duration interval = defaultInterval;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            int eq = part.indexOf('=');
            String key = eq < 0 ? "" : part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : part.substring(eq + 1).strip();
            switch (key) {
                case "label" -> label = value;
                case "interval" -> interval = Durations.parse(value);
                default -> throw new IllegalArgumentException("feed entry '" + entry + "': unknown attribute '" + part
                        + "' (known: label=…, interval=…)");
            }
        }
        try {
            return new FeedSource(URI.create(parts[0].strip()), label, null, interval);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("feed entry '" + entry + "': " + e.getMessage(), e);
        }
    }

    /** Configured feeds first, then imported ones; a URL listed twice keeps its first (configured) settings. */
    public static List<FeedSource> merge(List<FeedSource> configured, List<FeedSource> imported) {
        Map<String, FeedSource> byUrl = new LinkedHashMap<>();
        configured.forEach(f -> byUrl.putIfAbsent(f.url().toString(), f));
        imported.forEach(f -> byUrl.putIfAbsent(f.url().toString(), f));
        return new ArrayList<>(byUrl.values());
    }

    /**
     * The bytes of an OPML file named by {@code location}: {@code classpath:feeds/default.opml}, an http(s) URL
     * (fetched like a feed), a {@code file:} URL or a path.
     */
    public static byte[] load(String location, FeedFetcher fetcher) throws IOException, InterruptedException {
        String where = location.strip();
        if (where.startsWith(CLASSPATH)) {
            String resource = where.substring(CLASSPATH.length()).replaceFirst("^/+", "");
            try (InputStream in = FeedList.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("no classpath resource " + resource);
                }
                return in.readAllBytes();
            }
        }
        String lower = where.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            try (FeedFetcher.Fetched fetched = fetcher.fetch(URI.create(where), null, null)) {
                return fetched.response().bodyBytes();
            }
        }
        return Files.readAllBytes(lower.startsWith("file:") ? Path.of(URI.create(where)) : Path.of(where));
    }
}
