package io.databroker.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.databroker.testsupport.Pipeline.Service;

class LiveSourcesTest {

    @Test
    void newsReadsTheBundledOpmlPlusExtraFeeds() {
        LiveSources live = new LiveSources(List.of("https://a.example/rss"), Map.of());

        assertThat(live.environment().get(Service.INGEST_NEWS))
                .containsEntry("BROKER_NEWS_OPML", "classpath:feeds/default.opml")
                .containsEntry("BROKER_NEWS_FEEDS", "https://a.example/rss");
    }

    @Test
    void theUsersOwnOpmlIsKept() {
        LiveSources live = new LiveSources(List.of(), Map.of("BROKER_NEWS_OPML", "/etc/feeds.opml"));

        assertThat(live.environment().get(Service.INGEST_NEWS)).isEmpty();
        assertThat(live.summary()).anyMatch(line -> line.contains("/etc/feeds.opml"));
    }

    @Test
    void githubWithoutTokenPollsWithinTheAnonymousRateLimit() {
        LiveSources live = new LiveSources(List.of(), Map.of());

        assertThat(live.environment().get(Service.INGEST_GITHUB)).containsEntry("BROKER_GITHUB_POLL_INTERVAL", "5m");
        assertThat(live.summary()).anyMatch(line -> line.contains("GITHUB_TOKEN"));
    }

    @Test
    void githubTakesTheCommonTokenVariableAndItsDefaultInterval() {
        LiveSources live = new LiveSources(List.of(), Map.of("GITHUB_TOKEN", "ghp_secret"));

        assertThat(live.environment().get(Service.INGEST_GITHUB))
                .containsEntry("BROKER_GITHUB_TOKEN", "ghp_secret")
                .doesNotContainKey("BROKER_GITHUB_POLL_INTERVAL");
        assertThat(String.join("\n", live.summary())).doesNotContain("ghp_secret");
    }

    @Test
    void aServiceTokenIsLeftToTheService() {
        LiveSources live = new LiveSources(List.of(), Map.of("BROKER_GITHUB_TOKEN", "t", "GITHUB_TOKEN", "other"));

        assertThat(live.environment().get(Service.INGEST_GITHUB)).isEmpty();
    }
}
