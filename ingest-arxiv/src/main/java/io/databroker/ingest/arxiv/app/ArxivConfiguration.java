package io.databroker.ingest.arxiv.app;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import io.databroker.ingest.arxiv.config.ArxivProperties;
import io.databroker.ingest.arxiv.oaipmh.ArxivBackfill;
import io.databroker.ingest.arxiv.oaipmh.ListRecordsParser;
import io.databroker.ingest.arxiv.oaipmh.OaiPmhHarvester;
import io.databroker.ingest.arxiv.publish.ArxivRecordMapper;
import io.databroker.ingest.core.health.BrokerReachability;
import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.core.http.FetchSettings;
import io.databroker.ingest.core.http.HttpFetcher;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.poll.PollingLoop;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.shared.topic.Source;
import io.databroker.shared.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;

/** Builds the Kafka clients and the plain-Java harvester from configuration. */
@Configuration(proxyBeanMethods = false)
public class ArxivConfiguration {

    /**
     * A page is streamed into its transaction while it downloads; Kafka's default 60 s transaction timeout would
     * abort a slow page (arXiv's can take a minute), so allow up to 5 minutes (the broker allows 15 by default).
     */
    private static final int TRANSACTION_TIMEOUT_MS = 300_000;

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    IngestMetrics ingestMetrics(MeterRegistry registry, Clock clock) {
        return new IngestMetrics(Source.ARXIV.id(), registry, clock);
    }

    @Bean
    PollHealth pollHealth(ArxivProperties properties, Clock clock) {
        return new PollHealth(clock, properties.arxiv().unhealthyAfter());
    }

    @Bean(destroyMethod = "close")
    Admin healthAdmin(KafkaProperties kafka) {
        return Admin.create(kafka.buildAdminProperties());
    }

    @Bean
    BrokerReachability brokerReachability(Admin healthAdmin) {
        return new BrokerReachability(healthAdmin, Duration.ofSeconds(5));
    }

    /** The live harvest's producer; primary, so only the backfill has to name its own. */
    @Bean(destroyMethod = "close")
    @Primary
    TransactionalPublisher transactionalPublisher(ArxivProperties properties, KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        return TransactionalPublisher.forKafka(config, properties.arxiv().transactionalId(), Topics.INGEST_STATE.name());
    }

    @Bean
    IngestStateReader ingestStateReader(ArxivProperties properties, KafkaProperties kafka) {
        return IngestStateReader.forKafka(kafka.buildConsumerProperties(), Topics.INGEST_STATE.name(),
                properties.topics().timeout());
    }

    @Bean
    HttpFetcher httpFetcher(ArxivProperties properties, Clock clock, IngestMetrics metrics) {
        ArxivProperties.Http http = properties.arxiv().http();
        return new HttpFetcher(new FetchSettings(http.connectTimeout(), http.readTimeout(), http.maxBodySize().toBytes(),
                http.userAgent(), properties.arxiv().requestInterval(), http.maxAttempts(), http.backoff(),
                http.maxBackoff(), http.maxRetryAfter()), clock, metrics);
    }

    @Bean
    OaiPmhHarvester oaiPmhHarvester(ArxivProperties properties, HttpFetcher fetcher, TransactionalPublisher publisher,
                                    IngestStateReader stateReader, IngestMetrics metrics, Clock clock) {
        ArxivProperties.Arxiv arxiv = properties.arxiv();
        return new OaiPmhHarvester(liveSettings(arxiv), fetcher, new ListRecordsParser(), new ArxivRecordMapper(),
                publisher, stateReader, metrics, clock);
    }

    /**
     * Operator backfills (Operations API): their own producer, transactional id {@code <transactional-id>-backfill},
     * so they run beside the live harvest; the fetcher is shared, so both together keep arXiv's request pace.
     */
    @Bean(destroyMethod = "close")
    TransactionalPublisher backfillPublisher(ArxivProperties properties, KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        return TransactionalPublisher.forKafka(config, properties.arxiv().transactionalId() + "-backfill",
                Topics.INGEST_STATE.name());
    }

    @Bean
    ArxivBackfill arxivBackfill(ArxivProperties properties, HttpFetcher fetcher,
                                @Qualifier("backfillPublisher") TransactionalPublisher backfillPublisher,
                                IngestStateReader stateReader, IngestMetrics metrics, Clock clock) {
        ArxivProperties.Arxiv arxiv = properties.arxiv();
        return new ArxivBackfill(new ArxivBackfill.Settings(liveSettings(arxiv), arxiv.errorBackoff(),
                arxiv.maxErrorBackoff(), arxiv.unhealthyAfter()), fetcher, backfillPublisher, stateReader, metrics, clock);
    }

    private static OaiPmhHarvester.Settings liveSettings(ArxivProperties.Arxiv arxiv) {
        return new OaiPmhHarvester.Settings(arxiv.baseUrl(), arxiv.metadataPrefix(), arxiv.sets(), arxiv.from(),
                Topics.ARXIV_RAW.name());
    }

    @Bean
    HarvestSchedule harvestSchedule(ArxivProperties properties, KafkaProperties kafka, OaiPmhHarvester harvester,
                                    PollHealth health, IngestMetrics metrics) {
        ArxivProperties.Arxiv arxiv = properties.arxiv();
        PollingLoop loop = new PollingLoop(harvester, arxiv.pollInterval(), arxiv.errorBackoff(), arxiv.maxErrorBackoff(),
                health, metrics);
        return new HarvestSchedule(harvester, loop, properties.topics(), List.of(Topics.ARXIV_RAW, Topics.INGEST_STATE),
                kafka.buildAdminProperties());
    }
}
