package io.databroker.shared.kafka;

import java.time.Duration;

import org.apache.kafka.common.errors.AuthenticationException;
import org.slf4j.Logger;

/**
 * Recognises a broker rejecting this service's credentials (SASL, or the TLS handshake) anywhere in a cause chain,
 * and says so in words an operator can act on. Such a failure does not heal by restarting the process: the service
 * stays up and not ready (readiness DOWN) instead of crash-looping, until it is restarted with valid credentials.
 */
public final class KafkaAuthentication {

    /** How long a consuming loop waits after a rejection before it polls (and so authenticates) again. */
    public static final Duration RETRY_PAUSE = Duration.ofSeconds(10);

    private KafkaAuthentication() {
    }

    /**
     * For a loop whose poll was rejected: logs the explanation and waits {@link #RETRY_PAUSE}, keeping the loop (and
     * what it has buffered) alive, so that it resumes by itself once the broker accepts the credentials. A Kafka
     * client stays usable after an authentication failure: its next request authenticates anew.
     */
    public static void pauseAfterRejection(Logger log, String loop, AuthenticationException rejection) {
        log.error("{} paused for {}: {}", loop, RETRY_PAUSE, explain(rejection));
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The {@link AuthenticationException} in {@code failure}'s cause chain, or null. */
    public static AuthenticationException cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException authentication) {
                return authentication;
            }
        }
        return null;
    }

    public static boolean failed(Throwable failure) {
        return cause(failure) != null;
    }

    /** An operator's explanation; Kafka's own message names the mechanism, never the password. */
    public static String explain(Throwable failure) {
        AuthenticationException cause = cause(failure);
        String reason = cause == null ? String.valueOf(failure) : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return "Kafka authentication failed: the broker rejected this service's credentials (" + reason + "). Check the "
                + "SASL user and password (SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG) and the truststore "
                + "(SPRING_KAFKA_SSL_TRUST_STORE_*); the service stays not ready until restarted with valid ones";
    }
}
