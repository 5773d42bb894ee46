package io.databroker.ingest.core.poll;

import java.io.IOException;

/**
 * One source's poll: fetch one page or document, publish what is new with the advanced cursor, say when to come back.
 * Failures are thrown, typed ({@link PollFailures} names them); the {@link PollingLoop} handles them in one place.
 */
@FunctionalInterface
public interface Poller {

    PollOutcome poll() throws IOException, InterruptedException;
}
