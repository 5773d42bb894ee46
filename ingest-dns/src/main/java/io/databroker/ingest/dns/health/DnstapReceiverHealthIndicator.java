package io.databroker.ingest.dns.health;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

import io.databroker.ingest.dns.ingest.IngestMetrics;
import io.databroker.ingest.dns.publish.DnsRecordPublisher;
import io.databroker.ingest.dns.receive.DnstapReceiver;

/**
 * Readiness: the listeners accept connections and Kafka acknowledged the last record it was sent (a refused record
 * turns it DOWN until the next one is acknowledged). Not part of liveness: a Kafka outage is not cured by a restart.
 */
@Component("dnstap")
public class DnstapReceiverHealthIndicator extends AbstractHealthIndicator {

    private final DnstapReceiver receiver;
    private final DnsRecordPublisher publisher;
    private final IngestMetrics metrics;

    public DnstapReceiverHealthIndicator(DnstapReceiver receiver, DnsRecordPublisher publisher, IngestMetrics metrics) {
        super("dnstap receiver health check failed");
        this.receiver = receiver;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean accepting = receiver.isAccepting();
        boolean publishing = publisher.healthy();
        builder.status(accepting && publishing ? "UP" : "DOWN")
                .withDetail("accepting", accepting)
                .withDetail("lastPublishSucceeded", publishing)
                .withDetail("openConnections", metrics.openConnections())
                .withDetail("inFlight", publisher.inFlight());
        if (receiver.tcpPort() >= 0) {
            builder.withDetail("tcpPort", receiver.tcpPort());
        }
    }
}
