package io.databroker.ingest.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.HostileHttpServer;
import io.databroker.testsupport.HostileHttpServer.Behaviour;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The fetcher against sources that attack the client (issue 11, source side): each fetch must end, with an error that
 * names the limit that ended it, instead of hanging or filling the heap. The class-level timeout only turns a hang
 * into a failure; nothing here asserts on durations.
 */
@Timeout(120)
class HostileSourceIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static final long MAX_BODY = 1_000_000;

    private final HostileHttpServer hostile = HostileHttpServer.start(Duration.ofMillis(100));
    private final FixtureHttpServer http = FixtureHttpServer.start();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void tearDown() {
        hostile.close();
        http.close();
    }

    @Test
    void headersTrickledAByteAtATimeEndAtTheReadTimeoutOfEveryAttempt() {
        hostile.on("/slow-headers", Behaviour.TRICKLE_HEADERS);

        assertThatThrownBy(() -> fetcher(2).fetch(FetchRequest.get(URI.create(hostile.url("/slow-headers")))))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(hostile.requests("/slow-headers")).as("each attempt given up at the timeout, then retried").isEqualTo(2);
        assertThat(requests("io_error")).isEqualTo(2.0);
    }

    @Test
    void aBodyTrickledAByteAtATimeEndsAtTheReadTimeout() throws Exception {
        hostile.on("/slow-body", Behaviour.TRICKLE_BODY);

        try (FetchResponse response = fetcher(1).fetch(FetchRequest.get(URI.create(hostile.url("/slow-body"))))) {
            assertThatThrownBy(response::bodyBytes).isInstanceOf(HttpTimeoutException.class)
                    .hasMessageContaining("took longer than " + READ_TIMEOUT + " (read timeout)");
        }
    }

    @Test
    void aServerFallingSilentAfterItsHeadersCannotBlockTheReaderPastTheReadTimeout() throws Exception {
        hostile.on("/silent", Behaviour.SILENT_AFTER_HEADERS);

        try (FetchResponse response = fetcher(1).fetch(FetchRequest.get(URI.create(hostile.url("/silent"))))) {
            assertThatThrownBy(() -> response.body().read(new byte[100])).isInstanceOf(HttpTimeoutException.class)
                    .hasMessageContaining("took longer than " + READ_TIMEOUT + " (read timeout)");
        }
    }

    @Test
    void anEndlessBodyEndsAtTheBodyCap() throws Exception {
        hostile.on("/endless", Behaviour.ENDLESS_BODY);

        try (FetchResponse response = fetcher(1).fetch(FetchRequest.get(URI.create(hostile.url("/endless"))))) {
            assertThatThrownBy(() -> drain(response.body())).isInstanceOf(ResponseTooLargeException.class)
                    .hasMessageContaining("larger than " + MAX_BODY + " bytes");
        }
    }

    @Test
    void aGzipBombEndsAtTheCapOnDecodedBytes() throws Exception {
        // 200 MB of zeros in about 200 KB: the cap counts what the decoder produces, not what the wire carried.
        byte[] bomb = HostileHttpServer.gzipBomb(200_000_000);
        assertThat(bomb.length).isLessThan((int) MAX_BODY);
        http.respond("/bomb", Response.ok("application/json", bomb).withHeader("Content-Encoding", "gzip"));

        try (FetchResponse response = fetcher(1).fetch(FetchRequest.get(URI.create(http.url("/bomb"))))) {
            assertThatThrownBy(() -> drain(response.body())).isInstanceOf(ResponseTooLargeException.class)
                    .hasMessageContaining("larger than " + MAX_BODY + " bytes");
        }
    }

    @Test
    void aRedirectLoopEndsAsAnErrorNamingTheRedirect() {
        http.respond("/loop", Response.of(302).withHeader("Location", "/loop"));

        assertThatThrownBy(() -> fetcher(3).fetch(FetchRequest.get(URI.create(http.url("/loop")))))
                .isInstanceOfSatisfying(SourceHttpException.class, e -> assertThat(e.status()).isEqualTo(302));
        assertThat(http.requests("/loop").size())
                .as("the JDK client's redirect limit (jdk.httpclient.redirects.retrylimit, 5 requests), not retried")
                .isEqualTo(5);
    }

    private HttpFetcher fetcher(int attempts) {
        FetchSettings settings = new FetchSettings(Duration.ofSeconds(5), READ_TIMEOUT, MAX_BODY, "data-broker-test",
                Duration.ZERO, attempts, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(1));
        return new HttpFetcher(settings, Clock.systemUTC(), new IngestMetrics("test", registry, Clock.systemUTC()));
    }

    private double requests(String status) {
        var counter = registry.find(MetricNames.INGEST_REQUESTS).tags(MetricNames.TAG_STATUS, status).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void drain(InputStream body) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (body.read(buffer) >= 0) {
            // reading is the point
        }
    }

}
