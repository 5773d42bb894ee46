package io.databroker.hot.pipeline;

import java.time.Instant;

import io.databroker.hot.bulk.IndexAction;

/** What {@link RecordAdmission} decided for one record that is not dead-lettered. */
sealed interface Admission {

    /**
     * Index it.
     *
     * @param eventTime the document's {@code event_time}; null when absent or not an RFC 3339 instant
     */
    record Index(IndexAction action, Instant eventTime) implements Admission {
    }

    /** Deliberately not written, counted under {@code reason}. */
    record Skip(SkipReason reason) implements Admission {
    }
}
