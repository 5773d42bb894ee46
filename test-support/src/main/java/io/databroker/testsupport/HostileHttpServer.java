package io.databroker.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * A raw-socket HTTP/1.1 server that misbehaves the ways a hostile or broken source does, below what
 * {@link FixtureHttpServer} (a well-behaved server) can play: headers trickled a byte at a time (slowloris), a body
 * trickled a byte at a time, headers followed by silence, an endless chunked body. Each connection gets its own
 * thread; everything stops on {@link #close()}. The misbehaving responses carry no Content-Type, so that every
 * client reads them as far as its limits let it.
 */
public final class HostileHttpServer implements AutoCloseable {

    /** What the server does on a path. */
    public enum Behaviour {
        /** Sends the status line and then header bytes one at a time, for ever: the headers never end. */
        TRICKLE_HEADERS,
        /** Sends complete headers announcing a body, then the body one byte at a time, for ever. */
        TRICKLE_BODY,
        /** Sends complete headers announcing a body, then nothing, holding the connection open. */
        SILENT_AFTER_HEADERS,
        /** Sends a chunked body of spaces (blank to JSON and XML parsers alike) that never ends, as fast as the client reads. */
        ENDLESS_BODY
    }

    private final ServerSocket server;
    private final Duration byteInterval;
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, FixtureHttpServer.Response> wellBehaved = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private HostileHttpServer(Duration byteInterval) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.byteInterval = byteInterval;
        this.acceptor = new Thread(this::acceptLoop, "hostile-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @param byteInterval the pause between two trickled bytes */
    public static HostileHttpServer start(Duration byteInterval) {
        try {
            return new HostileHttpServer(byteInterval);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a server socket", e);
        }
    }

    public HostileHttpServer on(String path, Behaviour behaviour) {
        wellBehaved.remove(path);
        behaviours.put(path, behaviour);
        return this;
    }

    /**
     * From now on answers {@code path} properly with {@code response} (status, headers, body; no delays), e.g. to
     * show that a source that misbehaved once is read completely when it recovers.
     */
    public HostileHttpServer recover(String path, FixtureHttpServer.Response response) {
        behaviours.remove(path);
        wellBehaved.put(path, response);
        return this;
    }

    /**
     * A gzip bomb: {@code decodedBytes} zero bytes compressed (about 1,000 : 1), to serve with
     * {@code Content-Encoding: gzip} from {@link FixtureHttpServer}.
     */
    public static byte[] gzipBomb(int decodedBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            for (int written = 0; written < decodedBytes; written += zeros.length) {
                gz.write(zeros, 0, Math.min(zeros.length, decodedBytes - written));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** Requests received on {@code path} (the path without the query string). */
    public int requests(String path) {
        AtomicInteger count = requestCounts.get(path);
        return count == null ? 0 : count.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread handler = new Thread(() -> handle(socket), "hostile-http-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("hostile HTTP server: accept failed: " + e);
                }
            }
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            String path = readRequestPath(socket.getInputStream());
            requestCounts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            OutputStream out = socket.getOutputStream();
            FixtureHttpServer.Response good = wellBehaved.get(path);
            if (good != null) {
                StringBuilder head = new StringBuilder("HTTP/1.1 " + good.status() + " Fine\r\n");
                good.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
                head.append("Content-Length: ").append(good.body().length).append("\r\nConnection: close\r\n\r\n");
                write(out, head.toString());
                out.write(good.body());
                out.flush();
                return;
            }
            Behaviour behaviour = behaviours.get(path);
            if (behaviour == null) {
                write(out, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                return;
            }
            switch (behaviour) {
                case TRICKLE_HEADERS -> {
                    write(out, "HTTP/1.1 200 OK\r\nX-Slow: ");
                    while (!closed) {
                        out.write('a');
                        out.flush();
                        pause();
                    }
                }
                case TRICKLE_BODY -> {
                    write(out, "HTTP/1.1 200 OK\r\nContent-Length: 500000\r\n\r\n");
                    while (!closed) {
                        out.write(' ');
                        out.flush();
                        pause();
                    }
                }
                case SILENT_AFTER_HEADERS -> {
                    write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
                    // Hold the connection until the client gives up (it closes, and the read sees the end).
                    socket.getInputStream().read();
                }
                case ENDLESS_BODY -> {
                    write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
                    byte[] chunk = ("4000\r\n" + " ".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    while (!closed) {
                        out.write(chunk);
                    }
                }
                default -> throw new IllegalStateException(behaviour.name());
            }
        } catch (IOException e) {
            // The client gave up (what these behaviours are for) or the server is closing.
        }
    }

    /** Reads the request head up to the blank line and returns the path of its request line, without the query. */
    private static String readRequestPath(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        String[] requestLine = head.toString().split("\r\n", 2)[0].split(" ");
        String target = requestLine.length > 1 ? requestLine[1] : "/";
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private void pause() {
        try {
            Thread.sleep(byteInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
