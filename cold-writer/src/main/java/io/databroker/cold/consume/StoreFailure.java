package io.databroker.cold.consume;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.delta.kernel.exceptions.InvalidConfigurationValueException;
import io.delta.kernel.exceptions.InvalidTableException;
import io.delta.kernel.exceptions.KernelEngineException;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.UnknownConfigurationException;
import io.delta.kernel.exceptions.UnsupportedProtocolVersionException;
import io.delta.kernel.exceptions.UnsupportedTableFeatureException;

import io.databroker.cold.delta.ConflictingOffsetsException;
import io.databroker.cold.delta.TableSchemaMismatchException;

/**
 * How the writer reacts to a failure while reading or committing a table (STYLE §7: one classifier per client).
 * Every kind but {@link #BUG} ends the same way (buffer dropped, offsets reloaded from the log); they differ in how
 * soon the writer tries again and in how loudly it says so.
 */
public enum StoreFailure {
    /** The log moved under us: reload and resume at once. */
    CONFLICT,
    /**
     * Storage unreachable, I/O error, a commit that failed or whose outcome is unknown, a dead letter Kafka did not
     * take: retry with backoff.
     */
    UNAVAILABLE,
    /**
     * The table exists with another schema, partitioning or a protocol Kernel cannot write, or the configured table
     * properties are ones Kernel refuses: an operator must act; retried slowly.
     */
    NEEDS_OPERATOR,
    /** Anything else is a defect in this service: not retried. */
    BUG;

    /** Classifies {@code failure}, looking through wrapping exceptions for an I/O cause. */
    public static StoreFailure of(Throwable failure) {
        if (failure instanceof ConflictingOffsetsException) {
            return CONFLICT;
        }
        if (failure instanceof TableSchemaMismatchException || failure instanceof UnsupportedTableFeatureException
                || failure instanceof UnsupportedProtocolVersionException || failure instanceof InvalidTableException
                || failure instanceof UnknownConfigurationException || failure instanceof InvalidConfigurationValueException) {
            return NEEDS_OPERATOR;
        }
        if (failure instanceof KernelException || failure instanceof KernelEngineException
                || failure instanceof UncheckedIOException || failure instanceof DeadLetterNotStoredException) {
            return UNAVAILABLE;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return UNAVAILABLE;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return BUG;
    }
}
