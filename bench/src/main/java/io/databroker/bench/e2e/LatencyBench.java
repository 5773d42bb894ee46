package io.databroker.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.databroker.bench.ThreadCpuSplit;
import io.databroker.shared.topic.Source;
import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.FreePorts;
import io.databroker.testsupport.KafkaBroker;
import io.databroker.testsupport.Pipeline;
import io.databroker.testsupport.Pipeline.Service;
import io.databroker.testsupport.SparkSql;

/**
 * The whole pipeline under a fixed event rate: {@code bench/run e2e.LatencyBench <events/s> <seconds> [warm-up s]
 * [cold allowed latency]} (defaults 5000, 300, 30, 60s).
 *
 * <p>Runs the seven packaged services as child JVMs (test-support {@link Pipeline}, as the e2e tests and the launcher
 * do) on a KRaft broker in this JVM and an Elasticsearch node (512 MB heap; hot-writer's {@code refresh_interval}
 * 1 s, set through {@code BROKER_HOT_REFRESH_INTERVAL}); cold-writer commits at its allowed latency
 * ({@code BROKER_COLD_FLUSH_MAX_LATENCY}) or earlier by size. The ingest services run idle against local fixtures;
 * this program is the external producer of {@link RawEvents}, mixed over the four raw topics at a fixed rate, first
 * for the warm-up (not counted; at least the given seconds and until a minute after enrich-service and hot-writer
 * have caught up), then for the measured window. About 100 events per second are sampled (every n-th
 * event) and followed through each stage: readable on the enriched topic ({@link EnrichedWatcher}), searchable in
 * Elasticsearch ({@link SearchWatcher}, with its straight-to-Elasticsearch probe as the same-run baseline), visible to
 * a Spark SQL reader of Delta ({@link DeltaLogWatcher}). CPU and memory per process come from /proc
 * ({@link ProcessSampler}), consumer lag per group from the AdminClient ({@link LagSampler}), drawn into a PNG.
 * After the run every event is checked to be in both stores (Elasticsearch counts, Spark SQL counts).
 */
public final class LatencyBench {

    private static final double SAMPLES_PER_SECOND = 100;
    /** The consumer groups (the services' default group ids) and the topics each consumes. */
    private static final Map<String, List<String>> GROUPS = groups();
    private static final double ES_TARGET_P99 = 1.5;
    private static final double DELTA_MARGIN = 5;
    private static final Duration MAX_EXTRA_WARMUP = Duration.ofSeconds(300);
    /**
     * How long the warm-up goes on after the pipeline has caught up. Caught up is not settled: in the quiet runs the
     * p99 of each 10 s of events kept falling for about a minute after the lag was back under one second of events
     * (2.0 → 1.4 s to Elasticsearch) while the last of the backlog drained and seven JVMs finished compiling.
     */
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** Width of the rows of the latency-over-time table. */
    private static final long TIME_ROW_SECONDS = 30;

    private LatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Duration coldLatency = parseDuration(args.length > 3 ? args[3] : "60s");
        Path root = Path.of(System.getProperty("databroker.build.root", ".")).toAbsolutePath().normalize();
        Path plot = root.resolve(System.getProperty("e2e.plot", "docs/benchmarks/e2e-consumer-lag.png"));
        String command = "bench/run e2e.LatencyBench " + String.join(" ", args);
        System.out.printf(Locale.ROOT, "e2e.LatencyBench: %,d events/s for %d s after a %d s warm-up, cold-writer allowed latency %s, load average %s%n",
                rate, seconds, warmup, coldLatency, loadAverage());

        Path work = Files.createTempDirectory(Files.createDirectories(root.resolve("bench/target/e2e-runs")), "run-");
        Path coldStore = work.resolve("cold-store");
        KafkaBroker kafka = KafkaBroker.shared();
        ElasticsearchNode elasticsearch = ElasticsearchNode.shared();
        FixtureHttpServer sources = idleSources();
        Map<Service, Map<String, String>> env = new EnumMap<>(Service.class);
        env.put(Service.INGEST_ARXIV, Map.of("BROKER_ARXIV_BASE_URL", sources.url("/oai")));
        env.put(Service.INGEST_GITHUB, Map.of("BROKER_GITHUB_API_URL", sources.url("")));
        env.put(Service.INGEST_DNS, Map.of("BROKER_DNS_TCP_PORT", Integer.toString(FreePorts.one())));
        env.put(Service.HOT_WRITER, Map.of("BROKER_HOT_REFRESH_INTERVAL", "1s"));
        env.put(Service.COLD_WRITER, Map.of("BROKER_COLD_FLUSH_MAX_LATENCY", coldLatency.toSeconds() + "s"));
        // -De2e.env=hot-writer:BROKER_HOT_BULK_FLUSH_INTERVAL=200ms,cold-writer:… sets more environment (A/B runs).
        for (String setting : System.getProperty("e2e.env", "").split(",")) {
            if (setting.isBlank()) {
                continue;
            }
            String module = setting.substring(0, setting.indexOf(':')).trim();
            String assignment = setting.substring(setting.indexOf(':') + 1);
            Service service = java.util.Arrays.stream(Service.values()).filter(s -> s.module().equals(module)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("e2e.env: no service " + module));
            Map<String, String> more = new LinkedHashMap<>(env.getOrDefault(service, Map.of()));
            more.put(assignment.substring(0, assignment.indexOf('=')).trim(), assignment.substring(assignment.indexOf('=') + 1).trim());
            env.put(service, more);
        }
        // -De2e.jfr=enrich-service,hot-writer records a JFR profile of those services into the run's directory.
        for (String module : System.getProperty("e2e.jfr", "").split(",")) {
            for (Service service : Service.values()) {
                if (service.module().equals(module.trim())) {
                    Map<String, String> withJfr = new LinkedHashMap<>(env.getOrDefault(service, Map.of()));
                    withJfr.put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=filename=" + work.resolve(module + ".jfr") + ",settings=profile");
                    env.put(service, withJfr);
                }
            }
        }
        long startup = System.nanoTime();
        Pipeline pipeline = Pipeline.start(new Pipeline.Settings(root, System.getProperty("databroker.project.version", "0.1.0-SNAPSHOT"),
                kafka.bootstrapServers(), elasticsearch.httpUrl(), coldStore.toUri().toString(), sources.url("/feed.xml"),
                work.resolve("logs"), true, env), Duration.ofSeconds(600), System.out::println);
        System.out.printf(Locale.ROOT, "pipeline ready in %.0f s (logs: %s)%n", (System.nanoTime() - startup) / 1e9, work.resolve("logs"));

        Map<String, Supplier<List<Long>>> processes = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            processes.put(service.module(), () -> List.of(pipeline.service(service).pid()));
        }
        processes.put("elasticsearch", () -> elasticsearch.processTree().stream().map(ProcessHandle::pid).toList());
        long self = ProcessHandle.current().pid();
        processes.put("bench JVM (Kafka broker, producer, watchers)", () -> List.of(self));

        Map<String, Sample> samples = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        ProcessSampler usage = new ProcessSampler(processes);
        LagSampler lag = new LagSampler(kafka.bootstrapServers(), GROUPS, t0);
        EnrichedWatcher enriched = new EnrichedWatcher(kafka.bootstrapServers(), samples);
        SearchWatcher search = new SearchWatcher(elasticsearch.httpUrl(), "1s");
        DeltaLogWatcher delta = new DeltaLogWatcher(coldStore);

        long[] produced = new long[Source.values().length];
        long sampleEvery = Math.max(1, Math.round(rate / SAMPLES_PER_SECOND));
        RawEvents events = new RawEvents(Long.toString(Instant.now().getEpochSecond() % 100_000));
        AtomicLong sendFailures = new AtomicLong();
        long measuredEvents;
        double behindMax = 0;
        double warmedUp = 0;
        double windowStart;
        double windowEnd;
        String loadAtStart;
        ThreadCpuSplit benchThreads = null;
        AutoCloseable benchThreadSampler = () -> { };
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            // The warm-up lasts until SETTLE after enrich-service and hot-writer have caught up (lag under one second
            // of events, looked at from `warmup` seconds on, when the lag reflects the load): seven JVMs start cold,
            // and a backlog left from their JIT warm-up would otherwise be measured as the pipeline's steady-state
            // latency. At most MAX_EXTRA_WARMUP longer. The table of latency over time shows the warm-up too.
            long warmupEvents = Long.MAX_VALUE;
            long caughtUpAt = 0;
            long total = Long.MAX_VALUE;
            long minWarmupNanos = Duration.ofSeconds(warmup).toNanos();
            long maxWarmupNanos = Duration.ofSeconds(warmup).plus(MAX_EXTRA_WARMUP).toNanos();
            loadAtStart = loadAverage().split(" ")[0];
            long start = System.nanoTime();
            windowStart = 0;
            long n = 0;
            long nextReport = start + 10_000_000_000L;
            while (n < total) {
                long now = System.nanoTime();
                if (caughtUpAt == 0 && now - start >= minWarmupNanos && caughtUp(lag.latest(), rate)) {
                    caughtUpAt = now;
                    System.out.printf(Locale.ROOT, "caught up after %.0f s (lag %s); settling for %d s%n", (now - start) / 1e9,
                            java.util.Arrays.toString(lag.latest()), SETTLE.toSeconds());
                }
                if (warmupEvents == Long.MAX_VALUE && now - start >= minWarmupNanos
                        && ((caughtUpAt != 0 && now - caughtUpAt >= SETTLE.toNanos()) || now - start >= maxWarmupNanos)) {
                    warmupEvents = n;
                    total = warmupEvents + (long) rate * seconds;
                    windowStart = (now - t0) / 1e9;
                    warmedUp = (now - start) / 1e9;
                    System.out.printf(Locale.ROOT, "warm-up done after %.0f s (lag %s): measuring %d s%n", warmedUp,
                            java.util.Arrays.toString(lag.latest()), seconds);
                }
                long due = Math.min(total, (now - start) * rate / 1_000_000_000L);
                behindMax = Math.max(behindMax, (due - n) / (double) rate);
                for (; n < due; n++) {
                    if (n == warmupEvents) {
                        usage.startWindow();
                        search.measureProbes(true);
                        benchThreads = new ThreadCpuSplit(benchThreadGroups());
                        benchThreadSampler = benchThreads.sampleEvery(500);
                    }
                    RawEvents.Event event = events.next(n, Instant.now());
                    long sent = System.nanoTime();
                    if (n % sampleEvery == 0) {
                        Sample sample = new Sample(event.source(), event.documentId(), sent, n >= warmupEvents);
                        samples.put(event.documentId(), sample);
                        search.watch(sample);
                        delta.watch(sample);
                    }
                    producer.send(new ProducerRecord<>(event.source().rawTopic().name(), event.key(), event.value()), (md, e) -> {
                        if (e != null) {
                            sendFailures.incrementAndGet();
                        }
                    });
                    produced[event.source().ordinal()]++;
                }
                if (now > nextReport) {
                    progress(now, start, n, samples, lag);
                    nextReport += 10_000_000_000L;
                }
                Thread.sleep(2);
            }
            producer.flush();
            usage.endWindow();
            benchThreadSampler.close();
            search.measureProbes(false);
            windowEnd = (System.nanoTime() - t0) / 1e9;
            measuredEvents = total - warmupEvents;
        }
        String loadAtEnd = loadAverage().split(" ")[0];
        System.out.printf(Locale.ROOT, "production done: %,d events (%s), at most %.2f s behind schedule, %d send failures, load average %s%n",
                sum(produced), perSource(produced), behindMax, sendFailures.get(), loadAverage());

        // Drain: every sample in both stores, or give up after the allowed latency plus a margin (at least the run's
        // length again, so a pipeline that fell behind can catch up); samples still missing then count as "never".
        long drainDeadline = System.nanoTime() + Math.max(coldLatency.plusMinutes(3).toNanos(), Duration.ofSeconds(seconds).toNanos());
        while (System.nanoTime() < drainDeadline
                && samples.values().stream().anyMatch(s -> s.searchableNanos == 0 || s.deltaNanos == 0)) {
            Thread.sleep(1000);
            progress(System.nanoTime(), 0, -1, samples, lag);
        }
        Thread.sleep(3000); // a few more lag samples after the drain, for the plot
        search.close();
        delta.close();
        enriched.close();
        lag.close();
        usage.close();

        List<Sample> measured = samples.values().stream().filter(s -> s.measured).toList();
        Percentiles toEnriched = stage(measured, s -> s.enrichedNanos != 0, s -> s.enrichedNanos - s.producedNanos);
        Percentiles toSearch = stage(measured, s -> s.searchableNanos != 0, s -> s.searchableNanos - s.producedNanos);
        Percentiles toDelta = stage(measured, s -> s.deltaNanos != 0, s -> s.deltaNanos - s.producedNanos);
        Percentiles enrichedToSearch = stage(measured, s -> s.enrichedNanos != 0 && s.searchableNanos != 0,
                s -> s.searchableNanos - s.enrichedNanos);
        Percentiles enrichedToDelta = stage(measured, s -> s.enrichedNanos != 0 && s.deltaNanos != 0, s -> s.deltaNanos - s.enrichedNanos);
        List<Sample> probes = search.probes().stream().filter(s -> s.measured).toList();
        Percentiles probe = stage(probes, s -> s.searchableNanos != 0, s -> s.searchableNanos - s.producedNanos);

        System.out.printf(Locale.ROOT, "%nLatency of %,d sampled events (every %d-th of the measured window; poll every %d ms for Elasticsearch, %d ms for the Delta log):%n",
                measured.size(), sampleEvery, SearchWatcher.POLL.toMillis(), DeltaLogWatcher.POLL.toMillis());
        System.out.println("  produce → readable on the enriched topic:     " + toEnriched.describe());
        System.out.println("  produce → searchable in Elasticsearch:        " + toSearch.describe());
        System.out.println("  produce → visible in Delta (Spark SQL):       " + toDelta.describe());
        System.out.println("  enriched topic → searchable in Elasticsearch: " + enrichedToSearch.describe());
        System.out.println("  enriched topic → visible in Delta:            " + enrichedToDelta.describe());
        System.out.println("  baseline: straight into Elasticsearch → searchable (probe every " + SearchWatcher.PROBE_EVERY.toMillis()
                + " ms): " + probe.describe());
        for (Source source : Source.values()) {
            List<Sample> of = measured.stream().filter(s -> s.source == source).toList();
            System.out.printf(Locale.ROOT, "  %-6s → Elasticsearch %s%n         → Delta         %s%n", source.id(),
                    stage(of, s -> s.searchableNanos != 0, s -> s.searchableNanos - s.producedNanos).describe(),
                    stage(of, s -> s.deltaNanos != 0, s -> s.deltaNanos - s.producedNanos).describe());
        }
        System.out.printf(Locale.ROOT, "  Delta commits seen: %d; search or probe failures: %d%n", delta.commits(), search.failures());
        printLatencyOverTime(samples.values(), t0, windowStart);

        System.out.printf(Locale.ROOT, "%nCPU and memory over the measured window (%d s, %,d events), from /proc:%n", seconds, measuredEvents);
        double totalCpu = 0;
        for (ProcessSampler.Usage u : usage.usage()) {
            System.out.println("  " + u.describe(measuredEvents));
            totalCpu += u.cpuSeconds();
        }
        if (benchThreads != null) {
            System.out.println("  bench JVM by threads (other = the Kafka broker): " + benchThreads.perRecord(measuredEvents));
        }
        System.out.printf(Locale.ROOT, "  all processes: %.1f CPU-s of %.0f available (2 cores: %.0f %%)%n", totalCpu,
                seconds * (double) Runtime.getRuntime().availableProcessors(),
                100 * totalCpu / (seconds * (double) Runtime.getRuntime().availableProcessors()));

        long[] finalLag = lag.latest();
        System.out.printf(Locale.ROOT, "%nConsumer lag: max during the measured window %s; at the end %s%n",
                maxLag(lag, windowStart, windowEnd), finalLag == null ? "n/a" : java.util.Arrays.toString(finalLag));
        String overrides = System.getProperty("e2e.env", "");
        LagPlot.write(plot, String.format(Locale.ROOT, "Consumer lag, %,d events/s for %d s (+%d s warm-up), load average %s → %s, %s%s",
                rate, seconds, Math.round(warmedUp), loadAtStart, loadAtEnd, LocalDate.now(), overrides.isBlank() ? "" : ", " + overrides),
                lag.groups(), lag.points(), windowStart, windowEnd);
        Path csv = work.resolve("consumer-lag.csv");
        List<String> lines = new ArrayList<>();
        lines.add("seconds," + String.join(",", lag.groups()));
        lag.points().forEach(p -> lines.add(String.format(Locale.ROOT, "%.1f,", p.seconds())
                + String.join(",", java.util.Arrays.stream(p.lags()).mapToObj(Long::toString).toList())));
        Files.write(csv, lines);
        System.out.println("lag plot: " + plot + " (data: " + csv + ")");
        Path samplesCsv = work.resolve("samples.csv");
        List<String> sampleLines = new ArrayList<>();
        sampleLines.add("source,id,measured,produced_s,enriched_s,searchable_s,delta_s");
        samples.values().stream().sorted(java.util.Comparator.comparingLong(s -> s.producedNanos)).forEach(s -> sampleLines.add(
                String.format(Locale.ROOT, "%s,%s,%b,%.3f,%s,%s,%s", s.source.id(), s.documentId, s.measured, (s.producedNanos - t0) / 1e9,
                        since(t0, s.enrichedNanos), since(t0, s.searchableNanos), since(t0, s.deltaNanos))));
        Files.write(samplesCsv, sampleLines);
        System.out.println("samples (seconds since the start; empty = never): " + samplesCsv);

        completeness(produced, search, coldStore);
        pipeline.close();
        sources.close();

        String machine = Runtime.getRuntime().availableProcessors() + " cores, JDK " + Runtime.version().feature();
        String what = String.format(Locale.ROOT, "end to end, %,d events/s × %d s mixed over the four raw topics, whole pipeline "
                + "(7 service JVMs, KRaft broker, ES 512 MB), measured after a %.0f s warm-up that ended a minute after enrich-service and hot-writer "
                + "had caught up, %,d sampled events, load average %s → %s", rate, seconds, warmedUp, toSearch.count() + toSearch.missing(),
                loadAtStart, loadAtEnd);
        System.out.println();
        System.out.println("| benchmark | measured | baseline (same run) | ratio | target | machine | date | command |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| %s: produce → searchable in Elasticsearch (refresh 1 s) | p99 %s (p50 %s) | a document "
                        + "indexed straight into Elasticsearch, same node, refresh and poller: p99 %s (p50 %s) | %.1f× at p99 | "
                        + "p99 ≤ %.1f s: %s | %s | %s | `%s` |%n", what, Percentiles.seconds(toSearch.p99()), Percentiles.seconds(toSearch.p50()),
                Percentiles.seconds(probe.p99()), Percentiles.seconds(probe.p50()),
                toSearch.p99() / probe.p99(), ES_TARGET_P99, toSearch.p99() <= ES_TARGET_P99 ? "met" : "not met", machine, LocalDate.now(), command);
        double deltaTarget = coldLatency.toSeconds() + DELTA_MARGIN;
        System.out.printf(Locale.ROOT, "| %s: produce → visible to Spark SQL in Delta (cold-writer allowed latency %d s) | p99 %s "
                        + "(p50 %s) | none (absolute target) | — | p99 ≤ %.0f s: %s | %s | %s | `%s` |%n", what, coldLatency.toSeconds(),
                Percentiles.seconds(toDelta.p99()), Percentiles.seconds(toDelta.p50()), deltaTarget, toDelta.p99() <= deltaTarget ? "met" : "not met", machine, LocalDate.now(), command);
        System.exit(0);
    }

    /** Both low-latency consumers (enrich-service, hot-writer) within one second of events; cold-writer buffers by design. */
    private static boolean caughtUp(long[] lags, int rate) {
        return lags != null && lags[0] <= rate && lags[1] <= rate;
    }

    private static String since(long t0, long nanos) {
        return nanos == 0 ? "" : String.format(Locale.ROOT, "%.3f", (nanos - t0) / 1e9);
    }

    private static Map<String, List<String>> groups() {
        List<String> raw = java.util.Arrays.stream(Source.values()).map(source -> source.rawTopic().name()).toList();
        List<String> enriched = java.util.Arrays.stream(Source.values()).map(source -> source.enrichedTopic().name()).toList();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("data-broker-enrich", raw);
        groups.put("hot-writer", enriched);
        groups.put("data-broker-cold-writer", enriched);
        return groups;
    }

    /** This JVM's threads: the fixed-rate producer, the measurement (watchers, samplers, their clients), the rest is the broker. */
    private static Map<String, Predicate<String>> benchThreadGroups() {
        Map<String, Predicate<String>> groups = new LinkedHashMap<>();
        groups.put("producer", name -> name.equals("main") || name.contains("e2e-bench-producer"));
        groups.put("measurement", name -> name.startsWith("e2e-") || name.contains("e2e-bench-") || name.startsWith("HttpClient"));
        return groups;
    }

    private static Map<String, Object> producerConfig(String bootstrap) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "e2e-bench-producer");
        return config;
    }

    /** The ingest services' sources, answering "nothing new": this program is the producer. */
    private static FixtureHttpServer idleSources() {
        FixtureHttpServer sources = FixtureHttpServer.start();
        sources.respond("/oai", Response.ok("text/xml; charset=utf-8", """
                <?xml version="1.0" encoding="UTF-8"?>
                <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate>
                <request verb="ListRecords">http://export.arxiv.org/oai2</request><error code="noRecordsMatch">none</error></OAI-PMH>
                """));
        sources.respond("/events", Response.ok("application/json; charset=utf-8", "[]").withHeader("ETag", "\"empty\""));
        sources.respond("/feed.xml", Response.ok("application/rss+xml; charset=utf-8", """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>idle</title><link>https://news.example.org/</link><description>none</description></channel></rss>
                """));
        return sources;
    }

    /** Every produced event in both stores: Elasticsearch counts per alias, Spark SQL counts per Delta table. */
    private static void completeness(long[] produced, SearchWatcher search, Path coldStore) {
        System.out.println("\nCompleteness (every event of the run, warm-up included):");
        boolean sparkCheck = Boolean.parseBoolean(System.getProperty("e2e.spark-check", "true"));
        for (Source source : Source.values()) {
            long expected = produced[source.ordinal()];
            long inElasticsearch = search.count(source.hotAlias());
            String deltaCounts = "skipped (-De2e.spark-check=false)";
            if (sparkCheck) {
                Path table = coldStore.resolve(source.coldTable());
                if (Files.isDirectory(table.resolve("_delta_log"))) {
                    Map<String, Object> row = SparkSql.shared()
                            .query("SELECT count(*) AS n, count(DISTINCT id) AS d FROM delta.`" + table + "`").get(0);
                    deltaCounts = row.get("n") + " rows, " + row.get("d") + " distinct ids";
                } else {
                    deltaCounts = "no table";
                }
            }
            System.out.printf(Locale.ROOT, "  %-6s produced %,d; Elasticsearch %,d; Delta %s%n", source.id(), expected, inElasticsearch, deltaCounts);
        }
    }

    private static Percentiles stage(List<Sample> samples, Predicate<Sample> seen, ToLongFunction<Sample> latency) {
        long[] values = samples.stream().filter(seen).mapToLong(latency).toArray();
        return Percentiles.of(values, samples.size() - values.length);
    }

    private static void progress(long now, long start, long n, Map<String, Sample> samples, LagSampler lag) {
        long notSearchable = samples.values().stream().filter(s -> s.searchableNanos == 0).count();
        long notInDelta = samples.values().stream().filter(s -> s.deltaNanos == 0).count();
        long[] lags = lag.latest();
        System.out.printf(Locale.ROOT, "  %s samples not yet searchable %d, not yet in Delta %d; lag %s; load %s%n",
                n < 0 ? "draining:" : String.format(Locale.ROOT, "%4.0f s, %,d events sent;", (now - start) / 1e9, n),
                notSearchable, notInDelta, lags == null ? "n/a" : java.util.Arrays.toString(lags), loadAverage());
    }

    private static String maxLag(LagSampler lag, double from, double to) {
        long[] max = new long[lag.groups().size()];
        for (LagSampler.Point p : lag.points()) {
            if (p.seconds() >= from && p.seconds() <= to) {
                for (int i = 0; i < max.length; i++) {
                    max[i] = Math.max(max[i], p.lags()[i]);
                }
            }
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < max.length; i++) {
            parts.add(lag.groups().get(i) + " " + String.format(Locale.ROOT, "%,d", max[i]));
        }
        return String.join(", ", parts);
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long v : values) {
            total += v;
        }
        return total;
    }

    private static String perSource(long[] produced) {
        List<String> parts = new ArrayList<>();
        for (Source source : Source.values()) {
            parts.add(source.id() + " " + String.format(Locale.ROOT, "%,d", produced[source.ordinal()]));
        }
        return String.join(", ", parts);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }

    /**
     * p50/p99 per {@link #TIME_ROW_SECONDS} of production, warm-up included: whether the measured window was flat,
     * and how long a freshly started pipeline takes to settle.
     */
    private static void printLatencyOverTime(Collection<Sample> samples, long t0, double windowStart) {
        System.out.printf(Locale.ROOT, "%nLatency over time (by the second the event was produced, 0 = start of the measured window):%n");
        Map<Long, List<Sample>> rows = new TreeMap<>(samples.stream().collect(Collectors.groupingBy(
                s -> (long) Math.floor(((s.producedNanos - t0) / 1e9 - windowStart) / TIME_ROW_SECONDS))));
        rows.forEach((row, of) -> {
            Percentiles enriched = stage(of, s -> s.enrichedNanos != 0, s -> s.enrichedNanos - s.producedNanos);
            Percentiles searchable = stage(of, s -> s.searchableNanos != 0, s -> s.searchableNanos - s.producedNanos);
            System.out.printf(Locale.ROOT, "  %5d … %5d s%s  → enriched p50 %s p99 %s   → Elasticsearch p50 %s p99 %s%n",
                    row * TIME_ROW_SECONDS, (row + 1) * TIME_ROW_SECONDS, row < 0 ? " (warm-up)" : "          ",
                    Percentiles.seconds(enriched.p50()), Percentiles.seconds(enriched.p99()),
                    Percentiles.seconds(searchable.p50()), Percentiles.seconds(searchable.p99()));
        });
    }

    private static Duration parseDuration(String text) {
        try {
            return Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("cold allowed latency like 60s or 2m, not " + text, e);
        }
    }
}
