package io.databroker.hot.index;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.databroker.hot.bulk.Backoff;
import io.databroker.hot.bulk.ElasticsearchErrorClassifier;
import io.databroker.hot.config.HotWriterProperties;
import io.databroker.hot.config.TestSettings;
import io.databroker.hot.connect.ElasticsearchConnection;
import io.databroker.shared.topic.Source;

class HotStoreSetupTest {

    @Test
    void givesUpNamingTheTimeoutWhenElasticsearchStaysUnreachable() throws Exception {
        // Port 1 on loopback: nothing listens, so every attempt is a quick "connection refused".
        HotWriterProperties.Hot hot = TestSettings.hot(Map.of("hot.hosts", "http://127.0.0.1:1"));
        try (ElasticsearchConnection connection = ElasticsearchConnection.open(List.of(URI.create("http://127.0.0.1:1")),
                null, null, null)) {
            HotStoreSetup setup = new HotStoreSetup(
                    new IndexLifecycle(connection.restClient(), true, hot.retention()),
                    new IndexTemplates(connection.restClient(), new DailyIndexRouter(""), hot),
                    new ElasticsearchErrorClassifier(),
                    new Backoff(Duration.ofMillis(50), Duration.ofMillis(100), Math::random),
                    Clock.systemUTC(), Duration.ofMillis(500));

            assertThatThrownBy(() -> setup.run(List.of(Source.NEWS)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("broker.hot.setup-timeout")
                    .hasMessageContaining("Connection refused");
        }
    }
}
