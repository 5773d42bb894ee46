package io.databroker.ingest.news.app;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.databroker.ingest.news.config.NewsProperties;
import io.databroker.ingest.news.feed.FeedFetcher;
import io.databroker.ingest.news.feed.FeedParser;
import io.databroker.ingest.news.feed.FeedPoller;
import io.databroker.ingest.news.feed.PollHealth;
import io.databroker.ingest.news.publish.IngestStateReader;
import io.databroker.ingest.news.publish.NewsItemMapper;
import io.databroker.ingest.news.publish.NewsRecordPublisher;
import io.databroker.shared.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;

/** Builds the Kafka clients and the plain-Java core from configuration. */
@Configuration(proxyBeanMethods = false)
public class NewsConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PollHealth pollHealth(NewsProperties properties, Clock clock) {
        return new PollHealth(clock, properties.news().unhealthyAfter());
    }

    @Bean(destroyMethod = "close")
    NewsRecordPublisher newsRecordPublisher(NewsProperties properties, KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, properties.news().transactionalId());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new NewsRecordPublisher(() -> new KafkaProducer<>(config),
                Topics.NEWS_FEED.name(), Topics.INGEST_STATE.name());
    }

    @Bean
    IngestStateReader ingestStateReader(NewsProperties properties, KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new IngestStateReader(() -> new KafkaConsumer<>(config), Topics.INGEST_STATE.name(),
                properties.topics().timeout());
    }

    @Bean
    FeedPoller feedPoller(NewsProperties properties, NewsRecordPublisher publisher, IngestStateReader stateReader,
                          PollHealth health, Clock clock, MeterRegistry meters) {
        NewsProperties.Http http = properties.news().http();
        FeedFetcher fetcher = new FeedFetcher(FeedFetcher.newHttpClient(http.connectTimeout()), http.readTimeout(),
                http.maxBodySize().toBytes(), http.userAgent());
        return new FeedPoller(properties.news().feeds(), fetcher, new FeedParser(), new NewsItemMapper(), publisher,
                stateReader, health, clock, meters);
    }

    @Bean
    PollSchedule pollSchedule(NewsProperties properties, KafkaProperties kafka, FeedPoller poller) {
        return new PollSchedule(poller, properties.news().pollInterval(), properties.topics(),
                List.of(Topics.NEWS_FEED, Topics.INGEST_STATE), kafka.buildAdminProperties());
    }
}
