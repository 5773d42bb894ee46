package io.databroker.ingest.github.app;

import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.core.poll.PollingLoop;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.github.events.EventsPoller;

/** The live mode's parts, present when {@code broker.github.live.enabled}; closing it closes its producer. */
public record LiveIngest(EventsPoller poller, PollingLoop loop, PollHealth health, TransactionalPublisher publisher)
        implements AutoCloseable {

    @Override
    public void close() {
        publisher.close();
    }
}
