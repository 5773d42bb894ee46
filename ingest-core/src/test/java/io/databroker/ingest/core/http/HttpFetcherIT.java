package io.databroker.ingest.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The fetcher against a real HTTP server playing the failure modes sources show. */
class HttpFetcherIT {

    private static final String XML = "text/xml; charset=utf-8";
    private static final String BODY = "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"/>";

    private final FixtureHttpServer http = FixtureHttpServer.start();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void tearDown() {
        http.close();
    }

    @Test
    void waitsOutA503WithRetryAfterAndThenReturnsThePage() throws Exception {
        http.respond("/oai", Response.of(503).withHeader("Retry-After", "1"), Response.ok(XML, BODY));

        try (FetchResponse response = fetcher(3, Duration.ofMinutes(1)).fetch(FetchRequest.get(uri("/oai")))) {
            assertThat(new String(response.bodyBytes(), StandardCharsets.UTF_8)).isEqualTo(BODY);
        }
        assertThat(http.requests("/oai")).hasSize(2);
        assertThat(requests("503")).isEqualTo(1.0);
        assertThat(requests("200")).isEqualTo(1.0);
    }

    @Test
    void aRetryAfterLongerThanWeWaitInsideAFetchFailsItWithTheWaitForTheLoop() {
        http.respond("/oai", Response.of(503).withHeader("Retry-After", "3600"));

        assertThatThrownBy(() -> fetcher(3, Duration.ofMinutes(1)).fetch(FetchRequest.get(uri("/oai"))))
                .isInstanceOfSatisfying(SourceHttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryAfter()).contains(Duration.ofHours(1));
                });
        assertThat(http.requests("/oai")).as("no second request before the hour is up").hasSize(1);
    }

    @Test
    void retriesServerErrorsWithBackoffUpToMaxAttempts() {
        http.respond("/oai", Response.of(500));

        assertThatThrownBy(() -> fetcher(3, Duration.ofMinutes(1)).fetch(FetchRequest.get(uri("/oai"))))
                .isInstanceOfSatisfying(SourceHttpException.class, e -> assertThat(e.status()).isEqualTo(500))
                .hasMessageContaining(uri("/oai").toString());
        assertThat(http.requests("/oai")).hasSize(3);
    }

    @Test
    void doesNotRetryClientErrors() {
        http.respond("/oai", Response.of(404));

        assertThatThrownBy(() -> fetcher(3, Duration.ofMinutes(1)).fetch(FetchRequest.get(uri("/oai"))))
                .isInstanceOfSatisfying(SourceHttpException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(http.requests("/oai")).hasSize(1);
    }

    @Test
    void sendsConditionalHeadersAndReportsNotModified() throws Exception {
        http.respond("/feed", Response.of(304));

        try (FetchResponse response = fetcher(1, Duration.ZERO)
                .fetch(FetchRequest.get(uri("/feed")).conditional("\"v1\"", "Mon, 05 Jan 2026 10:00:00 GMT"))) {
            assertThat(response.notModified()).isTrue();
        }
        var request = http.requests("/feed").get(0);
        assertThat(request.header("If-None-Match")).contains("\"v1\"");
        assertThat(request.header("If-Modified-Since")).contains("Mon, 05 Jan 2026 10:00:00 GMT");
        assertThat(request.header("Accept-Encoding")).contains("gzip");
        assertThat(request.header("User-Agent")).contains("data-broker-test");
    }

    @Test
    void decodesGzipBodiesAndExposesValidators() throws Exception {
        http.respond("/oai", Response.ok(XML, gzip(BODY)).withHeader("Content-Encoding", "gzip").withHeader("ETag", "\"abc\""));

        try (FetchResponse response = fetcher(1, Duration.ZERO).fetch(FetchRequest.get(uri("/oai")))) {
            assertThat(new String(response.bodyBytes(), StandardCharsets.UTF_8)).isEqualTo(BODY);
            assertThat(response.etag()).isEqualTo("\"abc\"");
            assertThat(response.contentType()).isEqualTo(XML);
        }
    }

    @Test
    void capsTheDecodedBodySoAZipBombCannotFillTheHeap() throws Exception {
        http.respond("/oai", Response.ok(XML, gzip("x".repeat(100_000))).withHeader("Content-Encoding", "gzip"));

        try (FetchResponse response = fetcher(1, Duration.ZERO, 10_000).fetch(FetchRequest.get(uri("/oai")))) {
            assertThatThrownBy(response::bodyBytes).isInstanceOf(ResponseTooLargeException.class)
                    .hasMessageContaining("larger than 10000 bytes");
        }
    }

    @Test
    void aBodyCutMidwayFailsTheReadWithAnIoError() throws Exception {
        http.respond("/oai", Response.ok(XML, "x".repeat(50_000)).truncatedAfter(1_000));

        try (FetchResponse response = fetcher(1, Duration.ZERO).fetch(FetchRequest.get(uri("/oai")))) {
            assertThatThrownBy(response::bodyBytes).isInstanceOf(IOException.class);
        }
    }

    private HttpFetcher fetcher(int attempts, Duration maxServerWait) {
        return fetcher(attempts, maxServerWait, 1_000_000);
    }

    private HttpFetcher fetcher(int attempts, Duration maxServerWait, long maxBody) {
        FetchSettings settings = new FetchSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), maxBody,
                "data-broker-test", Duration.ZERO, attempts, Duration.ofMillis(50), Duration.ofMillis(200), maxServerWait);
        return new HttpFetcher(settings, Clock.systemUTC(), new IngestMetrics("test", registry, Clock.systemUTC()));
    }

    private URI uri(String path) {
        return URI.create(http.url(path));
    }

    private double requests(String status) {
        var counter = registry.find(MetricNames.INGEST_REQUESTS).tags(MetricNames.TAG_STATUS, status).counter();
        return counter == null ? 0 : counter.count();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
