package io.databroker.hot.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import co.elastic.clients.transport.http.TransportHttpClient.Request;

class SingleBufferHttpClientTest {

    @Test
    void joinsABodyOfManyBuffersIntoOneWithTheSameBytesAndLeavesTheRequestOtherwiseAlone() {
        ByteBuffer action = bytes("{\"index\":{\"_id\":\"a\"}}");
        ByteBuffer newline = bytes("\n");
        ByteBuffer source = bytes("{\"title\":\"x\"}");
        Request request = new Request("POST", "/_bulk", Map.of("filter_path", "items.*.status"),
                Map.of("Content-Type", "application/x-ndjson"), List.of(action, newline, source, newline));

        Request joined = SingleBufferHttpClient.singleBuffer(request);

        assertThat(joined.body()).hasSize(1);
        assertThat(text(joined.body().iterator().next())).isEqualTo("{\"index\":{\"_id\":\"a\"}}\n{\"title\":\"x\"}\n");
        assertThat(joined.method()).isEqualTo("POST");
        assertThat(joined.path()).isEqualTo("/_bulk");
        assertThat(joined.queryParams()).isEqualTo(request.queryParams());
        assertThat(joined.headers()).isEqualTo(request.headers());
        // the originals are not consumed: the transport may serialise a retried request again
        assertThat(newline.remaining()).isEqualTo(1);
    }

    @Test
    void passesBodiesOfOneBufferAndNoBodyThrough() {
        Request none = new Request("GET", "/_cluster/health", Map.of(), Map.of(), null);
        Request one = new Request("PUT", "/_index_template/t", Map.of(), Map.of(), List.of(bytes("{}")));

        assertThat(SingleBufferHttpClient.singleBuffer(none)).isSameAs(none);
        assertThat(SingleBufferHttpClient.singleBuffer(one)).isSameAs(one);
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
