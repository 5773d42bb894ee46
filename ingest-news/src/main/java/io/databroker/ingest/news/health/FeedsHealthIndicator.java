package io.databroker.ingest.news.health;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

import io.databroker.ingest.news.poll.FeedsHealth;
import io.databroker.ingest.news.poll.NewsPolling;

/**
 * Readiness: DOWN when polling is not running, or when every feed still polled has been failing for longer than
 * {@code broker.news.unhealthy-after}. A few broken or gone (410) feeds leave it UP: that is the feeds' problem, and
 * the details and metrics name them. Not part of liveness: an outage of the feeds is not cured by a restart.
 */
@Component("lastPoll")
public class FeedsHealthIndicator extends AbstractHealthIndicator {

    private final NewsPolling polling;

    public FeedsHealthIndicator(NewsPolling polling) {
        super("news feed health check failed");
        this.polling = polling;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        FeedsHealth.Status status = polling.health();
        boolean healthy = status.healthy() && polling.running();
        (healthy ? builder.up() : builder.down())
                .withDetail("polling", polling.running())
                .withDetail("activeFeeds", status.active())
                .withDetail("disabledFeeds", status.disabled())
                .withDetail("failingFeeds", status.failing())
                .withDetail("unhealthyFeeds", status.unhealthy());
    }
}
