package io.databroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.databroker.testsupport.FixtureHttpServer.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FixtureHttpServerIT {

    private final FixtureHttpServer server = FixtureHttpServer.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void playsScriptedResponsesInOrderAndRepeatsTheLast() throws Exception {
        server.respond("/feed",
                Response.of(503).withHeader("Retry-After", "2"),
                Response.ok("application/xml", "<rss/>").withHeader("ETag", "\"v1\""),
                Response.of(304));

        HttpResponse<String> first = get("/feed", null);
        HttpResponse<String> second = get("/feed", null);
        HttpResponse<String> third = get("/feed", "\"v1\"");
        HttpResponse<String> fourth = get("/feed", "\"v1\"");

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).contains("2");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("<rss/>");
        assertThat(second.headers().firstValue("ETag")).contains("\"v1\"");
        assertThat(third.statusCode()).isEqualTo(304);
        assertThat(fourth.statusCode()).isEqualTo(304);
    }

    @Test
    void recordsConditionalGetHeaders() throws Exception {
        server.respond("/feed", Response.of(304));

        get("/feed?page=2", "\"etag-7\"");

        assertThat(server.requests("/feed")).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.pathAndQuery()).isEqualTo("/feed?page=2");
            assertThat(request.header("If-None-Match")).contains("\"etag-7\"");
        });
    }

    @Test
    void exactQueryScriptWinsOverPathScript() throws Exception {
        server.respond("/oai", Response.ok("text/plain", "any"));
        server.respond("/oai?verb=Identify", Response.ok("text/plain", "identify"));

        assertThat(get("/oai?verb=Identify", null).body()).isEqualTo("identify");
        assertThat(get("/oai?verb=ListRecords", null).body()).isEqualTo("any");
        assertThat(get("/unscripted", null).statusCode()).isEqualTo(404);
    }

    @Test
    void truncatedBodyFailsTheClient() {
        server.respond("/big", Response.ok("text/plain", "0123456789".repeat(100)).truncatedAfter(10));

        assertThatThrownBy(() -> get("/big", null)).isInstanceOf(IOException.class);
    }

    @Test
    void servesClasspathResourceAsBody() throws Exception {
        server.respond("/fixture", Response.okResource("application/xml", "fixtures/sample.xml"));

        assertThat(get("/fixture", null).body()).contains("<sample>");
    }

    private HttpResponse<String> get(String path, String ifNoneMatch) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path)));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
