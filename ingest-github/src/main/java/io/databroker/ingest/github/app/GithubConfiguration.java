package io.databroker.ingest.github.app;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.databroker.ingest.core.health.BrokerReachability;
import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.core.http.FetchSettings;
import io.databroker.ingest.core.http.HttpFetcher;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.poll.PollingLoop;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.ingest.github.config.GithubProperties;
import io.databroker.ingest.github.events.EventsPoller;
import io.databroker.ingest.github.gharchive.BackfillRun;
import io.databroker.ingest.github.gharchive.GhArchiveBackfill;
import io.databroker.ingest.github.gharchive.GithubBackfill;
import io.databroker.ingest.github.metrics.GithubMetrics;
import io.databroker.ingest.github.publish.GithubEventParser;
import io.databroker.ingest.github.publish.GithubProducerConfig;
import io.databroker.shared.topic.Source;
import io.databroker.shared.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;

/** Builds the Kafka clients and the two plain-Java modes (live Events API, GH Archive backfill) from configuration. */
@Configuration(proxyBeanMethods = false)
public class GithubConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** One set of ingest meters for both modes ({@code source="github"}); the lag follows the live mode when it runs. */
    @Bean
    IngestMetrics ingestMetrics(MeterRegistry registry, Clock clock) {
        return new IngestMetrics(Source.GITHUB.id(), registry, clock);
    }

    @Bean
    GithubMetrics githubMetrics(MeterRegistry registry) {
        return new GithubMetrics(registry);
    }

    @Bean
    GithubEventParser githubEventParser(GithubProperties properties) {
        return new GithubEventParser(properties.github().maxEventBytes());
    }

    @Bean(destroyMethod = "close")
    Admin healthAdmin(KafkaProperties kafka) {
        return Admin.create(kafka.buildAdminProperties());
    }

    @Bean
    BrokerReachability brokerReachability(Admin healthAdmin) {
        return new BrokerReachability(healthAdmin, Duration.ofSeconds(5));
    }

    @Bean
    IngestStateReader ingestStateReader(GithubProperties properties, KafkaProperties kafka) {
        return IngestStateReader.forKafka(kafka.buildConsumerProperties(), Topics.INGEST_STATE.name(),
                properties.topics().timeout());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "broker.github.live.enabled", matchIfMissing = true)
    LiveIngest liveIngest(GithubProperties properties, KafkaProperties kafka, GithubEventParser parser,
                          IngestStateReader stateReader, IngestMetrics metrics, GithubMetrics githubMetrics, Clock clock) {
        GithubProperties.Github github = properties.github();
        GithubProperties.Live live = github.live();
        GithubProperties.LiveHttp http = live.http();
        HttpFetcher fetcher = new HttpFetcher(new FetchSettings(http.connectTimeout(), http.readTimeout(),
                http.maxBodySize().toBytes(), http.userAgent(), Duration.ZERO, http.maxAttempts(), http.backoff(),
                http.maxBackoff(), http.maxRetryAfter()), clock, metrics);
        TransactionalPublisher publisher = publisher(kafka, live.transactionalId());
        EventsPoller poller = new EventsPoller(new EventsPoller.Settings(live.apiUrl(), live.resolveToken(),
                live.apiVersion(), live.perPage(), live.maxPages(), live.pollInterval(), live.recentIds(),
                github.backfill().range(), Topics.GITHUB_EVENTS.name()), fetcher, parser, publisher, stateReader,
                metrics, githubMetrics, clock);
        PollHealth health = new PollHealth(clock, github.unhealthyAfter());
        PollingLoop loop = new PollingLoop(poller, live.pollInterval(), github.errorBackoff(), github.maxErrorBackoff(),
                health, metrics);
        return new LiveIngest(poller, loop, health, publisher);
    }

    @Bean
    @ConditionalOnExpression("!'${broker.github.backfill.from:}'.isBlank()")
    BackfillIngest backfillIngest(GithubProperties properties, KafkaProperties kafka, GithubEventParser parser,
                                  IngestStateReader stateReader, IngestMetrics metrics, GithubMetrics githubMetrics,
                                  Clock clock) {
        GithubProperties.Github github = properties.github();
        GithubProperties.Backfill backfill = github.backfill();
        HttpFetcher fetcher = archiveFetcher(backfill, clock, metrics);
        TransactionalPublisher publisher = publisher(kafka, backfill.transactionalId());
        GhArchiveBackfill archive = new GhArchiveBackfill(new GhArchiveBackfill.Settings(backfill.archiveUrl(),
                backfill.range(), backfill.chunkLines(), (int) backfill.maxLineBytes().toBytes(), backfill.missingAfter(),
                backfill.notYetRetry(), Topics.GITHUB_EVENTS.name(), !github.live().enabled()), fetcher, parser, publisher,
                stateReader, metrics, githubMetrics, clock);
        PollHealth health = new PollHealth(clock, github.unhealthyAfter());
        PollingLoop loop = new PollingLoop(archive, Duration.ZERO, github.errorBackoff(), github.maxErrorBackoff(),
                health, metrics);
        return new BackfillIngest(archive, new BackfillRun(archive, loop), health, publisher);
    }

    /**
     * Operator backfills (Operations API, {@code /ops/backfill}): the archive settings of {@code broker.github.backfill},
     * an own producer ({@code <backfill transactional-id>-ops}) and cursors, beside the live mode and any configured backfill.
     */
    @Bean(destroyMethod = "close")
    GithubBackfill githubBackfill(GithubProperties properties, KafkaProperties kafka, GithubEventParser parser,
                                  IngestStateReader stateReader, IngestMetrics metrics, GithubMetrics githubMetrics,
                                  Clock clock) {
        GithubProperties.Github github = properties.github();
        GithubProperties.Backfill backfill = github.backfill();
        return new GithubBackfill(new GithubBackfill.Settings(backfill.archiveUrl(), backfill.chunkLines(),
                (int) backfill.maxLineBytes().toBytes(), backfill.missingAfter(), backfill.notYetRetry(),
                Topics.GITHUB_EVENTS.name(), github.errorBackoff(), github.maxErrorBackoff(), github.unhealthyAfter()),
                archiveFetcher(backfill, clock, metrics), parser, publisher(kafka, backfill.transactionalId() + "-ops"),
                stateReader, metrics, githubMetrics, clock);
    }

    private static HttpFetcher archiveFetcher(GithubProperties.Backfill backfill, Clock clock, IngestMetrics metrics) {
        GithubProperties.ArchiveHttp http = backfill.http();
        return new HttpFetcher(new FetchSettings(http.connectTimeout(), http.readTimeout(), http.maxFileSize().toBytes(),
                http.userAgent(), Duration.ZERO, http.maxAttempts(), http.backoff(), http.maxBackoff(),
                http.maxRetryAfter()), clock, metrics);
    }

    @Bean
    IngestSchedule ingestSchedule(GithubProperties properties, KafkaProperties kafka, ObjectProvider<LiveIngest> live,
                                  ObjectProvider<BackfillIngest> backfill) {
        return new IngestSchedule(live.getIfAvailable(), backfill.getIfAvailable(), properties.topics(),
                List.of(Topics.GITHUB_EVENTS, Topics.INGEST_STATE), kafka.buildAdminProperties());
    }

    private static TransactionalPublisher publisher(KafkaProperties kafka, String transactionalId) {
        Map<String, Object> config = GithubProducerConfig.of(kafka.buildProducerProperties(), transactionalId);
        return new TransactionalPublisher(() -> new KafkaProducer<>(config), Topics.INGEST_STATE.name());
    }
}
