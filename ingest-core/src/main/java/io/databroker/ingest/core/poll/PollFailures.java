package io.databroker.ingest.core.poll;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import io.databroker.ingest.core.MalformedSourceDataException;
import io.databroker.ingest.core.SourceErrorException;
import io.databroker.ingest.core.http.ResponseTooLargeException;
import io.databroker.ingest.core.http.SourceHttpException;
import io.databroker.ingest.core.publish.PublishFailedException;

/** Decides, in one tested place, which {@link PollResult} a failed poll counts as and what wait the source asked for. */
public final class PollFailures {

    private PollFailures() {
    }

    /** The result tag of a poll that threw {@code failure}. */
    public static PollResult classify(Throwable failure) {
        if (causedBy(failure, ResponseTooLargeException.class) || failure instanceof MalformedSourceDataException) {
            return PollResult.MALFORMED;
        }
        if (failure instanceof SourceHttpException http) {
            return http.throttled() ? PollResult.THROTTLED : PollResult.HTTP_ERROR;
        }
        if (failure instanceof SourceErrorException) {
            return PollResult.SOURCE_ERROR;
        }
        if (failure instanceof PublishFailedException) {
            return PollResult.PUBLISH_FAILED;
        }
        if (failure instanceof IOException) {
            return PollResult.IO_ERROR;
        }
        return PollResult.UNEXPECTED_ERROR;
    }

    /** The wait a source asked for (Retry-After) in a failure, if any. */
    public static Optional<Duration> requestedWait(Throwable failure) {
        return failure instanceof SourceHttpException http ? http.retryAfter() : Optional.empty();
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
