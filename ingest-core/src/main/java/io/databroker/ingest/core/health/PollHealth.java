package io.databroker.ingest.core.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Readiness state of one polling loop: when the last poll succeeded and since when polls have been failing. The
 * service is unhealthy once polls have failed without a success for longer than {@code unhealthyAfter}: a single
 * failure (a 503 storm, a bad page) is normal life for a harvester and must not flap readiness. Thread-safe.
 */
public final class PollHealth {

    private final Clock clock;
    private final Duration unhealthyAfter;
    private volatile Instant lastSuccess;
    private volatile Instant failingSince;
    private volatile String lastProblem;

    public PollHealth(Clock clock, Duration unhealthyAfter) {
        this.clock = clock;
        this.unhealthyAfter = unhealthyAfter;
    }

    public void succeeded() {
        lastSuccess = clock.instant();
        failingSince = null;
        lastProblem = null;
    }

    /** @param problem what went wrong, for the health details (a URL and a reason, never a payload) */
    public void failed(String problem) {
        if (failingSince == null) {
            failingSince = clock.instant();
        }
        lastProblem = problem;
    }

    public boolean isHealthy() {
        Instant since = failingSince;
        return since == null || !clock.instant().isAfter(since.plus(unhealthyAfter));
    }

    public Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }

    public Optional<Instant> failingSince() {
        return Optional.ofNullable(failingSince);
    }

    public Optional<String> lastProblem() {
        return Optional.ofNullable(lastProblem);
    }
}
