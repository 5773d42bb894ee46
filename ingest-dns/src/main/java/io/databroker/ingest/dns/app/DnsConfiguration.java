package io.databroker.ingest.dns.app;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.databroker.ingest.dns.config.DnsProperties;
import io.databroker.ingest.dns.dns.DnsWireDecoder;
import io.databroker.ingest.dns.dnstap.DnstapDecoder;
import io.databroker.ingest.dns.ingest.DnstapIngest;
import io.databroker.ingest.dns.ingest.IngestMetrics;
import io.databroker.ingest.dns.pairing.QueryResponsePairer;
import io.databroker.ingest.dns.privacy.ClientAddressAnonymizer;
import io.databroker.ingest.dns.publish.DnsRecordMapper;
import io.databroker.ingest.dns.publish.DnsRecordPublisher;
import io.databroker.ingest.dns.receive.CaptureFileReplayer;
import io.databroker.ingest.dns.receive.DnstapReceiver;
import io.databroker.shared.topic.TopicProvisioner;
import io.databroker.shared.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;

/** Builds the Kafka producer and the plain-Java core from configuration. */
@Configuration(proxyBeanMethods = false)
public class DnsConfiguration {

    /** Creates {@code dns_data} and {@code broker_ingest_state} before anything else runs. */
    @Bean
    OwnedTopics ownedTopics(KafkaProperties kafka, DnsProperties properties) {
        TopicProvisioner.provision(properties.topics(), List.of(Topics.DNS_DATA, Topics.INGEST_STATE), kafka.buildAdminProperties());
        return new OwnedTopics(List.of(Topics.DNS_DATA.name(), Topics.INGEST_STATE.name()));
    }

    /** Marker bean: the topics exist once it does. */
    record OwnedTopics(List<String> names) {
    }

    /** The readiness check's client: one long-lived Admin, so a probe costs one metadata request. */
    @Bean(destroyMethod = "close")
    Admin healthAdmin(KafkaProperties kafka) {
        return Admin.create(kafka.buildAdminProperties());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    IngestMetrics ingestMetrics(MeterRegistry meters) {
        return new IngestMetrics(meters);
    }

    @Bean(destroyMethod = "close")
    DnsRecordPublisher dnsRecordPublisher(DnsProperties properties, KafkaProperties kafka, IngestMetrics metrics,
                                          OwnedTopics topics, Clock clock) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        // At least once without duplicates from producer retries; no transactions: a socket sender cannot replay.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // Bounded, so that a struggling Kafka cannot hold the in-flight permits (and with them every sender) for long.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) properties.dns().deliveryTimeout().toMillis());
        // A send whose topic metadata is gone (the broker went away and the client re-bootstrapped) blocks the sending
        // thread until max.block.ms: bounded the same way rather than by Kafka's own 60 s.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.dns().deliveryTimeout().toMillis());
        return new DnsRecordPublisher(() -> new KafkaProducer<>(config), Topics.DNS_DATA.name(),
                properties.dns().maxInFlight(), properties.dns().stallTimeout(), metrics, clock);
    }

    @Bean
    DnstapIngest dnstapIngest(DnsProperties properties, DnsRecordPublisher publisher, IngestMetrics metrics, Clock clock) {
        DnsProperties.Privacy privacy = properties.dns().privacy();
        DnsProperties.Pairing pairing = properties.dns().pairing();
        QueryResponsePairer pairer = pairing.enabled()
                ? new QueryResponsePairer(clock, pairing.timeout(), pairing.maxPending()) : null;
        ClientAddressAnonymizer anonymizer = new ClientAddressAnonymizer(privacy.mode(), privacy.ipv4Prefix(),
                privacy.ipv6Prefix(), privacy.hashKey());
        return new DnstapIngest(new DnstapDecoder(new DnsWireDecoder()), pairer, new DnsRecordMapper(anonymizer),
                publisher, metrics);
    }

    @Bean
    DnstapReceiver dnstapReceiver(DnsProperties properties, DnstapIngest ingest, IngestMetrics metrics) {
        DnsProperties.Dns dns = properties.dns();
        return new DnstapReceiver(new DnstapReceiver.Settings(
                dns.tcp().enabled() ? new InetSocketAddress(dns.tcp().host(), dns.tcp().port()) : null,
                dns.unix().enabled() ? Path.of(dns.unix().socket()) : null,
                dns.unix().permissions(),
                dns.maxConnections(),
                dns.maxFrameSize().toBytes()), ingest, metrics);
    }

    @Bean
    DnstapReceiverLifecycle dnstapReceiverLifecycle(DnsProperties properties, DnstapReceiver receiver, DnstapIngest ingest,
                                                    DnsRecordPublisher publisher) {
        DnsProperties.Dns dns = properties.dns();
        return new DnstapReceiverLifecycle(receiver, ingest, publisher, new CaptureFileReplayer(ingest, dns.maxFrameSize().toBytes()),
                dns.replayFiles(), dns.pairing().timeout(), dns.toString());
    }
}
