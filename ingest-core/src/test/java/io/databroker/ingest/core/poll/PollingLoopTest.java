package io.databroker.ingest.core.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.databroker.ingest.core.MalformedSourceDataException;
import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.core.http.SourceHttpException;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.shared.metrics.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class PollingLoopTest {

    private static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final Duration BACKOFF = Duration.ofSeconds(1);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestMetrics metrics = new IngestMetrics("arxiv", registry, Clock.systemUTC());
    private final PollHealth health = new PollHealth(Clock.systemUTC(), Duration.ofMinutes(30));
    private final Deque<Object> script = new ArrayDeque<>();
    private final PollingLoop loop = new PollingLoop(this::next, INTERVAL, BACKOFF, Duration.ofSeconds(60), health, metrics);

    @Test
    void waitsTheRegularIntervalAfterAPollWithoutHint() throws Exception {
        script.add(PollOutcome.published(3));

        assertThat(loop.pollOnce()).isEqualTo(INTERVAL);
        assertThat(polls("ok")).isEqualTo(1.0);
        assertThat(health.lastSuccess()).isPresent();
    }

    @Test
    void pollsAgainAtOnceWhenThePollerSaysMoreIsWaiting() throws Exception {
        script.add(PollOutcome.published(1000).continueAtOnce());

        assertThat(loop.pollOnce()).isZero();
    }

    @Test
    void survivesMalformedDataAndBacksOffExponentially() throws Exception {
        script.add(new MalformedSourceDataException("not XML: root <html>"));
        script.add(new MalformedSourceDataException("not XML: root <html>"));
        script.add(new MalformedSourceDataException("not XML: root <html>"));

        Duration first = loop.pollOnce();
        loop.pollOnce();
        Duration third = loop.pollOnce();

        assertThat(first).isBetween(Duration.ofMillis(700), Duration.ofMillis(1300));
        assertThat(third).isBetween(Duration.ofMillis(2800), Duration.ofMillis(5200));
        assertThat(polls("malformed")).isEqualTo(3.0);
        assertThat(health.lastProblem()).hasValueSatisfying(p -> assertThat(p).contains("malformed", "root <html>"));
        assertThat(health.failingSince()).isPresent();
    }

    @Test
    void neverPollsAgainBeforeTheRetryAfterTheSourceAskedFor() throws Exception {
        script.add(new SourceHttpException(URI.create("http://127.0.0.1/oai"), 503,
                HttpHeaders.of(Map.of(), (a, b) -> true), Duration.ofMinutes(5)));

        assertThat(loop.pollOnce()).isEqualTo(Duration.ofMinutes(5));
        assertThat(polls("throttled")).isEqualTo(1.0);
    }

    @Test
    void aBugInThePollerIsCountedAndDoesNotStopTheLoop() throws Exception {
        script.add(new IllegalStateException("bug"));
        script.add(PollOutcome.notModified());

        loop.pollOnce();
        assertThat(loop.pollOnce()).isEqualTo(INTERVAL);
        assertThat(polls("unexpected_error")).isEqualTo(1.0);
        assertThat(polls("not_modified")).isEqualTo(1.0);
        assertThat(health.failingSince()).isEmpty();
    }

    private PollOutcome next() throws IOException {
        Object step = script.removeFirst();
        if (step instanceof RuntimeException e) {
            throw e;
        }
        if (step instanceof IOException e) {
            throw e;
        }
        return (PollOutcome) step;
    }

    private double polls(String result) {
        var counter = registry.find(MetricNames.INGEST_POLLS).tags(MetricNames.TAG_RESULT, result).counter();
        return counter == null ? 0 : counter.count();
    }
}
