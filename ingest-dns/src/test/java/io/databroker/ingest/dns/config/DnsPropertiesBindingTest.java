package io.databroker.ingest.dns.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;

import io.databroker.ingest.dns.privacy.PrivacyMode;

/** The environment variables ingest-dns/README.md documents bind through application.yaml as documented. */
class DnsPropertiesBindingTest {

    @Test
    void defaultsListenOnLoopbackTcp6000AndTruncateClientAddresses() {
        DnsProperties.Dns dns = bind(Map.of()).dns();

        assertThat(dns.tcp().enabled()).isTrue();
        assertThat(dns.tcp().host()).isEqualTo("127.0.0.1");
        assertThat(dns.tcp().port()).isEqualTo(6000);
        assertThat(dns.unix().enabled()).isFalse();
        assertThat(dns.maxConnections()).isEqualTo(64);
        assertThat(dns.maxFrameSize()).isEqualTo(DataSize.ofKilobytes(256));
        assertThat(dns.maxInFlight()).isEqualTo(10_000);
        assertThat(dns.deliveryTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(dns.stallTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(dns.privacy().mode()).isEqualTo(PrivacyMode.TRUNCATE);
        assertThat(dns.privacy().ipv4Prefix()).isEqualTo(24);
        assertThat(dns.privacy().ipv6Prefix()).isEqualTo(48);
        assertThat(dns.pairing().enabled()).isTrue();
        assertThat(dns.pairing().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(dns.replayFiles()).isEmpty();
        assertThat(violations(bind(Map.of()))).isEmpty();
    }

    @Test
    void bindsEveryDocumentedVariable() {
        DnsProperties properties = bind(Map.ofEntries(
                Map.entry("BROKER_DNS_TCP_ENABLED", "false"),
                Map.entry("BROKER_DNS_TCP_HOST", "0.0.0.0"),
                Map.entry("BROKER_DNS_TCP_PORT", "6001"),
                Map.entry("BROKER_DNS_UNIX_SOCKET", "/run/dnstap.sock"),
                Map.entry("BROKER_DNS_UNIX_SOCKET_PERMISSIONS", "rw-rw-rw-"),
                Map.entry("BROKER_DNS_MAX_CONNECTIONS", "8"),
                Map.entry("BROKER_DNS_MAX_FRAME_SIZE", "1MB"),
                Map.entry("BROKER_DNS_MAX_IN_FLIGHT", "500"),
                Map.entry("BROKER_DNS_DELIVERY_TIMEOUT", "2m"),
                Map.entry("BROKER_DNS_PRIVACY_MODE", "hash"),
                Map.entry("BROKER_DNS_PRIVACY_HASH_KEY", "s3cret"),
                Map.entry("BROKER_DNS_PRIVACY_IPV4_PREFIX", "16"),
                Map.entry("BROKER_DNS_PRIVACY_IPV6_PREFIX", "32"),
                Map.entry("BROKER_DNS_PAIRING_ENABLED", "false"),
                Map.entry("BROKER_DNS_PAIRING_TIMEOUT", "2s"),
                Map.entry("BROKER_DNS_PAIRING_MAX_PENDING", "1000"),
                Map.entry("BROKER_DNS_REPLAY_FILES", "/data/a.fstrm,/data/b.dnstap")));
        DnsProperties.Dns dns = properties.dns();

        assertThat(dns.tcp()).isEqualTo(new DnsProperties.Tcp(false, "0.0.0.0", 6001));
        assertThat(dns.unix()).isEqualTo(new DnsProperties.Unix("/run/dnstap.sock", "rw-rw-rw-"));
        assertThat(dns.maxConnections()).isEqualTo(8);
        assertThat(dns.maxFrameSize()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(dns.maxInFlight()).isEqualTo(500);
        assertThat(dns.deliveryTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(dns.privacy().mode()).isEqualTo(PrivacyMode.HASH);
        assertThat(dns.privacy().hashKey()).isEqualTo("s3cret");
        assertThat(dns.privacy().toString()).as("the key never reaches a log").doesNotContain("s3cret");
        assertThat(dns.privacy().ipv4Prefix()).isEqualTo(16);
        assertThat(dns.privacy().ipv6Prefix()).isEqualTo(32);
        assertThat(dns.pairing()).isEqualTo(new DnsProperties.Pairing(false, Duration.ofSeconds(2), 1000));
        assertThat(dns.replayFiles()).containsExactly(Path.of("/data/a.fstrm"), Path.of("/data/b.dnstap"));
        assertThat(violations(properties)).isEmpty();
    }

    @Test
    void hashModeWithoutAKeyRefusesToStart() {
        assertThat(violations(bind(Map.of("BROKER_DNS_PRIVACY_MODE", "hash"))))
                .singleElement().satisfies(message -> assertThat(message).contains("BROKER_DNS_PRIVACY_HASH_KEY"));
    }

    @Test
    void anAbsurdFrameLimitRefusesToStart() {
        assertThat(violations(bind(Map.of("BROKER_DNS_MAX_FRAME_SIZE", "1GB")))).singleElement()
                .satisfies(message -> assertThat(message).contains("max-frame-size"));
    }

    private static List<String> violations(DnsProperties properties) {
        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            Validator validator = factory.getValidator();
            return validator.validate(properties).stream().map(ConstraintViolation::getMessage).toList();
        }
    }

    private static DnsProperties bind(Map<String, Object> env) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", env));
        try {
            new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Binder.get(environment).bind("broker", DnsProperties.class).get();
    }
}
