package io.databroker.ingest.github.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import io.databroker.ingest.github.gharchive.GhArchiveHour;
import io.databroker.ingest.github.gharchive.HourRange;
import io.databroker.shared.topic.TopicSettings;

/**
 * Configuration of ingest-github, bound from {@code broker.*}: the service's own group {@code broker.github} and the
 * topic settings every service shares ({@code broker.topics}).
 *
 * @param github what is collected and how
 * @param topics how the topics this service owns ({@code github_events}, {@code broker_ingest_state}) are created
 */
@Validated
@ConfigurationProperties("broker")
public record GithubProperties(@DefaultValue @Valid @NotNull Github github, TopicSettings topics) {

    public GithubProperties {
        topics = topics == null ? TopicSettings.defaults() : topics;
    }

    /**
     * Both modes.
     *
     * @param live            the Events API poller (on by default)
     * @param backfill        the GH Archive backfill (off unless an hour range is set)
     * @param maxEventBytes   largest record value published; bigger events are skipped and counted
     *                        ({@code reason="oversized"}). Kafka's default record limit is 1 MB
     * @param unhealthyAfter  readiness turns DOWN when a mode's polls have failed for this long without a success
     * @param errorBackoff    pause after a failed poll; doubles per further failure, with jitter
     * @param maxErrorBackoff upper bound of that pause
     */
    public record Github(
            @DefaultValue @Valid @NotNull Live live,
            @DefaultValue @Valid @NotNull Backfill backfill,
            @DefaultValue("1000000") @Min(1024) int maxEventBytes,
            @DefaultValue("30m") @NotNull Duration unhealthyAfter,
            @DefaultValue("30s") @NotNull Duration errorBackoff,
            @DefaultValue("15m") @NotNull Duration maxErrorBackoff) {
    }

    /**
     * The live mode: GitHub's "list public events" ({@code GET /events}).
     *
     * @param enabled         poll the Events API (env {@code BROKER_GITHUB_LIVE_ENABLED})
     * @param apiUrl          REST API base (env {@code BROKER_GITHUB_API_URL}); GitHub Enterprise Server:
     *                        {@code https://<host>/api/v3}
     * @param token           token sent as {@code Authorization: Bearer} (env {@code BROKER_GITHUB_TOKEN}); never
     *                        logged. Without one GitHub allows 60 requests an hour
     * @param tokenFile       file holding the token instead, e.g. a mounted secret (env {@code BROKER_GITHUB_TOKEN_FILE})
     * @param apiVersion      the {@code X-GitHub-Api-Version} header
     * @param perPage         events per page, at most 100
     * @param maxPages        pages per poll; GitHub serves at most 300 events, i.e. 3 pages of 100
     * @param pollInterval    minimum pause between polls (env {@code BROKER_GITHUB_POLL_INTERVAL}); GitHub's
     *                        {@code X-Poll-Interval} and the rate-limit reset can only lengthen it
     * @param recentIds       published event ids remembered (and stored in the cursor) to drop the overlap between
     *                        polls; at least one poll's worth ({@code perPage * maxPages})
     * @param transactionalId Kafka {@code transactional.id} of the live publisher; one per running instance
     * @param http            how requests are made
     */
    public record Live(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("https://api.github.com") @NotNull URI apiUrl,
            String token,
            String tokenFile,
            @DefaultValue("2022-11-28") @NotBlank String apiVersion,
            @DefaultValue("100") @Min(1) @Max(100) int perPage,
            @DefaultValue("3") @Min(1) @Max(10) int maxPages,
            @DefaultValue("60s") @NotNull Duration pollInterval,
            @DefaultValue("1000") @Min(1) int recentIds,
            @DefaultValue("ingest-github-events") @NotBlank String transactionalId,
            @DefaultValue @Valid @NotNull LiveHttp http) {

        public Live {
            token = blankToNull(token);
            tokenFile = blankToNull(tokenFile);
            if (token != null && tokenFile != null) {
                throw new IllegalArgumentException("set broker.github.live.token (BROKER_GITHUB_TOKEN) or "
                        + "broker.github.live.token-file (BROKER_GITHUB_TOKEN_FILE), not both");
            }
        }

        /** The token from {@code token} or the first line of {@code tokenFile}; null when neither is set. */
        public String resolveToken() {
            if (tokenFile == null) {
                return token;
            }
            try {
                return blankToNull(Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8).lines().findFirst().orElse(""));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read broker.github.live.token-file " + tokenFile, e);
            }
        }

        /** Never prints the token. */
        @Override
        public String toString() {
            return "Live[enabled=" + enabled + ", apiUrl=" + apiUrl + ", token=" + (token == null ? "none" : "***")
                    + ", tokenFile=" + tokenFile + ", apiVersion=" + apiVersion + ", perPage=" + perPage + ", maxPages="
                    + maxPages + ", pollInterval=" + pollInterval + ", recentIds=" + recentIds + ", transactionalId="
                    + transactionalId + ", http=" + http + "]";
        }
    }

    /**
     * HTTP settings of the live mode.
     *
     * @param connectTimeout TCP/TLS connect timeout
     * @param readTimeout    time allowed for the response headers, and again for the whole page
     * @param maxBodySize    a larger (decoded) page fails as malformed; a page of 100 events is well under 1 MB
     * @param maxAttempts    attempts per request for 5xx/connection errors; 1 by default because GitHub asks clients
     *                       not to retry while limited: the polling loop paces every retry, honouring Retry-After
     *                       and the rate-limit reset
     * @param backoff        wait before a retry inside a poll when the server names none
     * @param maxBackoff     upper bound of that wait
     * @param maxRetryAfter  the longest {@code Retry-After} waited out inside one poll
     * @param userAgent      User-Agent header; GitHub rejects requests without one
     */
    public record LiveHttp(
            @DefaultValue("10s") @NotNull Duration connectTimeout,
            @DefaultValue("30s") @NotNull Duration readTimeout,
            @DefaultValue("32MB") @NotNull DataSize maxBodySize,
            @DefaultValue("1") @Min(1) int maxAttempts,
            @DefaultValue("2s") @NotNull Duration backoff,
            @DefaultValue("30s") @NotNull Duration maxBackoff,
            @DefaultValue("1m") @NotNull Duration maxRetryAfter,
            @DefaultValue("data-broker-ingest-github/0.1 (+https://databroker.io)") @NotBlank String userAgent) {
    }

    /**
     * The backfill mode: GH Archive hour files. Runs when {@code from} is set, from that hour to {@code to}.
     *
     * @param from            first hour, UTC, {@code YYYY-MM-DD-H} as GH Archive names files, or {@code YYYY-MM-DDTHH}
     *                        (env {@code BROKER_GITHUB_BACKFILL_FROM}); unset = no backfill. Events before 2015 have
     *                        another format and are not supported
     * @param to              last hour, included (env {@code BROKER_GITHUB_BACKFILL_TO}); required with {@code from}.
     *                        May lie in the future: hours not archived yet are waited for
     * @param archiveUrl      GH Archive base URL (env {@code BROKER_GITHUB_ARCHIVE_URL})
     * @param chunkLines      lines per Kafka transaction; the cursor advances by chunks, so a restart resumes at the
     *                        line after the last committed chunk (env {@code BROKER_GITHUB_BACKFILL_CHUNK_LINES}).
     *                        Smaller chunks redo less after a failure and become visible to read_committed
     *                        consumers sooner; 20,000 measured slower than 5,000 (README, "Chunk size")
     * @param maxLineBytes    longer lines are skipped as oversized without being held in memory
     * @param missingAfter    a 404 for an hour that ended longer ago than this = the hour is missing, skipped; a 404
     *                        for a younger hour = not archived yet, asked again after {@code notYetRetry}
     * @param notYetRetry     pause before asking again for an hour not archived yet
     * @param transactionalId Kafka {@code transactional.id} of the backfill publisher; one per running instance
     * @param http            how files are downloaded
     */
    public record Backfill(
            String from,
            String to,
            @DefaultValue("https://data.gharchive.org") @NotNull URI archiveUrl,
            @DefaultValue("5000") @Min(1) int chunkLines,
            @DefaultValue("16MB") @NotNull DataSize maxLineBytes,
            @DefaultValue("12h") @NotNull Duration missingAfter,
            @DefaultValue("10m") @NotNull Duration notYetRetry,
            @DefaultValue("ingest-github-gharchive") @NotBlank String transactionalId,
            @DefaultValue @Valid @NotNull ArchiveHttp http) {

        public Backfill {
            from = blankToNull(from);
            to = blankToNull(to);
            if ((from == null) != (to == null)) {
                throw new IllegalArgumentException("set both broker.github.backfill.from and .to "
                        + "(BROKER_GITHUB_BACKFILL_FROM, BROKER_GITHUB_BACKFILL_TO), or neither");
            }
            if (from != null) {
                new HourRange(GhArchiveHour.parse(from), GhArchiveHour.parse(to)); // fail at binding, naming the value
            }
        }

        public boolean enabled() {
            return from != null;
        }

        /** The configured hours, or null when no backfill is configured. */
        public HourRange range() {
            return from == null ? null : new HourRange(GhArchiveHour.parse(from), GhArchiveHour.parse(to));
        }
    }

    /**
     * HTTP settings of the backfill.
     *
     * @param connectTimeout TCP/TLS connect timeout
     * @param readTimeout    time allowed for the response headers, and again for streaming one whole hour file
     *                       (publishing included, since events are published as the file downloads)
     * @param maxFileSize    a larger hour file (compressed) fails; today's hours are around 100-200 MB
     * @param maxAttempts    attempts per request for 429/5xx/connection errors, the first included
     * @param backoff        wait before a retry when the server names none; doubles per attempt, with jitter
     * @param maxBackoff     upper bound of that wait
     * @param maxRetryAfter  the longest {@code Retry-After} waited out inside one poll
     * @param userAgent      User-Agent header
     */
    public record ArchiveHttp(
            @DefaultValue("10s") @NotNull Duration connectTimeout,
            @DefaultValue("30m") @NotNull Duration readTimeout,
            @DefaultValue("4GB") @NotNull DataSize maxFileSize,
            @DefaultValue("3") @Min(1) int maxAttempts,
            @DefaultValue("5s") @NotNull Duration backoff,
            @DefaultValue("2m") @NotNull Duration maxBackoff,
            @DefaultValue("10m") @NotNull Duration maxRetryAfter,
            @DefaultValue("data-broker-ingest-github/0.1 (+https://databroker.io)") @NotBlank String userAgent) {
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
