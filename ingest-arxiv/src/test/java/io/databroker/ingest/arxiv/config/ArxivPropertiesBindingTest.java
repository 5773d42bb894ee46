package io.databroker.ingest.arxiv.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** The environment variables the e2e test and operators set bind through application.yaml as the README says. */
class ArxivPropertiesBindingTest {

    @Test
    void bindsTheDocumentedEnvironmentVariables() {
        ArxivProperties properties = bind(Map.of(
                "BROKER_ARXIV_BASE_URL", "http://127.0.0.1:8080/oai",
                "BROKER_ARXIV_METADATA_PREFIX", "arXiv",
                "BROKER_ARXIV_SETS", "cs, physics:hep-th",
                "BROKER_ARXIV_FROM", "2026-01-05",
                "BROKER_ARXIV_REQUEST_INTERVAL", "100ms",
                "BROKER_ARXIV_POLL_INTERVAL", "30s"));

        ArxivProperties.Arxiv arxiv = properties.arxiv();
        assertThat(arxiv.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/oai"));
        assertThat(arxiv.metadataPrefix()).isEqualTo("arXiv");
        assertThat(arxiv.sets()).containsExactly("cs", "physics:hep-th");
        assertThat(arxiv.from()).isEqualTo(LocalDate.of(2026, 1, 5));
        assertThat(arxiv.requestInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(arxiv.pollInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void defaultsToArxivsNewEndpointArxivRawAndPoliteness() {
        ArxivProperties.Arxiv arxiv = bind(Map.of()).arxiv();

        assertThat(arxiv.baseUrl()).isEqualTo(URI.create("https://oaipmh.arxiv.org/oai"));
        assertThat(arxiv.metadataPrefix()).isEqualTo("arXivRaw");
        assertThat(arxiv.sets()).isEmpty();
        assertThat(arxiv.from()).isNull();
        assertThat(arxiv.requestInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(arxiv.pollInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(arxiv.http().maxAttempts()).isEqualTo(5);
    }

    private static ArxivProperties bind(Map<String, Object> env) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", env));
        try {
            new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Binder.get(environment).bind("broker", ArxivProperties.class).get();
    }
}
