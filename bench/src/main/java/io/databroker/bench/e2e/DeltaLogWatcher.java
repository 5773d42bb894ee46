package io.databroker.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;

/**
 * When sampled events become visible to a Spark SQL reader of the Delta tables. A query on {@code delta.`path`}
 * lists {@code _delta_log} and reads the newest {@code NNNN.json} commit; a commit file appears atomically (put-if-absent)
 * with its data files already written, so an event is visible from the moment the first commit file holding it
 * exists. cold-writer records in every commit the last Kafka offset it covers per enriched partition ({@code txn}
 * actions, app id {@code data-broker-cold-<topic>-<partition>}, cold-writer/README.md), so this watcher lists the logs
 * every {@link #POLL}, reads only new commit files' {@code txn} lines, and stamps each sampled event whose enriched
 * offset ({@link EnrichedWatcher}) a commit covers with the time the commit file was first seen. No Spark query runs
 * while the pipeline is measured; the bench checks with Spark SQL at the end that every event is in the tables.
 */
final class DeltaLogWatcher implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(250);
    private static final String APP_ID_PREFIX = "data-broker-cold-";

    private final Path coldStore;
    private final ConcurrentLinkedQueue<Sample> incoming = new ConcurrentLinkedQueue<>();
    private final List<Sample> pending = new ArrayList<>();
    private final Map<Source, Long> lastVersion = new HashMap<>();
    /** topic-partition → highest offset committed to Delta. */
    private final Map<String, Long> committed = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int commits;

    DeltaLogWatcher(Path coldStore) {
        this.coldStore = coldStore;
        thread = new Thread(this::run, "e2e-delta-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    void watch(Sample sample) {
        incoming.add(sample);
    }

    int commits() {
        return commits;
    }

    private void run() {
        while (running) {
            for (Sample s; (s = incoming.poll()) != null; ) {
                pending.add(s);
            }
            long seen = System.nanoTime();
            for (Source source : Source.values()) {
                readNewCommits(source);
            }
            pending.removeIf(s -> {
                if (s.enrichedOffset < 0) {
                    return false;
                }
                Long upTo = committed.get(s.source.enrichedTopic().name() + "-" + s.enrichedPartition);
                if (upTo != null && upTo >= s.enrichedOffset) {
                    s.deltaNanos = seen;
                    return true;
                }
                return false;
            });
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void readNewCommits(Source source) {
        Path log = coldStore.resolve(source.coldTable()).resolve("_delta_log");
        if (!Files.isDirectory(log)) {
            return;
        }
        long after = lastVersion.getOrDefault(source, -1L);
        List<Path> files;
        try (Stream<Path> listing = Files.list(log)) {
            files = listing.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json"))
                    .filter(p -> version(p) > after).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : files) {
            try {
                for (String line : Files.readAllLines(file)) {
                    JsonNode txn = Json.mapper().readTree(line).path("txn");
                    String appId = txn.path("appId").asString("");
                    if (appId.startsWith(APP_ID_PREFIX)) {
                        String topicPartition = appId.substring(APP_ID_PREFIX.length());
                        committed.merge(topicPartition, txn.path("version").asLong(), Math::max);
                    }
                }
            } catch (IOException | RuntimeException partlyWritten) {
                return; // read it again on the next poll
            }
            lastVersion.put(source, version(file));
            commits++;
        }
    }

    private static long version(Path commitFile) {
        return Long.parseLong(commitFile.getFileName().toString().substring(0, 20));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
    }
}
