package io.databroker.ingest.github.gharchive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LineReaderTest {

    @Test
    void splitsLinesDroppingCarriageReturnsAndKeepsALastLineWithoutNewline() throws IOException {
        assertThat(lines("a\nbb\r\n\nccc", 100, false)).containsExactly("1:a", "2:bb", "3:", "4:ccc");
    }

    @Test
    void readsTheSameWhenTheStreamHandsOutOneByteAtATime() throws IOException {
        String text = "first line\nsecond, longer line\r\nthird\n";
        assertThat(lines(text, 100, true)).containsExactly("1:first line", "2:second, longer line", "3:third");
    }

    @Test
    void growsItsBufferForLinesLongerThanTheInitialBuffer() throws IOException {
        String big = "x".repeat(700_000);
        assertThat(lines("a\n" + big + "\nb\n", 1_000_000, false)).containsExactly("1:a", "2:" + big, "3:b");
    }

    @Test
    void skipsALineOverTheCapAndCountsItAsALine() throws IOException {
        String big = "y".repeat(5000);
        assertThat(lines("a\n" + big + "\nb\n" + big, 1000, true)).containsExactly("1:a", "2:<oversized>", "3:b", "4:<oversized>");
    }

    @Test
    void anEmptyStreamHasNoLines() throws IOException {
        assertThat(lines("", 10, false)).isEmpty();
    }

    private static List<String> lines(String text, int max, boolean trickle) throws IOException {
        InputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        if (trickle) {
            in = new FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return super.read(b, off, Math.min(len, 1));
                }
            };
        }
        LineReader reader = new LineReader(in, max);
        List<String> lines = new ArrayList<>();
        while (reader.next()) {
            String line = reader.oversized() ? "<oversized>"
                    : new String(reader.buffer(), reader.offset(), reader.length(), StandardCharsets.UTF_8);
            lines.add(reader.lineNumber() + ":" + line);
        }
        return lines;
    }
}
