package io.databroker.ingest.dns.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

import io.databroker.ingest.dns.TestDnstap;
import io.databroker.ingest.dns.dns.DnsWireDecoder;
import io.databroker.ingest.dns.dnstap.DnstapDecoder;
import io.databroker.ingest.dns.dnstap.DnstapMessage;
import io.databroker.ingest.dns.dnstap.MessageType;

class QueryResponsePairerTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private final DnstapDecoder decoder = new DnstapDecoder(new DnsWireDecoder());
    private final MutableClock clock = new MutableClock(T0);
    private final QueryResponsePairer pairer = new QueryResponsePairer(clock, Duration.ofSeconds(5), 3);

    @Test
    void pairsAResponseWithItsWaitingQuery() {
        DnstapMessage query = query(100, "www.example.test.", "192.0.2.1", 40000);
        DnstapMessage response = response(100, "www.example.test.", "192.0.2.1", 40000);

        assertThat(pairer.offer(query)).as("the query waits").isEmpty();
        List<DnsExchange> out = pairer.offer(response);

        assertThat(out).singleElement().satisfies(e -> {
            assertThat(e.result()).isEqualTo(PairingResult.PAIRED);
            assertThat(e.query()).isSameAs(query);
            assertThat(e.response()).isSameAs(response);
        });
        assertThat(pairer.pendingCount()).isZero();
    }

    @Test
    void pairsAResponseThatArrivesBeforeItsQuery() {
        DnstapMessage response = response(7, "a.example.test.", "192.0.2.1", 1);
        DnstapMessage query = query(7, "a.example.test.", "192.0.2.1", 1);

        assertThat(pairer.offer(response)).isEmpty();
        assertThat(pairer.offer(query)).singleElement().satisfies(e -> {
            assertThat(e.query()).isSameAs(query);
            assertThat(e.response()).isSameAs(response);
        });
    }

    @Test
    void doesNotPairAcrossDifferentClientsIdsOrNames() {
        pairer.offer(query(1, "a.example.test.", "192.0.2.1", 1000));

        assertThat(pairer.offer(response(1, "a.example.test.", "192.0.2.2", 1000))).isEmpty();
        assertThat(pairer.offer(response(2, "a.example.test.", "192.0.2.1", 1000))).isEmpty();
        assertThat(pairer.pendingCount()).isEqualTo(3);
    }

    @Test
    void aMessageWaitsNoLongerThanTheTimeout() {
        DnstapMessage query = query(1, "slow.example.test.", "192.0.2.1", 1000);
        pairer.offer(query);

        clock.advance(Duration.ofMillis(4999));
        assertThat(pairer.expire()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(pairer.expire()).singleElement().satisfies(e -> {
            assertThat(e.result()).isEqualTo(PairingResult.QUERY_ONLY);
            assertThat(e.query()).isSameAs(query);
        });
        assertThat(pairer.offer(response(1, "slow.example.test.", "192.0.2.1", 1000)))
                .as("its late response now waits alone").isEmpty();
    }

    @Test
    void beyondMaxPendingTheOldestLeavesAlone() {
        DnstapMessage oldest = query(1, "a.example.test.", "192.0.2.1", 1);
        pairer.offer(oldest);
        pairer.offer(query(2, "b.example.test.", "192.0.2.1", 1));
        pairer.offer(query(3, "c.example.test.", "192.0.2.1", 1));

        List<DnsExchange> out = pairer.offer(query(4, "d.example.test.", "192.0.2.1", 1));

        assertThat(out).singleElement().satisfies(e -> assertThat(e.query()).isSameAs(oldest));
        assertThat(pairer.pendingCount()).isEqualTo(3);
    }

    @Test
    void aRetransmittedQueryPushesOutTheEarlierOne() {
        DnstapMessage first = query(9, "a.example.test.", "192.0.2.1", 1);
        DnstapMessage retry = query(9, "a.example.test.", "192.0.2.1", 1);
        pairer.offer(first);

        assertThat(pairer.offer(retry)).singleElement().satisfies(e -> assertThat(e.query()).isSameAs(first));
        assertThat(pairer.offer(response(9, "a.example.test.", "192.0.2.1", 1)))
                .singleElement().satisfies(e -> assertThat(e.query()).isSameAs(retry));
    }

    @Test
    void drainHandsOverEverythingStillWaiting() {
        pairer.offer(query(1, "a.example.test.", "192.0.2.1", 1));
        pairer.offer(response(2, "b.example.test.", "192.0.2.1", 1));

        assertThat(pairer.drain()).extracting(DnsExchange::result)
                .containsExactly(PairingResult.QUERY_ONLY, PairingResult.RESPONSE_ONLY);
        assertThat(pairer.pendingCount()).isZero();
    }

    private DnstapMessage query(int id, String name, String client, int port) {
        return decoder.decode(TestDnstap.event(MessageType.CLIENT_QUERY).client(client, port).queryTime(clock.instant())
                .query(TestDnstap.query(id, name, Type.A)).bytes());
    }

    private DnstapMessage response(int id, String name, String client, int port) {
        Message query = TestDnstap.query(id, name, Type.A);
        return decoder.decode(TestDnstap.event(MessageType.CLIENT_RESPONSE).client(client, port).responseTime(clock.instant())
                .response(TestDnstap.noError(query)).bytes());
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
