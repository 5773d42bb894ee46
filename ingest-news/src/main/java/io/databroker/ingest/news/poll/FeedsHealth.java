package io.databroker.ingest.news.poll;

import java.util.List;

/**
 * Readiness of the feed pollers as a whole: unhealthy only when every feed still being polled has been failing for
 * longer than the threshold ({@code PollHealth}). One broken or gone feed among many is the feed's problem, not the
 * service's: restarting or routing around this instance would not fix it. No feeds, or only disabled ones, is healthy.
 */
public final class FeedsHealth {

    private final List<FeedState> feeds;

    public FeedsHealth(List<FeedState> feeds) {
        this.feeds = List.copyOf(feeds);
    }

    /**
     * The feeds as seen right now.
     *
     * @param healthy   not every active feed is failing past the threshold
     * @param active    feeds being polled
     * @param disabled  feeds no longer polled (410)
     * @param failing   active feeds whose last poll failed
     * @param unhealthy active feeds failing for longer than the threshold
     */
    public record Status(boolean healthy, int active, int disabled, int failing, int unhealthy) {
    }

    public Status status() {
        int active = 0;
        int disabled = 0;
        int failing = 0;
        int unhealthy = 0;
        for (FeedState feed : feeds) {
            if (feed.disabled()) {
                disabled++;
                continue;
            }
            active++;
            if (feed.health().failingSince().isPresent()) {
                failing++;
            }
            if (!feed.health().isHealthy()) {
                unhealthy++;
            }
        }
        return new Status(active == 0 || unhealthy < active, active, disabled, failing, unhealthy);
    }
}
