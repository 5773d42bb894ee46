package io.databroker.cold.consume;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import io.databroker.cold.buffer.FlushPolicy;

/**
 * What every {@link TableSink} is built from, as plain values (the Spring properties are mapped to it in {@code app/}).
 *
 * @param baseUri         where the tables live ({@code file:}, {@code s3a:}, {@code abfss:}, {@code gs:})
 * @param appId           prefix of the Delta {@code txn} app ids that hold the Kafka offsets
 * @param tableProperties Delta table properties set when a table is created
 * @param flush           when buffers become commits
 * @param initialBackoff  first delay after a failed commit or log read
 * @param maxBackoff      longest delay between attempts
 * @param engineInfo      recorded in each commit's {@code commitInfo.engineInfo}
 */
public record SinkSettings(String baseUri, String appId, Map<String, String> tableProperties, FlushPolicy flush,
                           Duration initialBackoff, Duration maxBackoff, String engineInfo) {

    public SinkSettings {
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(appId, "appId");
        tableProperties = tableProperties == null ? Map.of() : Map.copyOf(tableProperties);
        Objects.requireNonNull(flush, "flush");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(engineInfo, "engineInfo");
    }
}
