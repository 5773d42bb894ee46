package io.databroker.ingest.dns.publish;

import java.util.List;

import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Which errors reported to a send callback leave the producer instance itself unusable, so that only a new producer
 * (a new producer id) can publish again. The list is what Kafka 4.2's {@code TransactionManager} turns into its
 * fatal state ({@code maybeTransitionToErrorState}) or an abortable one an idempotent producer cannot leave (the
 * authorization errors of {@code InitProducerId}); once there, the client fails every later batch with the same
 * error. Everything else (timeouts, a record too large, a leader moving, OUT_OF_ORDER_SEQUENCE_NUMBER, which an
 * idempotent 4.x producer recovers from by bumping its epoch) fails one record and leaves the producer working.
 */
public final class ProducerErrors {

    private static final List<Class<? extends Exception>> FATAL_FOR_THE_INSTANCE = List.of(
            ProducerFencedException.class,
            InvalidPidMappingException.class,
            UnsupportedVersionException.class,
            ClusterAuthorizationException.class,
            TransactionalIdAuthorizationException.class,
            TransactionAbortableException.class);

    private ProducerErrors() {
    }

    /** True when the producer that reported {@code error} will fail everything from now on. */
    public static boolean needsNewProducer(Exception error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            for (Class<? extends Exception> fatal : FATAL_FOR_THE_INSTANCE) {
                if (fatal.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }
}
