package io.databroker.enrich.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
        DomainStats unresolved = DomainStats.observed("example.net", T3, List.of());
        assertThat(DomainStats.fromJson(unresolved.toJson())).isEqualTo(unresolved);
    }

    /** The enrich-domains topic and the table's changelog already hold this form: it must not change. */
    @Test
    void writesTheJsonTheTablesAlreadyHold() {
        DomainStats stats = DomainStats.observed("example.org", T1, List.of("192.0.2.1", "2001:db8::1"))
                .merge(DomainStats.observed("example.org", T2, List.of()));

        assertThat(new String(stats.toJson(), StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"example.org\","
                + "\"first_seen\":\"2025-03-01T10:00:00Z\",\"last_seen\":\"2025-03-01T11:00:00Z\","
                + "\"resolves_to\":[\"192.0.2.1\",\"2001:db8::1\"],\"resolved_at\":\"2025-03-01T10:00:00Z\",\"query_count\":2}");
        assertThat(new String(DomainStats.observed("example.net", T3, List.of()).toJson(), StandardCharsets.UTF_8))
                .contains("\"resolves_to\":[],\"resolved_at\":null,");
    }

    @Test
    void readsPropertiesInAnyOrderAndSkipsUnknownOnes() {
        String json = "{\"query_count\":7,\"future\":[{\"name\":\"no\"}],\"resolves_to\":[\"192.0.2.9\"],"
                + "\"last_seen\":\"2025-03-01T12:00:00Z\",\"resolved_at\":\"2025-03-01T12:00:00Z\",\"name\":\"example.org\","
                + "\"first_seen\":\"2025-03-01T10:00:00Z\"}";

        assertThat(DomainStats.fromJson(json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new DomainStats("example.org", T1, T3, List.of("192.0.2.9"), T3, 7));
    }
}
