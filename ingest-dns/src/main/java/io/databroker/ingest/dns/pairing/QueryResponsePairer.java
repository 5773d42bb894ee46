package io.databroker.ingest.dns.pairing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.databroker.ingest.dns.dns.DnsMessage;
import io.databroker.ingest.dns.dnstap.DnstapMessage;

/**
 * Pairs dnstap queries with their responses (by {@link PairKey}) so that one record carries both times and the
 * resolution latency. Whichever side arrives first waits up to {@code timeout} for the other, then leaves alone;
 * at most {@code maxPending} wait, beyond that the oldest leaves alone. Thread-safe: every connection feeds the same
 * pairer, because a sender may log queries and responses on different connections.
 */
public final class QueryResponsePairer {

    private record Pending(DnstapMessage message, long arrivedMillis) {
    }

    private final Clock clock;
    private final long timeoutMillis;
    private final int maxPending;
    /** Insertion (= arrival) order, so the entries to expire are always at the head. */
    private final LinkedHashMap<PairKey, Pending> pending = new LinkedHashMap<>();

    public QueryResponsePairer(Clock clock, Duration timeout, int maxPending) {
        this.clock = clock;
        this.timeoutMillis = timeout.toMillis();
        this.maxPending = maxPending;
    }

    /** Takes one message; returns the exchanges it completed or pushed out (often none). */
    public synchronized List<DnsExchange> offer(DnstapMessage message) {
        DnsMessage dns = message.type().isQuery() ? message.query() : message.response();
        if (dns == null) {
            // A query event without the query message (or a response without the response) cannot be matched.
            return List.of(DnsExchange.of(message));
        }
        PairKey key = PairKey.of(message, dns);
        Pending waiting = pending.remove(key);
        List<DnsExchange> out = new ArrayList<>(1);
        if (waiting != null) {
            if (waiting.message().type().isQuery() != message.type().isQuery()) {
                out.add(waiting.message().type().isQuery()
                        ? new DnsExchange(waiting.message(), message)
                        : new DnsExchange(message, waiting.message()));
                return out;
            }
            // Same side twice (a retransmitted query reusing port and id): the earlier one will never be paired now.
            out.add(DnsExchange.of(waiting.message()));
        }
        pending.put(key, new Pending(message, clock.millis()));
        if (pending.size() > maxPending) {
            Iterator<Pending> eldest = pending.values().iterator();
            out.add(DnsExchange.of(eldest.next().message()));
            eldest.remove();
        }
        return out;
    }

    /** Removes and returns the messages that waited longer than the timeout. */
    public synchronized List<DnsExchange> expire() {
        long deadline = clock.millis() - timeoutMillis;
        List<DnsExchange> out = new ArrayList<>();
        Iterator<Map.Entry<PairKey, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Pending next = it.next().getValue();
            if (next.arrivedMillis() > deadline) {
                break;
            }
            out.add(DnsExchange.of(next.message()));
            it.remove();
        }
        return out;
    }

    /** Removes and returns everything still waiting (at shutdown: publish alone rather than lose). */
    public synchronized List<DnsExchange> drain() {
        List<DnsExchange> out = new ArrayList<>(pending.size());
        for (Pending p : pending.values()) {
            out.add(DnsExchange.of(p.message()));
        }
        pending.clear();
        return out;
    }

    public synchronized int pendingCount() {
        return pending.size();
    }
}
