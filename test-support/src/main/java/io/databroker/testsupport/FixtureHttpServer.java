package io.databroker.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on a free loopback port that plays scripted responses (a list per path, the last one repeating)
 * and records every request, so tests can drive pollers through 503 + Retry-After, 304 and truncated bodies and
 * assert the conditional-GET headers they sent.
 */
public final class FixtureHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    /**
     * One scripted response.
     *
     * @param status       HTTP status code
     * @param headers      response headers
     * @param body         response body (empty for none)
     * @param bytesToSend  how many body bytes to send before closing the connection; less than the body's length
     *                     simulates a connection cut mid-body (Content-Length still announces the whole body)
     * @param delay        how long to wait before answering, for client timeout tests
     */
    public record Response(int status, Map<String, String> headers, byte[] body, int bytesToSend, Duration delay) {

        public Response {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(delay, "delay");
        }

        /** A 200 with the body and Content-Type. */
        public static Response ok(String contentType, byte[] body) {
            return of(200).withHeader("Content-Type", contentType).withBody(body);
        }

        /** A 200 with a UTF-8 text body. */
        public static Response ok(String contentType, String body) {
            return ok(contentType, body.getBytes(StandardCharsets.UTF_8));
        }

        /** A 200 whose body is a classpath resource (e.g. {@code "fixtures/oaipmh/list-records.xml"}). */
        public static Response okResource(String contentType, String resource) {
            return ok(contentType, resource(resource));
        }

        /** A response with this status and no body, e.g. {@code of(304)} or {@code of(503).withHeader("Retry-After", "1")}. */
        public static Response of(int status) {
            return new Response(status, Map.of(), new byte[0], Integer.MAX_VALUE, Duration.ZERO);
        }

        public Response withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Response(status, more, body, bytesToSend, delay);
        }

        public Response withBody(byte[] newBody) {
            return new Response(status, headers, newBody, bytesToSend, delay);
        }

        /** Sends only the first {@code bytes} of the body, then drops the connection. */
        public Response truncatedAfter(int bytes) {
            return new Response(status, headers, body, bytes, delay);
        }

        public Response delayedBy(Duration wait) {
            return new Response(status, headers, body, bytesToSend, wait);
        }
    }

    /**
     * A request as received.
     *
     * @param method      e.g. GET
     * @param pathAndQuery path with the raw query, e.g. {@code /oai?verb=ListRecords}
     * @param headers     header names in lower case, values in arrival order
     * @param body        request body
     */
    public record RecordedRequest(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {

        /** First value of a header, looked up case-insensitively. */
        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        /** The path without the query. */
        public String path() {
            int q = pathAndQuery.indexOf('?');
            return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        }
    }

    private FixtureHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a server on 127.0.0.1 and a free port; unscripted paths answer 404. */
    public static FixtureHttpServer start() {
        return start(0);
    }

    /** Starts a server on 127.0.0.1 and the given port (0 = free); a fixed port keeps a served URL stable across runs. */
    public static FixtureHttpServer start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "fixture-http");
                thread.setDaemon(true);
                return thread;
            });
            FixtureHttpServer fixture = new FixtureHttpServer(server, executor);
            server.createContext("/", fixture::handle);
            server.setExecutor(executor);
            server.start();
            return fixture;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fixture HTTP server", e);
        }
    }

    /**
     * Scripts {@code path}: the n-th request gets the n-th response, and every request after the last gets the last
     * one again. A path with a query ({@code /oai?verb=Identify}) matches only that exact query; a path without one
     * matches any query for which no exact script exists. Replaces an earlier script for the same path.
     */
    public FixtureHttpServer respond(String path, Response... responses) {
        if (responses.length == 0) {
            throw new IllegalArgumentException("at least one response for " + path);
        }
        scripts.put(path, new Script(List.of(responses)));
        return this;
    }

    /** Absolute URL of {@code path} (which starts with '/') on this server. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Every request received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests received so far for {@code path} (compared without the query). */
    public List<RecordedRequest> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** The bytes of a classpath resource, for response bodies. */
    public static byte[] resource(String name) {
        String relative = name.startsWith("/") ? name.substring(1) : name;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(relative)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read resource " + name, e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String pathAndQuery = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            requests.add(new RecordedRequest(exchange.getRequestMethod(), pathAndQuery, headers, requestBody));

            Script script = scripts.get(pathAndQuery);
            if (script == null) {
                script = scripts.get(uri.getRawPath());
            }
            Response response = script != null
                    ? script.next()
                    : Response.of(404).withHeader("Content-Type", "text/plain")
                            .withBody(("no fixture for " + pathAndQuery).getBytes(StandardCharsets.UTF_8));
            send(exchange, response);
        }
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        if (!response.delay().isZero()) {
            try {
                Thread.sleep(response.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] body = response.body();
        boolean noBody = body.length == 0 || response.status() == 304 || response.status() == 204
                || "HEAD".equals(exchange.getRequestMethod());
        // -1 tells HttpServer "no body"; a positive length becomes Content-Length.
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (noBody) {
            return;
        }
        OutputStream out = exchange.getResponseBody();
        int length = Math.min(body.length, response.bytesToSend());
        out.write(body, 0, length);
        out.flush();
        if (length < body.length) {
            // Closing the exchange with bytes missing makes HttpServer drop the connection mid-body.
            throw new IOException("truncated response body as scripted");
        }
    }

    /** A path's scripted responses and how far requests have consumed them. */
    private static final class Script {
        private final List<Response> responses;
        private int served;

        Script(List<Response> responses) {
            this.responses = new ArrayList<>(responses);
        }

        synchronized Response next() {
            Response response = responses.get(Math.min(served, responses.size() - 1));
            served++;
            return response;
        }
    }
}
