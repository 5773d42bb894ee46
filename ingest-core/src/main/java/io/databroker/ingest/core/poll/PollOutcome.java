package io.databroker.ingest.core.poll;

import java.time.Duration;
import java.util.Objects;

/**
 * What a successful poll did and when the next should start.
 *
 * @param result     {@link PollResult#OK} or {@link PollResult#NOT_MODIFIED}
 * @param published  records made visible by this poll
 * @param nextPollIn when to poll again; null = the loop's regular interval. {@link Duration#ZERO} = at once (more
 *                   pages are waiting; politeness is the fetcher's job), or a source's own hint (GitHub's
 *                   {@code X-Poll-Interval})
 */
public record PollOutcome(PollResult result, int published, Duration nextPollIn) {

    public PollOutcome {
        Objects.requireNonNull(result, "result");
        if (!result.healthy()) {
            throw new IllegalArgumentException("failed polls are exceptions, not outcomes: " + result);
        }
    }

    /** Records published; poll again after the regular interval. */
    public static PollOutcome published(int records) {
        return new PollOutcome(PollResult.OK, records, null);
    }

    /** Nothing new; poll again after the regular interval. */
    public static PollOutcome notModified() {
        return new PollOutcome(PollResult.NOT_MODIFIED, 0, null);
    }

    /** The same outcome, with the next poll at once (more pages are waiting). */
    public PollOutcome continueAtOnce() {
        return new PollOutcome(result, published, Duration.ZERO);
    }

    /** The same outcome, with the next poll after {@code delay}. */
    public PollOutcome nextPollIn(Duration delay) {
        return new PollOutcome(result, published, delay);
    }
}
