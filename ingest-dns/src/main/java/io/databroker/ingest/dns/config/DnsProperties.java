package io.databroker.ingest.dns.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import io.databroker.ingest.dns.privacy.PrivacyMode;
import io.databroker.shared.topic.TopicSettings;

/**
 * Configuration of ingest-dns, bound from {@code broker.*}: the service's own group {@code broker.dns} and the topic
 * settings every service shares ({@code broker.topics}). The environment variables are listed in ingest-dns/README.md.
 *
 * @param dns    the dnstap receiver
 * @param topics how the topics this service owns ({@code dns_data}, {@code broker_ingest_state}) are created
 */
@Validated
@ConfigurationProperties("broker")
public record DnsProperties(@DefaultValue @Valid @NotNull Dns dns, @DefaultValue TopicSettings topics) {

    /**
     * The dnstap receiver.
     *
     * @param tcp            the Frame Streams TCP listener (env {@code BROKER_DNS_TCP_*})
     * @param unix           the Frame Streams Unix-domain socket listener (env {@code BROKER_DNS_UNIX_SOCKET})
     * @param maxConnections senders served at once, over both listeners; one platform thread each. Further
     *                       connections are closed at once and counted (env {@code BROKER_DNS_MAX_CONNECTIONS})
     * @param maxFrameSize   larger data frames are skipped and counted as {@code oversized_frame}; a dnstap message
     *                       carries at most two 64 KiB DNS messages (env {@code BROKER_DNS_MAX_FRAME_SIZE})
     * @param maxInFlight    records handed to Kafka but not yet acknowledged; when reached, reading from senders
     *                       stops until Kafka catches up, so senders see TCP backpressure instead of this service
     *                       buffering without bound (env {@code BROKER_DNS_MAX_IN_FLIGHT})
     * @param deliveryTimeout the producer's {@code delivery.timeout.ms}, set whatever the {@code spring.kafka}
     *                       properties say: how long Kafka may take to acknowledge a record before it counts as
     *                       {@code publish_failed} (a resolver cannot resend it). It bounds how long a struggling
     *                       Kafka holds the in-flight permits; with no acknowledgement at all for 1.5 times this
     *                       long the producer is taken for stuck and replaced. At least {@code linger.ms} +
     *                       {@code request.timeout.ms} (30 s by default) (env {@code BROKER_DNS_DELIVERY_TIMEOUT})
     * @param privacy        what is published of client addresses
     * @param pairing        how queries are paired with their responses
     * @param replayFiles    dnstap capture files ({@code .fstrm}/{@code .dnstap}, unidirectional Frame Streams) read
     *                       once after start-up, for replay and backfill (env {@code BROKER_DNS_REPLAY_FILES},
     *                       comma-separated)
     */
    public record Dns(
            @DefaultValue @Valid @NotNull Tcp tcp,
            @DefaultValue @Valid @NotNull Unix unix,
            @DefaultValue("64") @Min(1) @Max(4096) int maxConnections,
            @DefaultValue("256KB") @NotNull DataSize maxFrameSize,
            @DefaultValue("10000") @Min(1) int maxInFlight,
            @DefaultValue("60s") @NotNull Duration deliveryTimeout,
            @DefaultValue @Valid @NotNull Privacy privacy,
            @DefaultValue @Valid @NotNull Pairing pairing,
            @DefaultValue List<Path> replayFiles) {

        @AssertTrue(message = "broker.dns.max-frame-size must be between 1KB and 16MB")
        public boolean isMaxFrameSizeSane() {
            return maxFrameSize == null
                    || maxFrameSize.toBytes() >= 1024 && maxFrameSize.toBytes() <= 16L * 1024 * 1024;
        }

        /** No acknowledgement at all for this long, with records outstanding: the producer is stuck. */
        public Duration stallTimeout() {
            return deliveryTimeout.plus(deliveryTimeout.dividedBy(2));
        }
    }

    /**
     * The TCP listener (plain TCP, as unbound's {@code dnstap-ip} with {@code dnstap-tls: no}, BIND, Knot and
     * dnsdist send it).
     *
     * @param enabled listen on TCP at all (env {@code BROKER_DNS_TCP_ENABLED})
     * @param host    address to bind; dnstap carries no authentication, so the default is loopback: set
     *                {@code 0.0.0.0} where resolvers run on other hosts or containers (env {@code BROKER_DNS_TCP_HOST})
     * @param port    port to bind, 0 = any free port (env {@code BROKER_DNS_TCP_PORT})
     */
    public record Tcp(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("127.0.0.1") @NotBlank String host,
            @DefaultValue("6000") @Min(0) @Max(65535) int port) {
    }

    /**
     * The Unix-domain socket listener (unbound's {@code dnstap-socket-path}, BIND's {@code dnstap-output unix}).
     *
     * @param socket      socket file to create; empty = no Unix listener. A stale socket file left by a previous
     *                    run is replaced (env {@code BROKER_DNS_UNIX_SOCKET})
     * @param permissions POSIX permissions of the socket file; the resolver's user must be able to write to it
     *                    (env {@code BROKER_DNS_UNIX_SOCKET_PERMISSIONS})
     */
    public record Unix(
            @DefaultValue("") String socket,
            @DefaultValue("rw-rw----") @NotBlank String permissions) {

        public boolean enabled() {
            return socket != null && !socket.isBlank();
        }
    }

    /**
     * What is published of the client (query) address. The record id is computed from the published form, so it
     * never carries more of the address than the record does.
     *
     * @param mode       {@code none} (as observed), {@code truncate} (network prefix only) or {@code hash} (keyed
     *                   HMAC-SHA-256) (env {@code BROKER_DNS_PRIVACY_MODE})
     * @param ipv4Prefix bits of an IPv4 address kept by {@code truncate} (env {@code BROKER_DNS_PRIVACY_IPV4_PREFIX})
     * @param ipv6Prefix bits of an IPv6 address kept by {@code truncate} (env {@code BROKER_DNS_PRIVACY_IPV6_PREFIX})
     * @param hashKey    secret key of {@code hash}; required in that mode, never logged
     *                   (env {@code BROKER_DNS_PRIVACY_HASH_KEY})
     */
    public record Privacy(
            @DefaultValue("truncate") @NotNull PrivacyMode mode,
            @DefaultValue("24") @Min(0) @Max(32) int ipv4Prefix,
            @DefaultValue("48") @Min(0) @Max(128) int ipv6Prefix,
            @DefaultValue("") String hashKey) {

        @AssertTrue(message = "broker.dns.privacy.hash-key (BROKER_DNS_PRIVACY_HASH_KEY) is required when the privacy mode is hash")
        public boolean isHashKeyPresentWhenNeeded() {
            return mode != PrivacyMode.HASH || hashKey != null && !hashKey.isBlank();
        }

        @Override
        public String toString() {
            return "Privacy[mode=" + mode + ", ipv4Prefix=" + ipv4Prefix + ", ipv6Prefix=" + ipv6Prefix
                    + ", hashKey=" + (hashKey == null || hashKey.isEmpty() ? "" : "******") + "]";
        }
    }

    /**
     * Pairing of a query with its response into one record (latency).
     *
     * @param enabled    pair at all; off = every dnstap message becomes its own record (env
     *                   {@code BROKER_DNS_PAIRING_ENABLED})
     * @param timeout    how long a query (or a response) waits for its counterpart before it is published alone
     *                   (env {@code BROKER_DNS_PAIRING_TIMEOUT})
     * @param maxPending messages waiting for a counterpart at most; beyond it the oldest is published alone
     *                   (env {@code BROKER_DNS_PAIRING_MAX_PENDING})
     */
    public record Pairing(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("5s") @NotNull Duration timeout,
            @DefaultValue("100000") @Min(1) int maxPending) {
    }
}
