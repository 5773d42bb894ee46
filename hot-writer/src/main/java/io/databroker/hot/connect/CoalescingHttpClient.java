package io.databroker.hot.connect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;

/**
 * Hands request bodies to the wrapped client in a few large buffers. The typed client gives a bulk request's body as
 * four buffers per document (action line, newline, source, newline), and {@code RestClientHttpClient} sends each
 * buffer as its own HTTP chunk in its own turn of the I/O reactor: 4,000 reactor turns for a request of 1,000
 * documents, which cost more CPU than everything else hot-writer does per document (JFR of {@code hot.BulkBench}).
 * One copy into buffers of {@link #BUFFER_BYTES} lets the reactor write as much as the socket takes at once. They
 * stay below half of G1's smallest region (1 MB): a larger array is a "humongous" allocation, and a stream of those
 * (one per bulk request) starts old-generation collections.
 */
final class CoalescingHttpClient implements TransportHttpClient {

    static final int BUFFER_BYTES = 256 * 1024;

    private final TransportHttpClient delegate;

    CoalescingHttpClient(TransportHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public TransportOptions createOptions(TransportOptions options) {
        return delegate.createOptions(options);
    }

    @Override
    public Response performRequest(String endpointId, Node node, Request request, TransportOptions options)
            throws IOException {
        return delegate.performRequest(endpointId, node, coalesced(request), options);
    }

    @Override
    public CompletableFuture<Response> performRequestAsync(String endpointId, Node node, Request request,
                                                           TransportOptions options) {
        return delegate.performRequestAsync(endpointId, node, coalesced(request), options);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    /** {@code request} with its body in as few buffers of at most {@link #BUFFER_BYTES} as it fits. */
    static Request coalesced(Request request) {
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
        if (buffers <= (size + BUFFER_BYTES - 1) / BUFFER_BYTES) {
            return request;
        }
        List<ByteBuffer> joined = new ArrayList<>((int) (size / BUFFER_BYTES) + 1);
        ByteBuffer target = null;
        for (ByteBuffer buffer : body) {
            ByteBuffer source = buffer.duplicate();
            while (source.hasRemaining()) {
                if (target == null || !target.hasRemaining()) {
                    target = ByteBuffer.allocate((int) Math.min(BUFFER_BYTES, size));
                    size -= target.capacity();
                    joined.add(target);
                }
                int n = Math.min(source.remaining(), target.remaining());
                target.put(source.slice(source.position(), n));
                source.position(source.position() + n);
            }
        }
        joined.forEach(ByteBuffer::flip);
        return new Request(request.method(), request.path(), request.queryParams(), request.headers(), joined);
    }
}
