package io.databroker.ingest.github.events;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.core.MalformedSourceDataException;
import io.databroker.ingest.core.http.FetchRequest;
import io.databroker.ingest.core.http.FetchResponse;
import io.databroker.ingest.core.http.HttpFetcher;
import io.databroker.ingest.core.http.SourceHttpException;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.poll.PollOutcome;
import io.databroker.ingest.core.poll.Poller;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.ingest.github.gharchive.HourRange;
import io.databroker.ingest.github.metrics.GithubMetrics;
import io.databroker.ingest.github.publish.GithubEnvelope;
import io.databroker.ingest.github.publish.GithubEvent;
import io.databroker.ingest.github.publish.GithubEventParser;
import io.databroker.ingest.github.publish.InvalidEventException;
import io.databroker.ingest.github.publish.SkipReason;
import io.databroker.shared.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.JsonNode;

/**
 * Polls GitHub's "list public events" ({@code GET /events}, up to {@code maxPages} pages of {@code perPage}) and
 * publishes each event once, with the {@link LiveCursor} in the same Kafka transaction.
 *
 * <ul>
 *   <li>The first page is conditional on the last ETag: a 304 costs no rate limit and means nothing new.</li>
 *   <li>Pages follow the {@code Link rel="next"} header and stop at the first page that overlaps what was published
 *       before (everything older was seen then). Events already published are dropped by id ({@link RecentIds}).</li>
 *   <li>No overlap after every page = a gap: events may have been missed between two polls (GitHub serves at most
 *       300); counted in {@code broker.ingest.github.gaps} and logged.</li>
 *   <li>The next poll waits the longest of: the configured minimum, GitHub's {@code X-Poll-Interval}, and, when
 *       {@code X-RateLimit-Remaining} is 0, until {@code X-RateLimit-Reset}. A 403/429 for a rate limit becomes a
 *       {@link RateLimitedException} whose wait the polling loop honours.</li>
 *   <li>Events created inside the configured backfill range are left to the GH Archive backfill, which has all of
 *       them, so an event both modes see is published once.</li>
 * </ul>
 */
public final class EventsPoller implements Poller {

    private static final Logger log = LoggerFactory.getLogger(EventsPoller.class);
    private static final String ACCEPT = "application/vnd.github+json";

    /**
     * What to poll.
     *
     * @param apiUrl          REST API base, {@code https://api.github.com} or {@code https://<host>/api/v3}
     * @param token           sent as {@code Authorization: Bearer}; null = unauthenticated (60 requests/hour)
     * @param apiVersion      the {@code X-GitHub-Api-Version} header
     * @param perPage         events per page (GitHub allows up to 100)
     * @param maxPages        pages per poll at most (GitHub serves at most 300 events)
     * @param minPollInterval the shortest pause between polls; GitHub's X-Poll-Interval can only lengthen it
     * @param recentIds       how many published ids are remembered (and stored in the cursor) for the overlap
     * @param backfillRange   the hours the backfill owns, or null when no backfill is configured
     * @param topic           where events go ({@code github_events})
     */
    public record Settings(URI apiUrl, String token, String apiVersion, int perPage, int maxPages,
                           Duration minPollInterval, int recentIds, HourRange backfillRange, String topic) {

        public Settings {
            Objects.requireNonNull(apiUrl, "apiUrl");
            Objects.requireNonNull(apiVersion, "apiVersion");
            Objects.requireNonNull(minPollInterval, "minPollInterval");
            Objects.requireNonNull(topic, "topic");
            if (perPage < 1 || maxPages < 1) {
                throw new IllegalArgumentException("perPage and maxPages must be >= 1");
            }
            if (recentIds < perPage * maxPages) {
                throw new IllegalArgumentException("recentIds (" + recentIds + ") must hold at least one poll's events ("
                        + perPage * maxPages + ")");
            }
        }

        /** Never prints the token. */
        @Override
        public String toString() {
            return "Settings[apiUrl=" + apiUrl + ", token=" + (token == null ? "none" : "***") + ", apiVersion="
                    + apiVersion + ", perPage=" + perPage + ", maxPages=" + maxPages + ", minPollInterval="
                    + minPollInterval + ", recentIds=" + recentIds + ", backfillRange=" + backfillRange + ", topic=" + topic + "]";
        }
    }

    private final Settings settings;
    private final HttpFetcher fetcher;
    private final GithubEventParser parser;
    private final TransactionalPublisher publisher;
    private final IngestStateReader stateReader;
    private final IngestMetrics metrics;
    private final GithubMetrics githubMetrics;
    private final Clock clock;
    private final String base;
    private final GithubEnvelope envelope;
    private final String cursorKey;
    private LiveCursor cursor = LiveCursor.initial();
    private RecentIds recent;

    public EventsPoller(Settings settings, HttpFetcher fetcher, GithubEventParser parser, TransactionalPublisher publisher,
                        IngestStateReader stateReader, IngestMetrics metrics, GithubMetrics githubMetrics, Clock clock) {
        this.settings = settings;
        this.fetcher = fetcher;
        this.parser = parser;
        this.publisher = publisher;
        this.stateReader = stateReader;
        this.metrics = metrics;
        this.githubMetrics = githubMetrics;
        this.clock = clock;
        String url = settings.apiUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.envelope = new GithubEnvelope(base);
        this.cursorKey = LiveCursor.key(URI.create(base));
        this.recent = new RecentIds(settings.recentIds());
    }

    /**
     * Fences any earlier instance (its open transaction is aborted), then restores the cursor from
     * {@code broker_ingest_state}; in this order, so no transaction of ours is pending while it is read.
     */
    public synchronized void start() {
        publisher.start();
        byte[] stored = stateReader.readLatest(cursorKey).get(cursorKey);
        LiveCursor restored = LiveCursor.initial();
        if (stored != null) {
            try {
                restored = LiveCursor.fromJson(stored);
            } catch (IllegalArgumentException e) {
                // Without the ids, the first poll republishes up to one poll's events; ids make that harmless downstream.
                log.warn("ignoring unreadable cursor {}: {}", cursorKey, e.getMessage());
            }
        }
        cursor = restored;
        recent = new RecentIds(settings.recentIds(), cursor.recentIds());
        metrics.cursorAt(cursor.newestCreatedAt());
        log.info("GitHub events polling of {} resumes with {} remembered event ids{} ({})", base, recent.size(),
                cursor.etag() == null ? "" : " and an ETag", settings.token() == null
                        ? "no token: 60 requests/hour" : "authenticated");
    }

    /** The cursor held now, for tests and diagnostics. */
    public synchronized LiveCursor cursor() {
        return cursor;
    }

    @Override
    public synchronized PollOutcome poll() throws IOException, InterruptedException {
        Instant fetchedAt = clock.instant();
        byte[] ingestedAt = GithubEventParser.ingestedAtField(fetchedAt);
        URI first = URI.create(base + "/events?per_page=" + settings.perPage() + "&page=1");
        Fetched fetched = new Fetched();
        FetchRequest request = request(first).conditional(cursor.etag(), null);
        RateLimit limit;
        Duration hint;
        String etag;
        try (FetchResponse response = fetch(request)) {
            limit = rateLimit(response);
            hint = pollIntervalHint(response);
            if (response.notModified()) {
                log.debug("{} not modified", first);
                return PollOutcome.notModified().nextPollIn(nextPollIn(hint, limit, fetchedAt));
            }
            etag = response.etag();
            readPage(response, ingestedAt, fetched);
            URI next = nextPage(response, fetched, limit);
            while (next != null) {
                try (FetchResponse page = fetch(request(next))) {
                    limit = rateLimit(page);
                    readPage(page, ingestedAt, fetched);
                    next = nextPage(page, fetched, limit);
                }
            }
        }
        return publish(fetched, etag, limit, hint, fetchedAt, first);
    }

    private PollOutcome publish(Fetched fetched, String etag, RateLimit limit, Duration hint, Instant now, URI first) {
        Map<String, GithubEvent> fresh = new LinkedHashMap<>();
        List<String> remembered = new ArrayList<>();
        Instant newest = cursor.newestCreatedAt();
        for (GithubEvent event : fetched.events) {
            if (recent.contains(event.id()) || fresh.containsKey(event.id()) || remembered.contains(event.id())) {
                fetched.skipped(SkipReason.DUPLICATE);
            } else if (settings.backfillRange() != null && settings.backfillRange().contains(event.createdAt())) {
                fetched.skipped(SkipReason.BACKFILL_RANGE);
                remembered.add(event.id());
            } else {
                fresh.put(event.id(), event);
                if (newest == null || event.createdAt().isAfter(newest)) {
                    newest = event.createdAt();
                }
            }
        }
        // GitHub lists newest first; publish oldest first so each partition holds them in event order.
        List<GithubEvent> oldestFirst = new ArrayList<>(fresh.values());
        Collections.reverse(oldestFirst);
        List<String> ids = new ArrayList<>(oldestFirst.size() + remembered.size());
        Collections.reverse(remembered);
        ids.addAll(remembered);
        oldestFirst.forEach(e -> ids.add(e.id()));
        RecentIds nextRecent = recent.plus(ids);
        LiveCursor next = new LiveCursor(etag, nextRecent.toList(), newest);
        try (TransactionalPublisher.Transaction transaction = publisher.begin()) {
            oldestFirst.forEach(event -> transaction.send(envelope.record(settings.topic(), event)));
            transaction.commit(cursorKey, next.toJson());
        }
        boolean gap = !fetched.overlap && !recent.isEmpty();
        cursor = next;
        recent = nextRecent;
        metrics.published(oldestFirst.size());
        fetched.skipped.forEach((reason, count) -> metrics.skipped(reason.tag(), count));
        metrics.cursorAt(newest);
        if (gap) {
            githubMetrics.gap();
            log.atWarn().addKeyValue("source", metrics.source()).addKeyValue("reason", "gap")
                    .log("{} page(s) of {} did not reach the events of the previous poll: events published in between "
                            + "may have been missed (poll more often, or backfill the hour from GH Archive)", fetched.pages, first);
        }
        Duration nextPoll = nextPollIn(hint, limit, now);
        log.atInfo().addKeyValue("source", metrics.source())
                .log("polled {} page(s) of {}: {} events, {} published, skipped {}; rate limit remaining {}; next poll in {}",
                        fetched.pages, first, fetched.events.size(), oldestFirst.size(),
                        fetched.skipped.isEmpty() ? "none" : fetched.skipped,
                        limit.remaining() == null ? "unknown" : limit.remaining(), nextPoll);
        return PollOutcome.published(oldestFirst.size()).nextPollIn(nextPoll);
    }

    /** Parses one page (a JSON array of events) into {@code fetched}, noting whether it overlaps the last poll. */
    private void readPage(FetchResponse response, byte[] ingestedAt, Fetched fetched) throws IOException {
        String contentType = response.contentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            throw new MalformedSourceDataException("expected JSON from " + response.uri() + ", got Content-Type " + contentType);
        }
        JsonNode page;
        try {
            page = Json.mapper().readTree(response.body());
        } catch (JacksonIOException e) {
            // Reading the body failed (read timeout, body cap, connection cut), not the JSON: say so, not "malformed".
            throw e.getCause();
        } catch (JacksonException e) {
            throw new MalformedSourceDataException(response.uri() + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (page == null || !page.isArray()) {
            throw new MalformedSourceDataException(response.uri() + " is not a JSON array of events");
        }
        fetched.pages++;
        int index = 0;
        for (JsonNode element : page) {
            index++;
            byte[] bytes = Json.mapper().writeValueAsBytes(element);
            try {
                GithubEvent event = parser.parse(bytes, 0, bytes.length, ingestedAt);
                fetched.events.add(event);
                fetched.overlap |= recent.contains(event.id());
            } catch (InvalidEventException e) {
                fetched.skipped(e.reason());
                log.atWarn().addKeyValue("source", metrics.source()).addKeyValue("reason", e.reason().tag())
                        .log("skipped event {} of {} ({}): {}", index, response.uri(), e.reason().tag(), e.getMessage());
            }
        }
    }

    /** The next page to fetch, or null when this poll has read enough. */
    private URI nextPage(FetchResponse response, Fetched fetched, RateLimit limit) {
        if (fetched.overlap || fetched.pages >= settings.maxPages()) {
            return null;
        }
        Optional<URI> next = LinkHeader.next(response.header("Link").orElse(null));
        if (next.isEmpty()) {
            return null;
        }
        if (limit.exhausted()) {
            log.info("rate limit exhausted after page {} of {}; the remaining pages are not fetched", fetched.pages, response.uri());
            return null;
        }
        if (!sameOrigin(next.get())) {
            // The token goes to the API host only; a Link elsewhere is not followed.
            log.warn("not following Link rel=next to another origin than {}: {}", base, next.get());
            return null;
        }
        return next.get();
    }

    private boolean sameOrigin(URI uri) {
        URI api = settings.apiUrl();
        return Objects.equals(api.getScheme(), uri.getScheme()) && Objects.equals(api.getHost(), uri.getHost())
                && api.getPort() == uri.getPort();
    }

    private FetchRequest request(URI uri) {
        FetchRequest request = FetchRequest.get(uri)
                .withHeader("Accept", ACCEPT)
                .withHeader("X-GitHub-Api-Version", settings.apiVersion());
        return settings.token() == null ? request : request.withHeader("Authorization", "Bearer " + settings.token());
    }

    private FetchResponse fetch(FetchRequest request) throws IOException, InterruptedException {
        try {
            return fetcher.fetch(request);
        } catch (SourceHttpException e) {
            throw RateLimit.classify(e, clock.instant());
        }
    }

    private RateLimit rateLimit(FetchResponse response) {
        RateLimit limit = RateLimit.from(response.headers());
        if (limit.remaining() != null) {
            githubMetrics.rateLimitRemaining(limit.remaining());
        }
        return limit;
    }

    private static Duration pollIntervalHint(FetchResponse response) {
        return response.headers().firstValueAsLong("X-Poll-Interval").stream()
                .mapToObj(Duration::ofSeconds).findFirst().orElse(Duration.ZERO);
    }

    /** The longest of the configured minimum, GitHub's X-Poll-Interval and, when exhausted, the wait for the reset. */
    private Duration nextPollIn(Duration hint, RateLimit limit, Instant now) {
        Duration next = settings.minPollInterval();
        if (hint.compareTo(next) > 0) {
            next = hint;
        }
        if (limit.exhausted()) {
            Duration untilReset = limit.untilReset(now);
            if (untilReset.compareTo(next) > 0) {
                log.atWarn().addKeyValue("source", metrics.source()).addKeyValue("reason", "rate_limit")
                        .log("GitHub rate limit exhausted; next poll after the reset at {} (in {})", limit.reset(), untilReset);
                next = untilReset;
            }
        }
        return next;
    }

    /** What one poll's pages held. */
    private static final class Fetched {
        final List<GithubEvent> events = new ArrayList<>();
        final Map<SkipReason, Integer> skipped = new EnumMap<>(SkipReason.class);
        int pages;
        boolean overlap;

        void skipped(SkipReason reason) {
            skipped.merge(reason, 1, Integer::sum);
        }
    }
}
