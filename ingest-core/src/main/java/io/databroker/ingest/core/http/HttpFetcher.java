package io.databroker.ingest.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.core.MalformedSourceDataException;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

/**
 * Fetches from one source politely and defensively: requests paced by {@link RequestPacer}; connect and read
 * timeouts; {@code Accept-Encoding: gzip} decoded here; a cap on the decoded body; conditional headers; transient
 * failures (408, 425, 429, 5xx, connection errors) retried by Resilience4j with exponential backoff and jitter, or
 * after exactly the server's {@code Retry-After} (seconds or HTTP date) when it sends one.
 *
 * <p>Returns 2xx and 304 responses with the body unread; every other outcome is an exception: {@link IOException}
 * (no response), {@link SourceHttpException} (a final bad status), {@link MalformedSourceDataException}.
 */
public final class HttpFetcher {

    private static final Logger log = LoggerFactory.getLogger(HttpFetcher.class);

    /** RFC 9110 §15: statuses that say "try again later" rather than "this request is wrong". */
    private static final Set<Integer> TRANSIENT = Set.of(408, 425, 429, 500, 502, 503, 504);

    private final HttpClient client;
    private final FetchSettings settings;
    private final Clock clock;
    private final IngestMetrics metrics;
    private final RequestPacer pacer;
    private final Retry retry;

    public HttpFetcher(FetchSettings settings, Clock clock, IngestMetrics metrics) {
        this(newHttpClient(settings.connectTimeout()), settings, clock, metrics);
    }

    /**
     * With a client of the caller's making, e.g. one that does not follow redirects so that the caller sees a 301
     * (as a {@link SourceHttpException} with its {@code Location} header) and can act on it. Several fetchers may
     * share one client; each keeps its own pacing.
     */
    public HttpFetcher(HttpClient client, FetchSettings settings, Clock clock, IngestMetrics metrics) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.pacer = new RequestPacer(settings.requestInterval());
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0, 0.5,
                settings.maxBackoff());
        IntervalBiFunction<Attempt> interval = (attempt, outcome) -> outcome.isRight()
                ? outcome.get().serverWait().map(Duration::toMillis).orElseGet(() -> backoff.apply(attempt))
                : backoff.apply(attempt);
        this.retry = Retry.of("fetch-" + metrics.source(), RetryConfig.<Attempt>custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnResult(this::worthRetrying)
                .retryOnException(e -> e instanceof IOException && !(e instanceof ResponseTooLargeException))
                .consumeResultBeforeRetryAttempt((attempt, result) -> {
                    log.info("{} answered HTTP {}; attempt {} of {} follows after {}", result.uri(), result.status(),
                            attempt + 1, settings.maxAttempts(), result.serverWait().map(Object::toString).orElse("backoff"));
                    result.discard();
                })
                .intervalBiFunction(interval)
                .build());
    }

    /**
     * A client that follows redirects (except https → http) and gives up connecting after {@code connectTimeout}.
     * HTTP/1.1 only: the JDK's cleartext HTTP/2 upgrade request trips up some old servers.
     */
    public static HttpClient newHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * GETs {@code request}, retrying transient failures.
     *
     * @return a 2xx response (body unread) or a 304
     * @throws IOException                  when no response came, after the retries
     * @throws SourceHttpException          on any other status, after the retries for transient ones
     * @throws MalformedSourceDataException when the response announces a body over the cap or a corrupt gzip stream
     */
    public FetchResponse fetch(FetchRequest request) throws IOException, InterruptedException {
        Attempt attempt;
        try {
            attempt = Retry.decorateCheckedSupplier(retry, () -> send(request)).get();
        } catch (CancellationException e) {
            // Resilience4j's way of saying the thread was interrupted while waiting between attempts.
            throw new InterruptedException("interrupted while waiting to retry " + request.uri());
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("unexpected failure fetching " + request.uri(), e);
        }
        if (Thread.currentThread().isInterrupted()) {
            attempt.discard();
            throw new InterruptedException("interrupted while fetching " + request.uri());
        }
        int status = attempt.status();
        if (status == 304 || (status >= 200 && status < 300)) {
            return attempt.toResponse(settings);
        }
        attempt.discard();
        throw new SourceHttpException(request.uri(), status, attempt.response().headers(), attempt.serverWait().orElse(null));
    }

    private boolean worthRetrying(Attempt attempt) {
        if (!TRANSIENT.contains(attempt.status())) {
            return false;
        }
        // A wait longer than we are willing to block a fetch for becomes the polling loop's business.
        return attempt.serverWait().map(wait -> wait.compareTo(settings.maxServerWait()) <= 0).orElse(true);
    }

    private Attempt send(FetchRequest request) throws IOException, InterruptedException {
        pacer.awaitTurn();
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(settings.readTimeout())
                .header("User-Agent", settings.userAgent())
                .header("Accept-Encoding", "gzip")
                .GET();
        request.headers().forEach(builder::header);
        if (request.etag() != null) {
            builder.header("If-None-Match", request.etag());
        }
        if (request.lastModified() != null) {
            builder.header("If-Modified-Since", request.lastModified());
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            metrics.requestFailed();
            log.debug("GET {} failed: {}", request.uri(), e.toString());
            throw e;
        } catch (CancellationException e) {
            throw new InterruptedException("cancelled: GET " + request.uri());
        }
        metrics.request(response.statusCode());
        return new Attempt(request.uri(), response, RetryAfter.from(response.headers(), clock.instant()), settings.readTimeout());
    }

    /** One response as received, before we decide whether to retry it. */
    private record Attempt(URI uri, HttpResponse<InputStream> response, Optional<Duration> serverWait, Duration readTimeout) {

        int status() {
            return response.statusCode();
        }

        void discard() {
            // Drain a little so a keep-alive connection can be reused, but never wait past the read timeout for it:
            // a server may send the headers of an error and then nothing.
            try (InputStream body = response.body(); BodyDeadline deadline = BodyDeadline.start(uri, body, readTimeout)) {
                body.readNBytes(8 * 1024);
            } catch (IOException e) {
                // The response is thrown away anyway.
            }
        }

        FetchResponse toResponse(FetchSettings settings) throws IOException {
            long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (announced > settings.maxBodyBytes()) {
                discard();
                throw new MalformedSourceDataException("response of " + uri + " announces " + announced
                        + " bytes, more than the cap of " + settings.maxBodyBytes());
            }
            InputStream raw = response.body();
            // Armed before the gzip header is read: that read too can wait on a silent server.
            BodyDeadline deadline = BodyDeadline.start(uri, raw, settings.readTimeout());
            InputStream body = raw;
            String encoding = response.headers().firstValue("Content-Encoding").orElse("").toLowerCase(Locale.ROOT);
            if (encoding.contains("gzip")) {
                try {
                    body = new GZIPInputStream(raw, 64 * 1024);
                } catch (IOException e) {
                    deadline.close();
                    raw.close();
                    if (deadline.passed()) {
                        throw (IOException) deadline.timeout().initCause(e);
                    }
                    if (e instanceof ZipException) {
                        throw new MalformedSourceDataException("response of " + uri + " says gzip but is not: " + e.getMessage(), e);
                    }
                    throw e;
                }
            }
            return new FetchResponse(uri, status(), response.headers(),
                    new BoundedInputStream(body, uri, settings.maxBodyBytes(), deadline));
        }
    }
}
