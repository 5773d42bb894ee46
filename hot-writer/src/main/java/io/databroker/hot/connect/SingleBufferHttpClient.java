package io.databroker.hot.connect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;

/**
 * Hands request bodies to the wrapped client as one buffer. The typed client gives a bulk request's body as four
 * buffers per document (action line, newline, source, newline), and {@code RestClientHttpClient} sends each buffer
 * as its own HTTP chunk in its own turn of the I/O reactor: 4,000 reactor turns for a request of 1,000 documents,
 * which cost more CPU than everything else hot-writer does per document (JFR of {@code hot.BulkBench}). One copy
 * into a single buffer (about a millisecond per megabyte) lets the reactor write as much as the socket takes at once.
 */
final class SingleBufferHttpClient implements TransportHttpClient {

    private final TransportHttpClient delegate;

    SingleBufferHttpClient(TransportHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public TransportOptions createOptions(TransportOptions options) {
        return delegate.createOptions(options);
    }

    @Override
    public Response performRequest(String endpointId, Node node, Request request, TransportOptions options)
            throws IOException {
        return delegate.performRequest(endpointId, node, singleBuffer(request), options);
    }

    @Override
    public CompletableFuture<Response> performRequestAsync(String endpointId, Node node, Request request,
                                                           TransportOptions options) {
        return delegate.performRequestAsync(endpointId, node, singleBuffer(request), options);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    /** {@code request} with its body in one buffer; as it is when the body is absent or already one buffer. */
    static Request singleBuffer(Request request) {
        Iterable<ByteBuffer> body = request.body();
        if (body == null) {
            return request;
        }
        int buffers = 0;
        long size = 0;
        for (ByteBuffer buffer : body) {
            buffers++;
            size += buffer.remaining();
        }
        if (buffers < 2) {
            return request;
        }
        if (size > Integer.MAX_VALUE) {
            // Far beyond what Elasticsearch accepts (http.max_content_length, 100 MB): let the server say so.
            return request;
        }
        ByteBuffer joined = ByteBuffer.allocate((int) size);
        for (ByteBuffer buffer : body) {
            joined.put(buffer.duplicate());
        }
        joined.flip();
        return new Request(request.method(), request.path(), request.queryParams(), request.headers(), List.of(joined));
    }
}
