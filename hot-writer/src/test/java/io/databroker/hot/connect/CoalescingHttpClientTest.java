package io.databroker.hot.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import co.elastic.clients.transport.http.TransportHttpClient.Request;

class CoalescingHttpClientTest {

    @Test
    void joinsABodyOfManyBuffersIntoOneWithTheSameBytesAndLeavesTheRequestOtherwiseAlone() {
        ByteBuffer action = bytes("{\"index\":{\"_id\":\"a\"}}");
        ByteBuffer newline = bytes("\n");
        ByteBuffer source = bytes("{\"title\":\"x\"}");
        Request request = new Request("POST", "/_bulk", Map.of("filter_path", "items.*.status"),
                Map.of("Content-Type", "application/x-ndjson"), List.of(action, newline, source, newline));

        Request joined = CoalescingHttpClient.coalesced(request);

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
    void cutsALargeBodyIntoBuffersBelowHalfAG1RegionWithTheSameBytes() {
        List<ByteBuffer> body = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            String action = "{\"index\":{\"_index\":\"news_recent-2026.11.21\",\"_id\":\"news:" + i + "\"}}";
            String source = "{\"title\":\"" + "x".repeat(i % 2000) + "\"}";
            body.add(bytes(action));
            body.add(bytes("\n"));
            body.add(bytes(source));
            body.add(bytes("\n"));
            expected.append(action).append('\n').append(source).append('\n');
        }
        int size = expected.length();

        Request joined = CoalescingHttpClient.coalesced(new Request("POST", "/_bulk", Map.of(), Map.of(), body));

        List<ByteBuffer> buffers = new ArrayList<>();
        joined.body().forEach(buffers::add);
        assertThat(buffers).hasSize((size + CoalescingHttpClient.BUFFER_BYTES - 1) / CoalescingHttpClient.BUFFER_BYTES)
                .allSatisfy(b -> assertThat(b.remaining()).isLessThanOrEqualTo(CoalescingHttpClient.BUFFER_BYTES));
        StringBuilder text = new StringBuilder();
        buffers.forEach(b -> text.append(text(b)));
        assertThat(text.toString()).isEqualTo(expected.toString());
        assertThat(CoalescingHttpClient.coalesced(joined)).isSameAs(joined);
    }

    @Test
    void passesBodiesOfOneBufferAndNoBodyThrough() {
        Request none = new Request("GET", "/_cluster/health", Map.of(), Map.of(), null);
        Request one = new Request("PUT", "/_index_template/t", Map.of(), Map.of(), List.of(bytes("{}")));

        assertThat(CoalescingHttpClient.coalesced(none)).isSameAs(none);
        assertThat(CoalescingHttpClient.coalesced(one)).isSameAs(one);
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
