package io.databroker.ingest.github.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import io.databroker.ingest.github.gharchive.GhArchiveHour;

/** The environment variables the e2e test and operators set bind through application.yaml as the README says. */
class GithubPropertiesBindingTest {

    @Test
    void defaultsToLiveOnAgainstGithubComAndNoBackfill() {
        GithubProperties.Github github = bind(Map.of()).github();

        assertThat(github.live().enabled()).isTrue();
        assertThat(github.live().apiUrl()).isEqualTo(URI.create("https://api.github.com"));
        assertThat(github.live().resolveToken()).isNull();
        assertThat(github.live().pollInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(github.live().maxPages()).isEqualTo(3);
        assertThat(github.backfill().enabled()).isFalse();
        assertThat(github.backfill().range()).isNull();
        assertThat(github.backfill().archiveUrl()).isEqualTo(URI.create("https://data.gharchive.org"));
    }

    @Test
    void bindsTheDocumentedEnvironmentVariables() {
        GithubProperties.Github github = bind(Map.of(
                "BROKER_GITHUB_LIVE_ENABLED", "false",
                "BROKER_GITHUB_API_URL", "http://127.0.0.1:8080/api/v3",
                "BROKER_GITHUB_TOKEN", "ghp_secret",
                "BROKER_GITHUB_POLL_INTERVAL", "5s",
                "BROKER_GITHUB_ARCHIVE_URL", "http://127.0.0.1:8080/gharchive",
                "BROKER_GITHUB_BACKFILL_FROM", "2015-01-01-12",
                "BROKER_GITHUB_BACKFILL_TO", "2015-01-01T14",
                "BROKER_GITHUB_BACKFILL_CHUNK_LINES", "100")).github();

        assertThat(github.live().enabled()).isFalse();
        assertThat(github.live().apiUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/api/v3"));
        assertThat(github.live().resolveToken()).isEqualTo("ghp_secret");
        assertThat(github.live().toString()).doesNotContain("ghp_secret");
        assertThat(github.live().pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(github.backfill().archiveUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/gharchive"));
        assertThat(github.backfill().range().from()).isEqualTo(GhArchiveHour.parse("2015-01-01-12"));
        assertThat(github.backfill().range().to()).isEqualTo(GhArchiveHour.parse("2015-01-01-14"));
        assertThat(github.backfill().chunkLines()).isEqualTo(100);
    }

    @Test
    void readsTheTokenFromAFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "ghp_from_file\n");

        assertThat(bind(Map.of("BROKER_GITHUB_TOKEN_FILE", file.toString())).github().live().resolveToken())
                .isEqualTo("ghp_from_file");
    }

    @Test
    void refusesABackfillWithoutItsEnd() {
        assertThatThrownBy(() -> bind(Map.of("BROKER_GITHUB_BACKFILL_FROM", "2015-01-01-12")))
                .hasRootCauseMessage("set both broker.github.backfill.from and .to (BROKER_GITHUB_BACKFILL_FROM, "
                        + "BROKER_GITHUB_BACKFILL_TO), or neither");
    }

    private static GithubProperties bind(Map<String, Object> env) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", env));
        try {
            new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Binder.get(environment).bind("broker", GithubProperties.class).get();
    }
}
