package io.databroker.ingest.github.health;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.github.app.BackfillIngest;
import io.databroker.ingest.github.app.IngestSchedule;
import io.databroker.ingest.github.app.LiveIngest;

/**
 * Readiness: DOWN when an enabled mode's thread is gone (a finished backfill is fine) or its polls have failed for
 * longer than {@code broker.github.unhealthy-after}. Not part of liveness: a GitHub outage is not cured by a restart.
 */
@Component("lastPoll")
public class LastPollHealthIndicator extends AbstractHealthIndicator {

    private final IngestSchedule schedule;
    private final LiveIngest live;
    private final BackfillIngest backfill;

    public LastPollHealthIndicator(IngestSchedule schedule, ObjectProvider<LiveIngest> live,
                                   ObjectProvider<BackfillIngest> backfill) {
        super("GitHub poll health check failed");
        this.schedule = schedule;
        this.live = live.getIfAvailable();
        this.backfill = backfill.getIfAvailable();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean healthy = true;
        if (live != null) {
            boolean running = schedule.livePolling();
            healthy &= running && live.health().isHealthy();
            builder.withDetail("live", details(live.health(), "polling", running));
        }
        if (backfill != null) {
            boolean onTrack = schedule.backfillOnTrack();
            healthy &= onTrack && backfill.health().isHealthy();
            Map<String, Object> details = details(backfill.health(), "running", onTrack);
            details.put("finished", backfill.backfill().finished());
            details.put("nextHour", backfill.backfill().cursor().nextHour().toString());
            builder.withDetail("backfill", details);
        }
        (healthy ? builder.up() : builder.down()).withDetail("modes", (live != null ? 1 : 0) + (backfill != null ? 1 : 0));
    }

    private static Map<String, Object> details(PollHealth health, String state, boolean running) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(state, running);
        health.lastSuccess().ifPresent(t -> details.put("lastSuccess", t.toString()));
        health.failingSince().ifPresent(t -> details.put("failingSince", t.toString()));
        health.lastProblem().ifPresent(p -> details.put("lastProblem", p));
        return details;
    }
}
