package io.databroker.ingest.github.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.databroker.ingest.core.http.SourceHttpException;

/** One case per test, as GitHub's "Rate limits for the REST API" describes them. */
class RateLimitTest {

    private static final Instant NOW = Instant.parse("2026-01-06T06:00:00Z");
    private static final String RESET_IN_10_MIN = String.valueOf(NOW.plusSeconds(600).getEpochSecond());

    @Test
    void readsRemainingAndReset() {
        RateLimit limit = RateLimit.from(headers(Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", RESET_IN_10_MIN)));

        assertThat(limit.exhausted()).isTrue();
        assertThat(limit.untilReset(NOW)).isEqualTo(Duration.ofMinutes(10));
        assertThat(limit.untilReset(NOW.plusSeconds(700))).isZero();
    }

    @Test
    void withoutHeadersNothingIsExhausted() {
        assertThat(RateLimit.from(headers(Map.of())).exhausted()).isFalse();
        assertThat(RateLimit.from(headers(Map.of("X-RateLimit-Remaining", "12"))).exhausted()).isFalse();
    }

    @Test
    void aForbiddenWithRemainingZeroIsThePrimaryLimitUntilReset() {
        SourceHttpException classified = RateLimit.classify(failure(403,
                Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", RESET_IN_10_MIN), null), NOW);

        assertThat(classified).isInstanceOfSatisfying(RateLimitedException.class, e -> {
            assertThat(e.limit()).isEqualTo("primary");
            assertThat(e.retryAfter()).contains(Duration.ofMinutes(10));
            assertThat(e.throttled()).isTrue();
        });
    }

    @Test
    void aRetryAfterOn403Or429IsASecondaryLimitWaitedExactly() {
        for (int status : new int[] {403, 429}) {
            SourceHttpException classified = RateLimit.classify(failure(status, Map.of("Retry-After", "90"), Duration.ofSeconds(90)), NOW);

            assertThat(classified).isInstanceOfSatisfying(RateLimitedException.class, e -> {
                assertThat(e.limit()).isEqualTo("secondary");
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(90));
            });
        }
    }

    @Test
    void a429WithoutHintsWaitsAMinute() {
        SourceHttpException classified = RateLimit.classify(failure(429, Map.of(), null), NOW);

        assertThat(classified.retryAfter()).contains(Duration.ofMinutes(1));
        assertThat(classified.throttled()).isTrue();
    }

    @Test
    void a403WithoutHintsIsARealRefusal() {
        SourceHttpException failure = failure(403, Map.of("X-RateLimit-Remaining", "4999"), null);

        assertThat(RateLimit.classify(failure, NOW)).isSameAs(failure);
    }

    @Test
    void otherStatusesAreNotRateLimits() {
        SourceHttpException failure = failure(503, Map.of("Retry-After", "5"), Duration.ofSeconds(5));

        assertThat(RateLimit.classify(failure, NOW)).isSameAs(failure);
    }

    private static SourceHttpException failure(int status, Map<String, String> headers, Duration retryAfter) {
        return new SourceHttpException(URI.create("https://api.github.com/events"), status, headers(headers), retryAfter);
    }

    private static HttpHeaders headers(Map<String, String> values) {
        return HttpHeaders.of(values.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> List.of(e.getValue()))), (a, b) -> true);
    }
}
