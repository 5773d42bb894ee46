package io.databroker.hot.bulk;

import java.util.Locale;

/** Why documents are re-sent; the lower_snake name is the {@code reason} tag of {@code broker.hot.bulk.retries}. */
public enum RetryCause {
    /** 429: a full write queue or circuit-breaking memory on the cluster (backpressure). */
    TOO_MANY_REQUESTS,
    /** 408 or 5xx: an unavailable shard, a node restarting, an internal error. */
    SERVER_ERROR,
    /** No HTTP answer: connection refused or reset, timeout, unknown host. */
    CONNECTION,
    /** An answer that will not change by itself (401, 403, 404, TLS): re-sent, but an operator must act. */
    NEEDS_OPERATOR,
    /** The dead letter of a rejected document could not be stored in Kafka. */
    DEAD_LETTER_UNAVAILABLE;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The cause for a failed bulk item's status, given its {@link ErrorClass}. */
    public static RetryCause ofItem(int status, ErrorClass verdict) {
        if (verdict == ErrorClass.NEEDS_OPERATOR) {
            return NEEDS_OPERATOR;
        }
        return status == 429 ? TOO_MANY_REQUESTS : SERVER_ERROR;
    }

    /** The cause for a whole request that failed, given its {@link ErrorClass}. */
    public static RetryCause ofRequest(Throwable failure, ErrorClass verdict) {
        if (verdict == ErrorClass.NEEDS_OPERATOR) {
            return NEEDS_OPERATOR;
        }
        Integer status = ElasticsearchErrorClassifier.requestStatus(failure);
        if (status == null) {
            return CONNECTION;
        }
        return status == 429 ? TOO_MANY_REQUESTS : SERVER_ERROR;
    }
}
