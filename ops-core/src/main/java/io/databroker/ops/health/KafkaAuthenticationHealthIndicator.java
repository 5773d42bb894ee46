package io.databroker.ops.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.databroker.shared.kafka.KafkaAuthentication;

/**
 * Readiness {@code kafkaAuthentication}: DOWN while the broker rejects this service's credentials (SASL or the TLS
 * handshake), with the reason logged once per change. Any other outcome (connected, unreachable, slow) is UP here:
 * reachability is the business of the services' own checks. One Admin client is kept while it works; after a
 * rejection (which ends that client's thread) the next check, at most every {@link #RECHECK}, builds a new one.
 */
public class KafkaAuthenticationHealthIndicator extends AbstractHealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(KafkaAuthenticationHealthIndicator.class);

    static final Duration RECHECK = Duration.ofSeconds(30);
    private static final int TIMEOUT_MS = 10_000;

    private final Supplier<Map<String, Object>> adminConfig;
    private Admin admin;
    private long nextCheckNanos = System.nanoTime();
    private volatile String failure;

    /** @param adminConfig the service's Admin client settings (Boot's {@code KafkaProperties.buildAdminProperties()}) */
    public KafkaAuthenticationHealthIndicator(Supplier<Map<String, Object>> adminConfig) {
        super("Kafka authentication check failed");
        this.adminConfig = adminConfig;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        checkIfDue();
        String rejected = failure;
        if (rejected != null) {
            builder.down().withDetail("error", rejected);
        } else {
            builder.up();
        }
    }

    private synchronized void checkIfDue() {
        if (System.nanoTime() - nextCheckNanos < 0) {
            return;
        }
        nextCheckNanos = System.nanoTime() + RECHECK.toNanos();
        try {
            if (admin == null) {
                Map<String, Object> config = new HashMap<>(adminConfig.get());
                config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
                config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
                admin = Admin.create(config);
            }
            admin.describeCluster().clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            accepted();
        } catch (ExecutionException | RuntimeException e) {
            if (KafkaAuthentication.failed(e)) {
                rejected(KafkaAuthentication.explain(e));
            } else {
                accepted();
            }
        } catch (TimeoutException e) {
            accepted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accepted() {
        if (failure != null) {
            log.info("Kafka accepts this service's credentials again");
        }
        failure = null;
    }

    private void rejected(String explanation) {
        if (!explanation.equals(failure)) {
            log.error(explanation);
        }
        failure = explanation;
        // A rejected Admin client has ended its thread: start afresh next time.
        admin.close(Duration.ofSeconds(1));
        admin = null;
    }

    /** Closes the Admin client (bean destroy). */
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}
