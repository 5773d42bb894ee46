package io.databroker.ingest.news.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** The environment variables the e2e test, the launcher and operators set bind through application.yaml as documented. */
class NewsPropertiesBindingTest {

    @Test
    void bindsCommaSeparatedFeedsWithAttributesOpmlAndPollIntervalFromEnvironment() {
        NewsProperties properties = bind(Map.of(
                "BROKER_NEWS_FEEDS", "http://127.0.0.1:8080/a.xml, https://feeds.example.org/b.atom|label=science|interval=30m",
                "BROKER_NEWS_OPML", "classpath:feeds/default.opml",
                "BROKER_NEWS_POLL_INTERVAL", "1s",
                "BROKER_NEWS_HOST_INTERVAL", "0s",
                "BROKER_TOPICS_CREATE", "false"));

        assertThat(properties.news().feeds()).containsExactly(
                "http://127.0.0.1:8080/a.xml", "https://feeds.example.org/b.atom|label=science|interval=30m");
        assertThat(properties.news().opml()).isEqualTo("classpath:feeds/default.opml");
        assertThat(properties.news().pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.news().hostInterval()).isZero();
        assertThat(properties.topics().create()).isFalse();
    }

    @Test
    void defaultsToNoFeedsNoOpmlAndTenMinutes() {
        NewsProperties properties = bind(Map.of());

        assertThat(properties.news().feeds()).isEmpty();
        assertThat(properties.news().opml()).isNull();
        assertThat(properties.news().pollInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(properties.news().threads()).isEqualTo(4);
        assertThat(properties.news().hostInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.news().maxRedirects()).isEqualTo(5);
        assertThat(properties.news().transactionalId()).isEqualTo("ingest-news-feeds");
        assertThat(properties.news().http().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.topics().create()).isTrue();
    }

    private static NewsProperties bind(Map<String, Object> env) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", env));
        try {
            new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Binder.get(environment).bind("broker", NewsProperties.class).get();
    }
}
