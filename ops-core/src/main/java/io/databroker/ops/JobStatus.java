package io.databroker.ops;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What an operator sees of a job (the Operations API contract): its id and kind, the parameters it was started
 * with, its state and progress. {@code total} and {@code etaSeconds} are null while unknown.
 *
 * @param id            unique per start
 * @param kind          {@code backfill}, {@code replay}, {@code rehydrate}: one job of a kind at a time per instance
 * @param state         running, succeeded, failed or stopped
 * @param parameters    what the job was started with (as received, secrets never included)
 * @param done          units done so far (records, pages, files: the job says which in its documentation)
 * @param total         units in all, or null when unknown
 * @param ratePerSecond units per second since this process started or resumed the job
 * @param etaSeconds    seconds left at that rate, or null when the total or the rate is unknown
 * @param startedAt     when the job started in this process
 * @param finishedAt    when it ended, or null while running
 * @param error         why it failed, or null
 */
public record JobStatus(String id, String kind, State state, Map<String, Object> parameters, long done, Long total,
                        Double ratePerSecond, Long etaSeconds, Instant startedAt, Instant finishedAt, String error) {

    /** Life cycle of a job; its JSON form is the lower-case name. */
    public enum State {
        RUNNING, SUCCEEDED, FAILED, STOPPED;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public JobStatus {
        // Null values are allowed (an unset optional parameter), so not Map.copyOf.
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public boolean running() {
        return state == State.RUNNING;
    }
}
