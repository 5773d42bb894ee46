package io.databroker.ingest.news.app;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import io.databroker.ingest.core.health.BrokerReachability;
import io.databroker.ingest.core.http.FetchSettings;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.ingest.news.config.NewsProperties;
import io.databroker.ingest.news.feed.FeedParser;
import io.databroker.ingest.news.feed.FeedSource;
import io.databroker.ingest.news.fetch.FeedFetcher;
import io.databroker.ingest.news.opml.FeedList;
import io.databroker.ingest.news.poll.FeedPoller;
import io.databroker.ingest.news.poll.NewsBackfill;
import io.databroker.ingest.news.poll.NewsPolling;
import io.databroker.ingest.news.publish.NewsItemMapper;
import io.databroker.shared.topic.Source;
import io.databroker.shared.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;

/** Builds the Kafka clients and the plain-Java feed pollers from configuration. */
@Configuration(proxyBeanMethods = false)
public class NewsConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    IngestMetrics ingestMetrics(MeterRegistry registry, Clock clock) {
        return new IngestMetrics(Source.NEWS.id(), registry, clock);
    }

    @Bean(destroyMethod = "close")
    Admin healthAdmin(KafkaProperties kafka) {
        return Admin.create(kafka.buildAdminProperties());
    }

    @Bean
    BrokerReachability brokerReachability(Admin healthAdmin) {
        return new BrokerReachability(healthAdmin, Duration.ofSeconds(5));
    }

    /** The live pollers' producer; primary, so only the backfill has to name its own. */
    @Bean(destroyMethod = "close")
    @Primary
    TransactionalPublisher transactionalPublisher(NewsProperties properties, KafkaProperties kafka) {
        return TransactionalPublisher.forKafka(kafka.buildProducerProperties(), properties.news().transactionalId(),
                Topics.INGEST_STATE.name());
    }

    @Bean
    IngestStateReader ingestStateReader(NewsProperties properties, KafkaProperties kafka) {
        return IngestStateReader.forKafka(kafka.buildConsumerProperties(), Topics.INGEST_STATE.name(),
                properties.topics().timeout());
    }

    @Bean
    FeedFetcher feedFetcher(NewsProperties properties, Clock clock, IngestMetrics metrics) {
        NewsProperties.News news = properties.news();
        NewsProperties.Http http = news.http();
        return new FeedFetcher(new FetchSettings(http.connectTimeout(), http.readTimeout(), http.maxBodySize().toBytes(),
                http.userAgent(), news.hostInterval(), http.maxAttempts(), http.backoff(), http.maxBackoff(),
                http.maxRetryAfter()), news.maxRedirects(), clock, metrics);
    }

    @Bean
    List<FeedSource> feedSources(NewsProperties properties, FeedFetcher fetcher) throws InterruptedException {
        NewsProperties.News news = properties.news();
        return FeedList.resolve(news.feeds(), news.opml(), news.pollInterval(), fetcher);
    }

    @Bean(destroyMethod = "close")
    NewsPolling newsPolling(NewsProperties properties, List<FeedSource> feedSources, FeedFetcher fetcher,
                            TransactionalPublisher publisher, IngestStateReader stateReader, IngestMetrics metrics,
                            MeterRegistry registry, Clock clock) {
        NewsProperties.News news = properties.news();
        FeedPoller poller = new FeedPoller(fetcher, new FeedParser(), new NewsItemMapper(), publisher,
                Topics.NEWS_FEED.name(), metrics, clock);
        return new NewsPolling(feedSources, poller, publisher, stateReader, new NewsPolling.Settings(news.threads(),
                news.unhealthyAfter(), news.errorBackoff(), news.maxErrorBackoff()), metrics, registry, clock);
    }

    /** Operator re-polls (Operations API): own producer, transactional id {@code <transactional-id>-backfill}. */
    @Bean(destroyMethod = "close")
    TransactionalPublisher backfillPublisher(NewsProperties properties, KafkaProperties kafka) {
        return TransactionalPublisher.forKafka(kafka.buildProducerProperties(),
                properties.news().transactionalId() + "-backfill", Topics.INGEST_STATE.name());
    }

    /** Shares the fetcher with live polling, so per-host pacing covers both. */
    @Bean
    NewsBackfill newsBackfill(List<FeedSource> feedSources, NewsPolling polling, FeedFetcher fetcher,
                              @Qualifier("backfillPublisher") TransactionalPublisher backfillPublisher,
                              IngestStateReader stateReader, IngestMetrics metrics, Clock clock) {
        FeedPoller poller = new FeedPoller(fetcher, new FeedParser(), new NewsItemMapper(), backfillPublisher,
                Topics.NEWS_FEED.name(), metrics, clock);
        return new NewsBackfill(feedSources, polling::feeds, poller, backfillPublisher, stateReader, clock);
    }

    @Bean
    PollSchedule pollSchedule(NewsProperties properties, KafkaProperties kafka, NewsPolling polling) {
        return new PollSchedule(polling, properties.topics(), List.of(Topics.NEWS_FEED, Topics.INGEST_STATE),
                kafka.buildAdminProperties());
    }
}
