package io.databroker.ingest.github.gharchive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads its source on a thread of its own, a few blocks ahead of the reader, so that the source's work (for a GH
 * Archive hour: the download and the gunzip, about 2 of the 7-8 CPU-µs per line the publishing thread otherwise
 * spends, in {@code github.BackfillBench}) overlaps with parsing and publishing. Memory is bounded by {@code blocks} buffers of
 * {@code blockSize} bytes, reused. The reader sees exactly the source's bytes, then its end, or — after every byte the
 * source delivered before it — the exception the source threw (so a truncated gzip still fails after the last whole
 * line it held). Single reader; {@link #close()} stops the thread and closes the source.
 */
final class ReadAheadInputStream extends InputStream {

    /** Queue item after the last block. */
    private static final Object END = new Object();

    private final InputStream source;
    private final BlockingQueue<byte[]> free;
    private final BlockingQueue<Object> filled;
    private final Thread thread;
    private Block current;
    private int position;
    private Object terminal;
    private volatile boolean closed;

    private ReadAheadInputStream(InputStream source, int blockSize, int blocks, String threadName) {
        this.source = source;
        this.free = new ArrayBlockingQueue<>(blocks);
        for (int i = 0; i < blocks; i++) {
            free.add(new byte[blockSize]);
        }
        // blocks + the end marker or the failure: the reading thread never waits to report how it ended
        this.filled = new ArrayBlockingQueue<>(blocks + 1);
        this.thread = new Thread(this::readAhead, threadName);
        this.thread.setDaemon(true);
    }

    /** Starts reading {@code source} ahead on a daemon thread named {@code threadName}. */
    static ReadAheadInputStream start(InputStream source, int blockSize, int blocks, String threadName) {
        ReadAheadInputStream stream = new ReadAheadInputStream(source, blockSize, blocks, threadName);
        stream.thread.start();
        return stream;
    }

    @Override
    public int read() throws IOException {
        if (!hasBytes()) {
            return -1;
        }
        return current.data[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!hasBytes()) {
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current.data, position, buffer, offset, n);
        position += n;
        return n;
    }

    /**
     * Stops reading ahead and closes the source; bytes not read yet are dropped. A failure to close the source is
     * not reported: whatever it held is abandoned, and the caller is already done with it (or failing for a reason
     * of its own, which this must not hide).
     */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            source.close();
        } catch (IOException | RuntimeException e) {
            // see above
        }
    }

    /** True when {@code current} has unread bytes, taking the next block if needed; false at the source's end. */
    private boolean hasBytes() throws IOException {
        while (current == null || position == current.length) {
            if (current != null) {
                free.add(current.data);
                current = null;
            }
            if (terminal == null) {
                Object next = take();
                if (next instanceof Block block) {
                    current = block;
                    position = 0;
                    continue;
                }
                terminal = next;
            }
            if (terminal == END) {
                return false;
            }
            if (terminal instanceof IOException e) {
                throw e;
            }
            throw (RuntimeException) terminal;
        }
        return true;
    }

    private Object take() throws IOException {
        try {
            return filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the source");
        }
    }

    /** The reading thread: fills free blocks from the source until its end or a failure, which it hands over too. */
    private void readAhead() {
        try {
            while (!closed) {
                byte[] data = free.take();
                int length = 0;
                int n = 0;
                try {
                    while (length < data.length && (n = source.read(data, length, data.length - length)) >= 0) {
                        length += n;
                    }
                } catch (IOException | RuntimeException e) {
                    handOver(data, length);
                    filled.put(e);
                    return;
                }
                handOver(data, length);
                if (n < 0) {
                    filled.put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed by the reader
        } catch (Error e) {
            filled.offer(new IllegalStateException("reading ahead failed: " + e, e)); // never full: see the constructor
            throw e;
        }
    }

    private void handOver(byte[] data, int length) throws InterruptedException {
        if (length > 0) {
            filled.put(new Block(data, length));
        } else {
            free.add(data);
        }
    }

    /** {@code data[0, length)} holds source bytes. */
    private record Block(byte[] data, int length) {
    }
}
