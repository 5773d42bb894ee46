package io.databroker.ingest.github.gharchive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {

    @ParameterizedTest(name = "{0} bytes in blocks of {1}, read {2} at a time")
    @CsvSource({"0, 16, 7", "1, 16, 7", "16, 16, 16", "1000, 16, 7", "1000, 64, 1000", "100000, 4096, 1", "100000, 100, 333"})
    void readsExactlyTheSourceBytes(int size, int blockSize, int readSize) throws IOException {
        byte[] bytes = random(size);

        try (ReadAheadInputStream in = ReadAheadInputStream.start(new ByteArrayInputStream(bytes), blockSize, 3, "t")) {
            assertThat(readAll(in, readSize)).isEqualTo(bytes);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(new byte[4], 0, 4)).isEqualTo(-1);
        }
    }

    @Test
    void handsOverEveryByteBeforeTheSourceFailedThenItsException() throws IOException {
        byte[] bytes = random(10_000);
        InputStream truncated = new InputStream() {
            private final InputStream delegate = new ByteArrayInputStream(bytes);

            @Override
            public int read() throws IOException {
                int b = delegate.read();
                if (b < 0) {
                    throw new EOFException("Unexpected end of ZLIB input stream");
                }
                return b;
            }
        };

        try (ReadAheadInputStream in = ReadAheadInputStream.start(truncated, 4096, 2, "t")) {
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            byte[] buffer = new byte[1000];
            assertThatThrownBy(() -> {
                int n;
                while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                    seen.write(buffer, 0, n);
                }
            }).isInstanceOf(EOFException.class).hasMessageContaining("ZLIB");
            assertThat(seen.toByteArray()).isEqualTo(bytes);
            assertThatThrownBy(in::read).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void closeStopsTheThreadAndClosesTheSourceWhileTheReaderIsBehind() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };

        ReadAheadInputStream in = ReadAheadInputStream.start(endless, 1024, 2, "read-ahead-test");
        assertThat(in.read()).isEqualTo('x');
        in.close();

        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
        Thread reader = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("read-ahead-test")).findFirst().orElse(null);
        if (reader != null) {
            reader.join(10_000);
            assertThat(reader.isAlive()).isFalse();
        }
    }

    private static byte[] readAll(InputStream in, int readSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[readSize];
        while (true) {
            if (readSize == 1) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                out.write(b);
            } else {
                int n = in.read(buffer, 0, readSize);
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
