package io.databroker.bench.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;

/**
 * When sampled events become searchable in Elasticsearch: every {@link #POLL} it runs one {@code ids} search over
 * the four read aliases (what a user searches) for the sampled ids not found yet that are readable on their enriched
 * topic, and stamps each hit with the time the answer arrived (an upper bound: the document became searchable between
 * the previous search and this answer).
 *
 * <p>The same-run baseline: a probe thread indexes a small document straight into its own index (same node, same
 * {@code refresh_interval}, no {@code ?refresh}) every {@link #PROBE_EVERY}, and the same searches look for those too,
 * so the probe's latency is what Elasticsearch's refresh and this way of looking cost without the pipeline.
 */
final class SearchWatcher implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(100);
    static final Duration PROBE_EVERY = Duration.ofMillis(200);
    static final String PROBE_INDEX = "e2e-latency-probe";
    private static final int MAX_IDS_PER_SEARCH = 2000;

    private final String elasticsearchUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ConcurrentLinkedQueue<Sample> incoming = new ConcurrentLinkedQueue<>();
    private final List<Sample> pending = new ArrayList<>();
    private final Map<String, Sample> probes = new HashMap<>();
    private final ConcurrentLinkedQueue<Sample> incomingProbes = new ConcurrentLinkedQueue<>();
    private final List<Sample> allProbes = new ArrayList<>();
    private final Thread searcher;
    private final Thread prober;
    private volatile boolean running = true;
    private volatile boolean probesMeasured;
    private volatile long failures;

    SearchWatcher(String elasticsearchUrl, String refreshInterval) {
        this.elasticsearchUrl = elasticsearchUrl;
        send("PUT", "/" + PROBE_INDEX, """
                {"settings": {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "%s"}}""".formatted(refreshInterval));
        searcher = new Thread(this::search, "e2e-search-watcher");
        prober = new Thread(this::probe, "e2e-search-probe");
        searcher.setDaemon(true);
        prober.setDaemon(true);
        searcher.start();
        prober.start();
    }

    void watch(Sample sample) {
        incoming.add(sample);
    }

    /** Whether probes indexed from now on count (true during the measured window only). */
    void measureProbes(boolean measure) {
        probesMeasured = measure;
    }

    /** The probes indexed so far; call after {@link #close()}. */
    List<Sample> probes() {
        return List.copyOf(allProbes);
    }

    long failures() {
        return failures;
    }

    /** Documents behind an index or alias after a refresh (for the end-of-run completeness check); -1 if it is missing. */
    long count(String indexOrAlias) {
        try {
            send("POST", "/" + indexOrAlias + "/_refresh", "");
            return Json.mapper().readTree(send("GET", "/" + indexOrAlias + "/_count", "")).path("count").asLong();
        } catch (IllegalStateException missing) {
            return -1;
        }
    }

    private void probe() {
        long n = 0;
        while (running) {
            Sample probe = new Sample(null, "probe-" + n, System.nanoTime(), probesMeasured);
            try {
                send("PUT", "/" + PROBE_INDEX + "/_doc/" + probe.documentId, "{\"n\":" + n + "}");
                incomingProbes.add(probe);
            } catch (RuntimeException e) {
                failures++;
            }
            n++;
            sleep(PROBE_EVERY);
        }
    }

    private void search() {
        String aliases = java.util.Arrays.stream(Source.values()).map(Source::hotAlias).collect(Collectors.joining(","));
        String path = "/" + aliases + "," + PROBE_INDEX + "/_search?ignore_unavailable=true&allow_no_indices=true&filter_path=hits.hits._id";
        while (running) {
            for (Sample s; (s = incoming.poll()) != null; ) {
                pending.add(s);
            }
            for (Sample p; (p = incomingProbes.poll()) != null; ) {
                probes.put(p.documentId, p);
                allProbes.add(p);
            }
            // Only events already readable on their enriched topic can be searchable (hot-writer reads the same committed
            // records), so a backlog in enrich-service does not crowd the events hot-writer already indexed out of the search.
            List<Sample> candidates = pending.stream().filter(s -> s.enrichedNanos != 0)
                    .sorted(Comparator.comparingLong(s -> s.producedNanos)).limit(MAX_IDS_PER_SEARCH).toList();
            if (!candidates.isEmpty() || !probes.isEmpty()) {
                List<String> ids = new ArrayList<>(probes.keySet());
                candidates.forEach(s -> ids.add(s.documentId));
                try {
                    JsonNode hits = Json.mapper().readTree(send("POST", path, """
                            {"size": %d, "_source": false, "query": {"ids": {"values": %s}}}"""
                            .formatted(ids.size(), Json.mapper().writeValueAsString(ids)))).path("hits").path("hits");
                    long answered = System.nanoTime();
                    Map<String, Sample> byId = candidates.stream().collect(Collectors.toMap(s -> s.documentId, s -> s, (a, b) -> a));
                    hits.valueStream().map(hit -> hit.path("_id").asString()).forEach(id -> {
                        Sample found = byId.containsKey(id) ? byId.get(id) : probes.remove(id);
                        if (found != null) {
                            found.searchableNanos = answered;
                        }
                    });
                    pending.removeIf(s -> s.searchableNanos != 0);
                } catch (RuntimeException e) {
                    failures++;
                }
            }
            sleep(POLL);
        }
    }

    private String send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(elasticsearchUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        searcher.join(10_000);
        prober.join(10_000);
    }
}
