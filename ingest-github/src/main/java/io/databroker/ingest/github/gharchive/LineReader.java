package io.databroker.ingest.github.gharchive;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ({@code \n}, an optional {@code \r} before it dropped) without decoding them, so
 * memory stays at one buffer whatever the file size. A line longer than {@code maxLineBytes} is not buffered: it is
 * read past and reported as {@link #oversized()}, so one monster line cannot take the heap. Not thread-safe.
 *
 * <p>After {@link #next()} returned true, the line is {@code buffer()[offset(), offset() + length())}, valid until
 * the next call.
 */
public final class LineReader {

    private static final int INITIAL_BUFFER = 256 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private byte[] buffer;
    private int start;
    private int end;
    private boolean eof;
    private long lineNumber;
    private int lineOffset;
    private int lineLength;
    private boolean oversized;

    public LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.buffer = new byte[Math.min(INITIAL_BUFFER, maxLineBytes + 1)];
    }

    /** Advances to the next line; false at the end of the stream. */
    public boolean next() throws IOException {
        int scanFrom = start;
        while (true) {
            int newline = indexOf((byte) '\n', scanFrom, end);
            if (newline >= 0) {
                found(newline, newline + 1);
                return true;
            }
            if (eof) {
                if (start < end) {
                    found(end, end); // a last line without a newline
                    return true;
                }
                return false;
            }
            if (end - start > maxLineBytes) {
                skipOverlongLine();
                return true;
            }
            scanFrom = end;
            int compactedBy = compactAndFill();
            scanFrom -= compactedBy;
        }
    }

    /** 1-based number of the current line. */
    public long lineNumber() {
        return lineNumber;
    }

    public byte[] buffer() {
        return buffer;
    }

    public int offset() {
        return lineOffset;
    }

    public int length() {
        return lineLength;
    }

    /** True when the current line was longer than the cap; its bytes are not available. */
    public boolean oversized() {
        return oversized;
    }

    /** True when the current line holds nothing but whitespace. */
    public boolean blank() {
        for (int i = lineOffset; i < lineOffset + lineLength; i++) {
            byte b = buffer[i];
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return !oversized;
    }

    private void found(int lineEnd, int nextStart) {
        int length = lineEnd - start;
        if (length > 0 && buffer[lineEnd - 1] == '\r') {
            length--;
        }
        lineNumber++;
        lineOffset = start;
        lineLength = length;
        oversized = false;
        start = nextStart;
    }

    /** Reads past the rest of a line that has outgrown the cap, keeping only what follows it. */
    private void skipOverlongLine() throws IOException {
        lineNumber++;
        lineOffset = 0;
        lineLength = 0;
        oversized = true;
        start = end;
        while (true) {
            start = 0;
            end = 0;
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                eof = true;
                return;
            }
            int newline = indexOf((byte) '\n', 0, n);
            if (newline >= 0) {
                start = newline + 1;
                end = n;
                return;
            }
        }
    }

    /** Moves the unconsumed bytes to the front, grows the buffer if it is full, reads more; returns the shift. */
    private int compactAndFill() throws IOException {
        int shift = start;
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, (long) maxLineBytes + 1));
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
        return shift;
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
