package io.databroker.ingest.dns.ingest;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.databroker.ingest.dns.pairing.PairingResult;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The metrics of ingest-dns, recorded by intent. Prometheus names: frames received / decoded and records published
 * are {@code broker_events_processed_total{source="dns",stage="received|decoded|published"}}; drops are
 * {@code broker_events_failed_total{source="dns",stage,reason}}; plus {@code broker_dns_connections} (open),
 * {@code broker_dns_connections_rejected_total}, {@code broker_dns_pairing_total{result}},
 * {@code broker_dns_pairing_pending}, {@code broker_dns_publish_in_flight} and
 * {@code broker_dns_producer_replaced_total{reason}}.
 */
public final class IngestMetrics {

    public static final String CONNECTIONS = "broker.dns.connections";
    public static final String CONNECTIONS_REJECTED = "broker.dns.connections.rejected";
    public static final String PAIRING = "broker.dns.pairing";
    public static final String PAIRING_PENDING = "broker.dns.pairing.pending";
    public static final String IN_FLIGHT = "broker.dns.publish.in.flight";
    public static final String PRODUCER_REPLACED = MetricNames.DNS_PRODUCER_REPLACED;

    private static final String SOURCE = Source.DNS.id();

    private final MeterRegistry registry;
    private final Counter received;
    private final Counter decoded;
    private final Counter published;
    private final Counter rejectedConnections;
    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
    private final Map<PairingResult, Counter> pairing = new EnumMap<>(PairingResult.class);
    private final Map<ProducerReplacement, Counter> producerReplaced = new EnumMap<>(ProducerReplacement.class);
    private final AtomicInteger openConnections = new AtomicInteger();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = processed("received");
        this.decoded = processed("decoded");
        this.published = processed("published");
        this.rejectedConnections = Counter.builder(CONNECTIONS_REJECTED)
                .description("dnstap connections closed at once because broker.dns.max-connections were open")
                .register(registry);
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, Counter.builder(MetricNames.EVENTS_FAILED)
                    .tag(MetricNames.TAG_SOURCE, SOURCE).tag(MetricNames.TAG_STAGE, reason.stage())
                    .tag(MetricNames.TAG_REASON, reason.tag()).register(registry));
        }
        for (PairingResult result : PairingResult.values()) {
            pairing.put(result, Counter.builder(PAIRING).tag(MetricNames.TAG_RESULT, result.tag())
                    .description("records by how their query and response were paired").register(registry));
        }
        for (ProducerReplacement reason : ProducerReplacement.values()) {
            producerReplaced.put(reason, Counter.builder(PRODUCER_REPLACED).tag(MetricNames.TAG_REASON, reason.tag())
                    .description("Kafka producers closed and replaced by a new one because they could not publish any more")
                    .register(registry));
        }
        Gauge.builder(CONNECTIONS, openConnections, AtomicInteger::get)
                .description("dnstap connections open").register(registry);
    }

    private Counter processed(String stage) {
        return Counter.builder(MetricNames.EVENTS_PROCESSED).tag(MetricNames.TAG_SOURCE, SOURCE)
                .tag(MetricNames.TAG_STAGE, stage).register(registry);
    }

    /** Registers the gauges whose values live elsewhere (the publisher's in-flight count, the pairer's backlog). */
    public void watch(Supplier<Number> inFlight, Supplier<Number> pendingPairs) {
        Gauge.builder(IN_FLIGHT, inFlight).description("records sent to Kafka and not yet acknowledged").register(registry);
        Gauge.builder(PAIRING_PENDING, pendingPairs).description("dnstap messages waiting for their counterpart").register(registry);
    }

    public void frameReceived() {
        received.increment();
    }

    public void frameDecoded() {
        decoded.increment();
    }

    public void recordPublished() {
        published.increment();
    }

    public void dropped(DropReason reason) {
        dropped.get(reason).increment();
    }

    public void paired(PairingResult result) {
        pairing.get(result).increment();
    }

    public void producerReplaced(ProducerReplacement reason) {
        producerReplaced.get(reason).increment();
    }

    public double producerReplacedCount(ProducerReplacement reason) {
        return producerReplaced.get(reason).count();
    }

    public void connectionOpened() {
        openConnections.incrementAndGet();
    }

    public void connectionClosed() {
        openConnections.decrementAndGet();
    }

    public void connectionRejected() {
        rejectedConnections.increment();
    }

    public double droppedCount(DropReason reason) {
        return dropped.get(reason).count();
    }

    public double publishedCount() {
        return published.count();
    }

    public double receivedCount() {
        return received.count();
    }

    public int openConnections() {
        return openConnections.get();
    }
}
