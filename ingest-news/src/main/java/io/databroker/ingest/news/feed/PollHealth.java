package io.databroker.ingest.news.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers when a poll round last reached at least one feed, so readiness can report a service whose every feed
 * has been failing (network down, broker gone) for longer than a threshold. Thread-safe.
 */
public final class PollHealth {

    private final Clock clock;
    private final Duration unhealthyAfter;
    private volatile Instant lastHealthy;
    private volatile String lastProblem = "no poll yet";

    public PollHealth(Clock clock, Duration unhealthyAfter) {
        this.clock = clock;
        this.unhealthyAfter = unhealthyAfter;
        this.lastHealthy = clock.instant(); // grace period from start-up
    }

    /** Records a finished round; a round without feeds, or with one feed reached, is healthy. */
    public void roundFinished(int feeds, int healthyFeeds) {
        if (feeds == 0 || healthyFeeds > 0) {
            lastHealthy = clock.instant();
            lastProblem = null;
        } else {
            lastProblem = "all " + feeds + " feeds failed in the last round";
        }
    }

    public boolean isHealthy() {
        return !clock.instant().isAfter(lastHealthy.plus(unhealthyAfter));
    }

    public Instant lastHealthy() {
        return lastHealthy;
    }

    /** Why the last round was not healthy, or null. */
    public String lastProblem() {
        return lastProblem;
    }
}
