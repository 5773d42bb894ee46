package io.databroker.ingest.arxiv.health;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

import io.databroker.ingest.arxiv.app.HarvestSchedule;
import io.databroker.ingest.core.health.PollHealth;

/**
 * Readiness: DOWN when the harvesting thread is gone or polls have failed for longer than
 * {@code broker.arxiv.unhealthy-after}. Not part of liveness: an arXiv outage is not cured by a restart.
 */
@Component("lastPoll")
public class LastPollHealthIndicator extends AbstractHealthIndicator {

    private final PollHealth pollHealth;
    private final HarvestSchedule schedule;

    public LastPollHealthIndicator(PollHealth pollHealth, HarvestSchedule schedule) {
        super("arXiv poll health check failed");
        this.pollHealth = pollHealth;
        this.schedule = schedule;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean healthy = pollHealth.isHealthy() && schedule.harvesting();
        (healthy ? builder.up() : builder.down()).withDetail("harvesting", schedule.harvesting());
        pollHealth.lastSuccess().ifPresent(t -> builder.withDetail("lastSuccess", t.toString()));
        pollHealth.failingSince().ifPresent(t -> builder.withDetail("failingSince", t.toString()));
        pollHealth.lastProblem().ifPresent(p -> builder.withDetail("lastProblem", p));
    }
}
