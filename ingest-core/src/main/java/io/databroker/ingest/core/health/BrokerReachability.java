package io.databroker.ingest.core.health;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;

/** Readiness half: can we talk to the Kafka cluster at all? One cheap metadata call ({@code describeCluster}). */
public final class BrokerReachability {

    private final Admin admin;
    private final Duration timeout;

    public BrokerReachability(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * The cluster as seen right now.
     *
     * @param reachable true when at least one broker answered within the timeout
     * @param detail    the broker count, or why the call failed
     */
    public record Status(boolean reachable, String detail) {
    }

    public Status check() {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis)).nodes()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            return nodes > 0 ? new Status(true, nodes + " broker(s)") : new Status(false, "no brokers in cluster metadata");
        } catch (ExecutionException e) {
            return new Status(false, String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            return new Status(false, "no answer within " + timeout);
        } catch (KafkaException e) {
            return new Status(false, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Status(false, "interrupted");
        }
    }
}
