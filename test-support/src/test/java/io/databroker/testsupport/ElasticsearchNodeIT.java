package io.databroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ElasticsearchNodeIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void searchFindsDocumentIndexedWithRefresh() throws Exception {
        ElasticsearchNode node = ElasticsearchNode.shared();

        HttpResponse<String> indexed = send(node, "PUT", "/papers-it/_doc/p1?refresh=true",
                "{\"title\":\"Attention is all you need\"}");
        HttpResponse<String> found = send(node, "POST", "/papers-it/_search",
                "{\"query\":{\"match\":{\"title\":\"attention\"}}}");

        assertThat(indexed.statusCode()).isEqualTo(201);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains("\"total\":{\"value\":1,").contains("\"_id\":\"p1\"");
    }

    @Test
    void restartKeepsDataAndPort() throws Exception {
        ElasticsearchNode.Options options = ElasticsearchNode.Options.defaults()
                .withSetting("thread_pool.write.queue_size", "50");
        try (ElasticsearchNode node = ElasticsearchNode.start(options)) {
            String url = node.httpUrl();
            send(node, "PUT", "/outage-it/_doc/d1?refresh=true", "{\"n\":1}");

            node.stop();
            node.restart();

            assertThat(node.httpUrl()).isEqualTo(url);
            HttpResponse<String> doc = send(node, "GET", "/outage-it/_doc/d1", null);
            assertThat(doc.statusCode()).isEqualTo(200);
            assertThat(doc.body()).contains("\"found\":true");
            HttpResponse<String> queue = send(node, "GET",
                    "/_nodes/settings?filter_path=**.thread_pool.write.queue_size", null);
            assertThat(queue.body()).contains("\"queue_size\":\"50\"");
        }
    }

    @Test
    void failedStartReportsTheServerOutput() {
        ElasticsearchNode.Options options = ElasticsearchNode.Options.defaults()
                .withSetting("no.such.setting", "x");

        assertThatThrownBy(() -> ElasticsearchNode.start(options).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with status")
                .hasMessageContaining("unknown setting [no.such.setting]");
    }

    private HttpResponse<String> send(ElasticsearchNode node, String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.httpUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        request.method(method, json == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
