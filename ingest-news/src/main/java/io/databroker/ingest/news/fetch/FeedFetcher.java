package io.databroker.ingest.news.fetch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.databroker.ingest.core.http.FetchRequest;
import io.databroker.ingest.core.http.FetchResponse;
import io.databroker.ingest.core.http.FetchSettings;
import io.databroker.ingest.core.http.HttpFetcher;
import io.databroker.ingest.core.http.SourceHttpException;
import io.databroker.ingest.core.metrics.IngestMetrics;

/**
 * Conditional GET of a feed through ingest-core's {@link HttpFetcher} (timeouts, gzip, size cap, Retry-After-aware
 * retries), with two things feeds need on top:
 * <ul>
 * <li><b>Per-host politeness.</b> One {@link HttpFetcher} per scheme+host+port, each pacing its own requests
 *     ({@code FetchSettings.requestInterval}): fifty arXiv listing feeds are fetched one after the other, feeds on
 *     different hosts in parallel.</li>
 * <li><b>Redirects followed here</b>, not by the HTTP client, so that a permanent move is seen: up to
 *     {@code maxRedirects} hops of 301/302/303/307/308, never from https to http. When every hop up to some URL was
 *     permanent (301/308), that URL is reported as the feed's new home; a temporary hop (302/303/307) ends that.</li>
 * </ul>
 */
public final class FeedFetcher {

    private static final String ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
            + "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final HttpClient client;
    private final FetchSettings settings;
    private final Clock clock;
    private final IngestMetrics metrics;
    private final int maxRedirects;
    private final ConcurrentMap<String, HttpFetcher> byHost = new ConcurrentHashMap<>();

    public FeedFetcher(FetchSettings settings, int maxRedirects, Clock clock, IngestMetrics metrics) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // some old feed servers choke on the cleartext HTTP/2 upgrade
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.maxRedirects = maxRedirects;
    }

    /**
     * A 2xx or 304 response, with where it finally came from. Must be closed.
     *
     * @param response  the response, body unread
     * @param finalUrl  the URL that answered (the base for relative links)
     * @param movedTo   the new permanent URL of the feed when the request was permanently redirected, else null
     */
    public record Fetched(FetchResponse response, URI finalUrl, URI movedTo) implements AutoCloseable {
        @Override
        public void close() {
            response.close();
        }
    }

    /**
     * @throws SourceHttpException          a final status other than 2xx/304 (after ingest-core's retries of
     *                                      transient ones), or a redirect we do not follow ({@link RedirectRefusedException})
     * @throws IOException                  no response
     */
    public Fetched fetch(URI url, String etag, String lastModified) throws IOException, InterruptedException {
        URI current = url;
        URI movedTo = null;
        boolean permanentSoFar = true;
        for (int hops = 0; ; hops++) {
            try {
                FetchResponse response = fetcherFor(current)
                        .fetch(FetchRequest.get(current).withHeader("Accept", ACCEPT).conditional(etag, lastModified));
                return new Fetched(response, current, movedTo);
            } catch (SourceHttpException e) {
                if (!REDIRECTS.contains(e.status())) {
                    throw e;
                }
                URI target = target(url, current, e, hops);
                permanentSoFar = permanentSoFar && (e.status() == 301 || e.status() == 308);
                if (permanentSoFar) {
                    movedTo = target;
                }
                current = target;
            }
        }
    }

    private URI target(URI feed, URI current, SourceHttpException redirect, int hops) {
        String location = redirect.headers() == null ? null : redirect.headers().firstValue("Location").orElse(null);
        if (location == null || location.isBlank()) {
            throw new RedirectRefusedException(feed, redirect, "HTTP " + redirect.status() + " without a Location from " + current);
        }
        if (hops >= maxRedirects) {
            throw new RedirectRefusedException(feed, redirect, "more than " + maxRedirects + " redirects from " + feed);
        }
        URI target;
        try {
            target = current.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new RedirectRefusedException(feed, redirect, "unusable Location '" + location + "' from " + current);
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RedirectRefusedException(feed, redirect, "redirect to a non-HTTP URL " + target + " from " + current);
        }
        if ("https".equalsIgnoreCase(current.getScheme()) && scheme.equals("http")) {
            // The JDK client's own policy (Redirect.NORMAL) refuses this downgrade too.
            throw new RedirectRefusedException(feed, redirect, "redirect from https to http refused: " + current + " -> " + target);
        }
        return target;
    }

    /** One fetcher, and so one request pacer, per scheme+host+port. */
    private HttpFetcher fetcherFor(URI url) {
        String host = url.getScheme().toLowerCase(Locale.ROOT) + "://" + String.valueOf(url.getHost()).toLowerCase(Locale.ROOT)
                + ":" + url.getPort();
        return byHost.computeIfAbsent(host, h -> new HttpFetcher(client, settings, clock, metrics));
    }
}
