package io.databroker.ingest.github.app;

import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.github.gharchive.BackfillRun;
import io.databroker.ingest.github.gharchive.GhArchiveBackfill;

/** The backfill mode's parts, present when a backfill range is configured; closing it closes its producer. */
public record BackfillIngest(GhArchiveBackfill backfill, BackfillRun run, PollHealth health,
                             TransactionalPublisher publisher) implements AutoCloseable {

    @Override
    public void close() {
        publisher.close();
    }
}
