package io.databroker.ingest.core.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Guards a response body: fails once more than {@code maxBytes} have been read (after gzip decoding, so a zip bomb
 * is caught too) or once reading has taken longer than the read timeout ({@link BodyDeadline}, which also wakes a
 * read blocked on a silent server). The JDK client's request timeout covers only the wait for the headers; this
 * covers the body of a server that trickles bytes or stops sending them.
 */
final class BoundedInputStream extends FilterInputStream {

    private final URI uri;
    private final long maxBytes;
    private final BodyDeadline deadline;
    private long count;

    BoundedInputStream(InputStream in, URI uri, long maxBytes, BodyDeadline deadline) {
        super(in);
        this.uri = uri;
        this.maxBytes = maxBytes;
        this.deadline = deadline;
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = super.read();
        } catch (IOException e) {
            throw deadline.passed() ? withCause(deadline.timeout(), e) : e;
        }
        counted(b >= 0 ? 1 : 0, b < 0);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (IOException e) {
            throw deadline.passed() ? withCause(deadline.timeout(), e) : e;
        }
        counted(Math.max(n, 0), n < 0);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped;
        try {
            skipped = super.skip(n);
        } catch (IOException e) {
            throw deadline.passed() ? withCause(deadline.timeout(), e) : e;
        }
        counted(skipped, false);
        return skipped;
    }

    @Override
    public void close() throws IOException {
        deadline.close();
        super.close();
    }

    /**
     * @param endOfStream true when the read reported the end: after the deadline that end may be the watchdog's close
     *                    rather than the server's, so it must not pass for a complete body
     */
    private void counted(long n, boolean endOfStream) throws IOException {
        count += n;
        if (count > maxBytes) {
            throw new ResponseTooLargeException("response body of " + uri + " is larger than " + maxBytes + " bytes");
        }
        if (deadline.passed()) {
            throw deadline.timeout();
        }
        if (endOfStream) {
            deadline.close();
        }
    }

    private static IOException withCause(IOException error, Throwable cause) {
        error.initCause(cause);
        return error;
    }
}
