package io.databroker.shared.ops;

import java.time.Instant;
import java.util.Map;

/**
 * The status of one long-running operation, as the operations API answers it (docs/operations.md, "Jobs"): the
 * shape of the contract's {@code io.databroker.ops.JobStatus}, which replaces this record once ops-core is merged.
 *
 * @param id            unique per job
 * @param kind          {@code replay}, {@code rehydrate}, …
 * @param state         {@code running}, {@code succeeded}, {@code failed} or {@code stopped}
 * @param parameters    what the job was started with
 * @param done          units done (records, documents)
 * @param total         units in all; null while unknown
 * @param ratePerSecond done per second since the start
 * @param etaSeconds    seconds left at the current rate; null while unknown
 * @param startedAt     when it started
 * @param finishedAt    when it ended; null while running
 * @param error         why it failed; null otherwise
 */
public record JobStatus(String id, String kind, String state, Map<String, Object> parameters, long done, Long total,
                        double ratePerSecond, Long etaSeconds, Instant startedAt, Instant finishedAt, String error) {

    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String STOPPED = "stopped";

    public boolean running() {
        return RUNNING.equals(state);
    }
}
