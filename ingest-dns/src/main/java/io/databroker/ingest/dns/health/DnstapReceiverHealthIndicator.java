package io.databroker.ingest.dns.health;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

import io.databroker.ingest.dns.ingest.IngestMetrics;
import io.databroker.ingest.dns.publish.DnsRecordPublisher;
import io.databroker.ingest.dns.receive.DnstapReceiver;

/**
 * Readiness (ARCHITECTURE §8: broker reachable, last publish healthy): the listeners accept connections, the Kafka
 * cluster answers a metadata request within 2 s, and Kafka acknowledged the last record it was sent (a refused record
 * turns it DOWN until the next one is acknowledged, or until it is 30 s old with nothing in flight). DOWN steers resolvers to another collector instance. Not part of
 * liveness: a Kafka outage is not cured by a restart.
 */
@Component("dnstap")
public class DnstapReceiverHealthIndicator extends AbstractHealthIndicator {

    private static final long KAFKA_TIMEOUT_MILLIS = 2_000;

    private final DnstapReceiver receiver;
    private final DnsRecordPublisher publisher;
    private final IngestMetrics metrics;
    private final Admin admin;

    public DnstapReceiverHealthIndicator(DnstapReceiver receiver, DnsRecordPublisher publisher, IngestMetrics metrics,
                                         Admin healthAdmin) {
        super("dnstap receiver health check failed");
        this.receiver = receiver;
        this.publisher = publisher;
        this.metrics = metrics;
        this.admin = healthAdmin;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws InterruptedException {
        boolean accepting = receiver.isAccepting();
        boolean publishing = publisher.healthy();
        String kafka = kafkaProblem();
        builder.status(accepting && publishing && kafka == null ? "UP" : "DOWN")
                .withDetail("accepting", accepting)
                .withDetail("kafkaReachable", kafka == null)
                .withDetail("lastPublishSucceeded", publishing)
                .withDetail("openConnections", metrics.openConnections())
                .withDetail("inFlight", publisher.inFlight());
        if (kafka != null) {
            builder.withDetail("kafkaProblem", kafka);
        }
        if (!publishing && publisher.lastError() != null) {
            builder.withDetail("lastPublishError", publisher.lastError());
        }
        if (receiver.tcpPort() >= 0) {
            builder.withDetail("tcpPort", receiver.tcpPort());
        }
    }

    /** Null when the cluster answered, else why not (exception type only: messages may carry hosts or secrets). */
    private String kafkaProblem() throws InterruptedException {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) KAFKA_TIMEOUT_MILLIS))
                    .clusterId().get(KAFKA_TIMEOUT_MILLIS + 500, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause().getClass().getSimpleName();
        } catch (TimeoutException e) {
            return "TimeoutException";
        }
    }
}
