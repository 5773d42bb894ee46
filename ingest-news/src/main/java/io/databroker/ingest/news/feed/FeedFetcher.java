package io.databroker.ingest.news.feed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Conditional GET of one feed (RFC 9110 §13.1: If-None-Match / If-Modified-Since from the stored cursor), returning
 * the raw bytes so that charset detection is left to the XML parser.
 */
public final class FeedFetcher {

    private static final String ACCEPT =
            "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";

    private final HttpClient client;
    private final Duration readTimeout;
    private final long maxBodyBytes;
    private final String userAgent;

    public FeedFetcher(HttpClient client, Duration readTimeout, long maxBodyBytes, String userAgent) {
        this.client = client;
        this.readTimeout = readTimeout;
        this.maxBodyBytes = maxBodyBytes;
        this.userAgent = userAgent;
    }

    /**
     * A client that follows redirects (except https → http) and gives up connecting after {@code connectTimeout}.
     * HTTP/1.1 only: the JDK's cleartext HTTP/2 upgrade request trips up some old feed servers, and feeds are small.
     */
    public static HttpClient newHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * @param etag         validator from the last successful fetch, or null
     * @param lastModified validator from the last successful fetch, or null
     * @throws FeedHttpException     on a status other than 2xx / 304
     * @throws MalformedFeedException when the body exceeds the size limit
     * @throws IOException           on connection problems and timeouts
     */
    public FetchResult fetch(URI feed, String etag, String lastModified) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(feed)
                .timeout(readTimeout)
                .header("Accept", ACCEPT)
                .header("User-Agent", userAgent)
                .GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            request.header("If-Modified-Since", lastModified);
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 304) {
                return new FetchResult.NotModified();
            }
            if (status < 200 || status > 299) {
                throw new FeedHttpException(status, "HTTP " + status + " from " + feed);
            }
            return new FetchResult.Fetched(readAtMost(body, feed),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null));
        }
    }

    private byte[] readAtMost(InputStream body, URI feed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = body.read(buffer)) != -1) {
            total += n;
            if (total > maxBodyBytes) {
                throw new MalformedFeedException("feed " + feed + " is larger than " + maxBodyBytes + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
