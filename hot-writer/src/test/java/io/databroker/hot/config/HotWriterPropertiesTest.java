package io.databroker.hot.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

import io.databroker.shared.topic.Source;

class HotWriterPropertiesTest {

    @Test
    void defaultsMatchTheDocumentedOnes() {
        HotWriterProperties.Hot hot = TestSettings.hot(Map.of());

        assertThat(hot.sources()).containsExactly(Source.ARXIV, Source.GITHUB, Source.NEWS, Source.DNS);
        assertThat(hot.retention()).isEqualTo(Duration.ofDays(10));
        assertThat(hot.textAnalyzer()).isEqualTo("english");
        assertThat(hot.ilm().enabled()).isTrue();
        assertThat(hot.indexPrefix()).isEmpty();
        assertThat(hot.numberOfShards()).isEqualTo(1);
        assertThat(hot.numberOfReplicas()).isEqualTo(1);
        assertThat(hot.refreshInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(hot.bulk().maxBytes()).isEqualTo(DataSize.ofMegabytes(5));
        assertThat(hot.bulk().flushInterval()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void bindsCommaSeparatedHostsAndLowerCaseSources() {
        HotWriterProperties.Hot hot = TestSettings.hot(Map.of(
                "hot.hosts", "http://es-1:9200,https://es-2:9243",
                "hot.sources", "news,dns"));

        assertThat(hot.hosts()).containsExactly(URI.create("http://es-1:9200"), URI.create("https://es-2:9243"));
        assertThat(hot.sources()).containsExactly(Source.NEWS, Source.DNS);
    }

    @Test
    void neverPrintsSecrets() {
        HotWriterProperties.Hot hot = TestSettings.hot(Map.of(
                "hot.username", "writer", "hot.password", "s3cret-pw", "hot.api-key", "c2VjcmV0LWtleQ=="));

        assertThat(hot.toString()).contains("writer").doesNotContain("s3cret-pw").doesNotContain("c2VjcmV0LWtleQ==");
    }

    @Test
    void bindsTheEnvironmentVariablesOperatorsAndTheLauncherSet() {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "BROKER_HOT_HOSTS", "http://es:9200",
                "BROKER_HOT_ILM_ENABLED", "false",
                "BROKER_HOT_TEXT_ANALYZER", "standard",
                "BROKER_HOT_NUMBER_OF_REPLICAS", "0",
                "BROKER_HOT_SOURCES", "news")));

        HotWriterProperties.Hot hot = new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("broker", HotWriterProperties.class).hot();

        assertThat(hot.ilm().enabled()).isFalse();
        assertThat(hot.textAnalyzer()).isEqualTo("standard");
        assertThat(hot.numberOfReplicas()).isZero();
        assertThat(hot.sources()).containsExactly(Source.NEWS);
    }
}
