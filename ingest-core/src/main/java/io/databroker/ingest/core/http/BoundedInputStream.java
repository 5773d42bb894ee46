package io.databroker.ingest.core.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Guards a response body: fails once more than {@code maxBytes} have been read (after gzip decoding, so a zip bomb
 * is caught too) or once reading has taken longer than the read timeout. The JDK client's request timeout covers
 * only the wait for the headers; this covers the body of a server that trickles bytes.
 */
final class BoundedInputStream extends FilterInputStream {

    private final URI uri;
    private final long maxBytes;
    private final Duration readTimeout;
    private final long deadlineNanos;
    private long count;

    BoundedInputStream(InputStream in, URI uri, long maxBytes, Duration readTimeout) {
        super(in);
        this.uri = uri;
        this.maxBytes = maxBytes;
        this.readTimeout = readTimeout;
        this.deadlineNanos = System.nanoTime() + readTimeout.toNanos();
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    private void counted(long n) throws IOException {
        count += n;
        if (count > maxBytes) {
            throw new ResponseTooLargeException("response body of " + uri + " is larger than " + maxBytes + " bytes");
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new HttpTimeoutException("reading the body of " + uri + " took longer than " + readTimeout);
        }
    }
}
