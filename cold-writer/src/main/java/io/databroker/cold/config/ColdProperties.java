package io.databroker.cold.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import io.databroker.cold.delta.ParquetCodec;
import io.databroker.shared.topic.Source;
import io.databroker.shared.topic.TopicSettings;

/**
 * Settings of cold-writer ({@code broker.*}).
 *
 * @param topics how the topics this service reads and writes (the enriched topics, {@code dead-letter-queue}) are created
 * @param cold   the Delta tables and how they are written
 */
@Validated
@ConfigurationProperties("broker")
public record ColdProperties(@DefaultValue TopicSettings topics, @Valid @DefaultValue Cold cold) {

    /**
     * The cold store ({@code broker.cold.*}).
     *
     * @param baseUri         directory URI under which the {@code <source>_historical} tables live: {@code file:},
     *                        {@code s3a://}, {@code abfss://} or {@code gs://} (env {@code BROKER_COLD_BASE_URI});
     *                        a relative {@code file:} path is resolved against the working directory
     * @param sources         the sources whose enriched topics are written, e.g. {@code news,dns}
     * @param appId           prefix of the Delta {@code txn} app ids holding the Kafka offsets
     *                        ({@code <app-id>-<topic>-<partition>}); never change it for existing tables, or they
     *                        are re-read from the start of the topics
     * @param pollTimeout     longest wait of one Kafka poll; bounds how late a latency-triggered commit can be
     * @param flush           when a table's buffer becomes a commit
     * @param compression     Parquet compression codec of the data files ({@code snappy} or {@code zstd})
     * @param retry           delays between attempts after the store failed
     * @param hadoop          extra Hadoop configuration for the file systems, e.g. {@code "[fs.s3a.endpoint]"};
     *                        credentials come from the file systems' usual providers (environment, instance roles)
     * @param tableProperties Delta table properties set when a table is created, over the defaults
     *                        ({@code delta.enableChangeDataFeed=true}); Delta Kernel accepts only the
     *                        {@code delta.*} keys it knows, see README
     */
    public record Cold(
            @NotBlank String baseUri,
            @NotEmpty @DefaultValue({"arxiv", "github", "news", "dns"}) List<Source> sources,
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]+") @DefaultValue("data-broker-cold") String appId,
            @NotNull @DefaultValue("1s") Duration pollTimeout,
            @Valid @DefaultValue Flush flush,
            @NotNull ParquetCodec compression,
            @Valid @DefaultValue Retry retry,
            @DefaultValue Map<String, String> hadoop,
            @DefaultValue Map<String, String> tableProperties) {
    }

    /**
     * When a table's buffer becomes a Delta commit ({@code broker.cold.flush.*}), whichever comes first.
     *
     * @param maxLatency     longest time a consumed record waits for its commit (env {@code BROKER_COLD_FLUSH_MAX_LATENCY})
     * @param targetFileSize Parquet bytes per table that trigger a commit, estimated from the compression the table's
     *                       previous commits achieved; reached only when {@code max-bytes} allows it (see README)
     * @param maxBytes       buffered record bytes (JSON) per table that trigger a commit (env
     *                       {@code BROKER_COLD_FLUSH_MAX_BYTES})
     * @param maxTotalBytes  buffered record bytes (JSON) of all tables together at which the fullest table commits:
     *                       the memory bound, whatever the number of busy tables (env
     *                       {@code BROKER_COLD_FLUSH_MAX_TOTAL_BYTES}); size the heap from it (README)
     * @param maxRows        buffered rows per table that trigger a commit
     */
    public record Flush(
            @NotNull Duration maxLatency,
            @NotNull DataSize targetFileSize,
            @NotNull DataSize maxBytes,
            @NotNull DataSize maxTotalBytes,
            @Positive @DefaultValue("250000") long maxRows) {
    }

    /**
     * Backoff after a failed commit or log read ({@code broker.cold.retry.*}); doubled per failure.
     *
     * @param initialBackoff first delay
     * @param maxBackoff     longest delay (also used for failures an operator must fix)
     */
    public record Retry(
            @NotNull @DefaultValue("1s") Duration initialBackoff,
            @NotNull @DefaultValue("60s") Duration maxBackoff) {
    }
}
