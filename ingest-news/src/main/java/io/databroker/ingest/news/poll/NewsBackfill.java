package io.databroker.ingest.news.poll;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.core.backfill.BackfillRecord;
import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.ingest.news.feed.FeedCursor;
import io.databroker.ingest.news.feed.FeedSource;
import io.databroker.ops.JobContext;
import io.databroker.shared.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An operator's news backfill (Operations API): re-polls chosen configured feeds (or all), publishing every item each
 * feed holds now, new or not, beside live polling and without touching its cursors. A feed is one transaction: its
 * items together with the backfill's position ({@code backfill:news:position}, the feeds done so far), so a stopped,
 * failed or restarted backfill of the same feeds continues with the feeds not done yet.
 *
 * <p>Idempotent: items keep their ids ({@code news:<sha256 of link or feed+guid>}), so re-polled items that live
 * polling published before are duplicates that consumers drop by id. A feed only holds its latest items: what it no
 * longer lists cannot be re-polled. Each feed gets one attempt (the fetcher's own retries included); the backfill
 * ends failed, naming the feeds that failed, and a new start with the same feeds retries only those.
 */
public final class NewsBackfill {

    private static final Logger log = LoggerFactory.getLogger(NewsBackfill.class);
    /** {@code source} of the backfill record. */
    public static final String SOURCE = "news";
    static final String POSITION_KEY = BackfillRecord.positionKeyPrefix(SOURCE) + "position";

    private final List<FeedSource> sources;
    private final Supplier<List<FeedState>> liveFeeds;
    private final FeedPoller poller;
    private final TransactionalPublisher publisher;
    private final IngestStateReader stateReader;
    private final Clock clock;

    /**
     * @param liveFeeds the live feeds as they stand (their current location after permanent redirects)
     * @param poller    a poller publishing with the backfill's own producer ({@code publisher})
     */
    public NewsBackfill(List<FeedSource> sources, Supplier<List<FeedState>> liveFeeds, FeedPoller poller,
                        TransactionalPublisher publisher, IngestStateReader stateReader, Clock clock) {
        this.sources = List.copyOf(sources);
        this.liveFeeds = liveFeeds;
        this.poller = poller;
        this.publisher = publisher;
        this.stateReader = stateReader;
        this.clock = clock;
    }

    /**
     * The configured feeds to re-poll: {@code requested}, or all when empty.
     *
     * @throws IllegalArgumentException naming a requested feed that is not configured
     */
    public List<String> feeds(List<String> requested) {
        List<String> configured = sources.stream().map(s -> s.url().toString()).toList();
        if (requested == null || requested.isEmpty()) {
            return configured;
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String feed : requested) {
            String url = feed == null ? "" : feed.strip();
            if (!configured.contains(url)) {
                throw new IllegalArgumentException("'" + url + "' is not a configured feed (BROKER_NEWS_FEEDS / OPML)");
            }
            chosen.add(url);
        }
        return List.copyOf(chosen);
    }

    public static Map<String, String> parameters(List<String> feeds) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("feeds", String.join(" ", feeds));
        return parameters;
    }

    /** The feeds of a backfill that was running when the service stopped, to resume at start. */
    public Optional<List<String>> interrupted() {
        return BackfillRecord.read(stateReader, SOURCE).filter(BackfillRecord::running)
                .map(r -> List.of(r.parameters().getOrDefault("feeds", "").split(" ")))
                .map(feeds -> feeds.stream().filter(f -> !f.isBlank()).toList());
    }

    /** Re-polls {@code feeds} (configured URLs). Progress: feeds done of the feeds chosen. */
    public void run(List<String> feeds, JobContext context) throws InterruptedException {
        publisher.start();
        Set<String> done = new LinkedHashSet<>(doneBefore(feeds));
        context.total((long) feeds.size());
        context.resumeAt(done.size());
        new BackfillRecord(SOURCE, parameters(feeds), true).run(publisher, context::stopRequested, () -> {
            List<String> failed = new ArrayList<>();
            for (String url : feeds) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("stopped before " + url);
                }
                if (done.contains(url)) {
                    continue;
                }
                try {
                    Set<String> after = new LinkedHashSet<>(done);
                    after.add(url);
                    poller.republishAll(state(url), POSITION_KEY, position(feeds, after));
                    done.add(url);
                    context.advance(1);
                } catch (IOException | RuntimeException e) {
                    // One place for a feed's failure: named in the job's error; the other feeds go on.
                    failed.add(url + " (" + e.getMessage() + ")");
                    log.atWarn().addKeyValue("feed_url", url).log("re-poll of news feed {} failed: {}", url, e.getMessage());
                }
            }
            if (!failed.isEmpty()) {
                throw new FeedsFailedException(failed.size() + " of " + feeds.size() + " feeds failed; start the backfill "
                        + "again with the same feeds to retry them: " + String.join("; ", failed));
            }
        });
    }

    /** A feed to re-poll, at the location live polling uses now. */
    private FeedState state(String url) {
        FeedSource source = sources.stream().filter(s -> s.url().toString().equals(url)).findFirst().orElseThrow();
        String location = liveFeeds.get().stream().filter(f -> f.feedUrl().equals(url)).findFirst()
                .map(f -> f.location().toString()).orElse(url);
        return new FeedState(source, FeedCursor.empty(url).movedTo(location), new PollHealth(clock, Duration.ofDays(1)));
    }

    /** The feeds a backfill of the same feeds already did, when one was cut short; else none. */
    private List<String> doneBefore(List<String> feeds) {
        byte[] json = stateReader.readLatest(POSITION_KEY).get(POSITION_KEY);
        if (json == null) {
            return List.of();
        }
        try {
            JsonNode root = Json.mapper().readTree(json);
            List<String> storedFeeds = texts(root.get("feeds"));
            List<String> storedDone = texts(root.get("done"));
            boolean unfinishedSameFeeds = storedFeeds.equals(feeds) && storedDone.size() < feeds.size();
            return unfinishedSameFeeds ? storedDone : List.of();
        } catch (JacksonException e) {
            return List.of(); // an unreadable position: re-poll everything, which ids make harmless
        }
    }

    private static byte[] position(List<String> feeds, Set<String> done) {
        ObjectNode root = Json.mapper().createObjectNode();
        feeds.forEach(root.putArray("feeds")::add);
        done.forEach(root.putArray("done")::add);
        return Json.mapper().writeValueAsBytes(root);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(node -> texts.add(node.asString()));
        }
        return texts;
    }

    /** Some feeds could not be re-polled; the message names them and why. */
    public static final class FeedsFailedException extends RuntimeException {
        public FeedsFailedException(String message) {
            super(message);
        }
    }
}
