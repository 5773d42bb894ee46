package io.databroker.ingest.news.health;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

import io.databroker.ingest.news.feed.PollHealth;

/** Readiness: DOWN when no feed has been polled successfully for longer than {@code broker.news.unhealthy-after}. */
@Component("lastPoll")
public class LastPollHealthIndicator extends AbstractHealthIndicator {

    private final PollHealth pollHealth;

    public LastPollHealthIndicator(PollHealth pollHealth) {
        super("last news poll failed for every feed");
        this.pollHealth = pollHealth;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.status(pollHealth.isHealthy() ? "UP" : "DOWN").withDetail("lastHealthyRound", pollHealth.lastHealthy().toString());
        if (pollHealth.lastProblem() != null) {
            builder.withDetail("lastProblem", pollHealth.lastProblem());
        }
    }
}
