package io.databroker.enrich.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class DomainStatsTest {

    private static final Instant T1 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2025-03-01T11:00:00Z");
    private static final Instant T3 = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void mergeKeepsFirstAndLastSeenAndCountsWhateverTheOrder() {
        DomainStats a = DomainStats.observed("example.org", T2, List.of("192.0.2.1"));
        DomainStats b = DomainStats.observed("example.org", T1, List.of());
        DomainStats c = DomainStats.observed("example.org", T3, List.of());

        DomainStats forward = a.merge(b).merge(c);
        DomainStats backward = c.merge(b).merge(a);

        assertThat(forward).isEqualTo(backward);
        assertThat(forward.firstSeen()).isEqualTo(T1);
        assertThat(forward.lastSeen()).isEqualTo(T3);
        assertThat(forward.queryCount()).isEqualTo(3);
        assertThat(forward.resolvesTo()).containsExactly("192.0.2.1");
    }

    @Test
    void latestAnswersWin() {
        DomainStats merged = DomainStats.observed("example.org", T3, List.of("192.0.2.3"))
                .merge(DomainStats.observed("example.org", T1, List.of("192.0.2.1")));

        assertThat(merged.resolvesTo()).containsExactly("192.0.2.3");
        assertThat(merged.resolvedAt()).isEqualTo(T3);
    }

    @Test
    void roundTripsThroughJson() {
        DomainStats stats = DomainStats.observed("example.org", T1, List.of("2001:db8::1")).merge(DomainStats.observed("example.org", T2, List.of()));

        assertThat(DomainStats.fromJson(stats.toJson())).isEqualTo(stats);
    }
}
