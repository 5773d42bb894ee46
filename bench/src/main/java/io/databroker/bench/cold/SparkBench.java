package io.databroker.bench.cold;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.databroker.bench.Result;
import io.databroker.testsupport.KafkaBroker;

/**
 * cold-writer against Spark Structured Streaming on the same topic, the same documents and the same output (a Delta
 * table partitioned by {@code event_date}, exactly-once), each in its own child JVM, run one after the other:
 * records/s, records per CPU-second and peak resident memory of each process. Each JVM runs as it is deployed by
 * default: cold-writer with the service's JVM options ({@link ColdWriterRun#SERVICE_JVM_OPTIONS}: Serial GC,
 * 144 MB heap…), Spark with a 1 GB heap ({@code spark.driver.memory}'s default) and the JVM's defaults (G1).
 * Usage: {@code bench/run cold.SparkBench [records] [cold-writer heap] [Spark heap] [warm-up records]} (default
 * 100000, service, 1g, 0); a cold-writer heap other than {@code service} replaces only the service's {@code -Xmx}.
 * With warm-up records, each child first does the same job on that many other documents (its own topic and table,
 * not measured), so both are measured as the long-running processes they are deployed as; peak memory still
 * covers each process's whole life.
 */
public final class SparkBench {

    private static final String TOPIC = "news_enriched";
    private static final String WARM_UP_TOPIC = "news_warm_up";
    private static final int PARTITIONS = 4;

    private SparkBench() {
    }

    public static void main(String[] args) throws Exception {
        long records = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        String coldHeap = args.length > 1 ? args[1] : "service";
        String sparkHeap = args.length > 2 ? args[2] : "1g";
        long warmUpRecords = args.length > 3 ? Long.parseLong(args[3]) : 0;
        Path work = Files.createDirectories(Path.of("bench", "target", "cold-bench", Long.toString(System.currentTimeMillis())))
                .toAbsolutePath();
        Path logback = quietLogging(work);
        System.setProperty("logback.configurationFile", logback.toString());

        try (KafkaBroker kafka = KafkaBroker.start(0, work.resolve("kafka"))) {
            kafka.createTopic(TOPIC, PARTITIONS);
            long bytes = preload(kafka.bootstrapServers(), TOPIC, 0, records);
            if (warmUpRecords > 0) {
                kafka.createTopic(WARM_UP_TOPIC, PARTITIONS);
                preload(kafka.bootstrapServers(), WARM_UP_TOPIC, records, warmUpRecords);
                System.out.printf(Locale.ROOT, "preloaded %d other documents into %s for each engine's warm-up%n",
                        warmUpRecords, WARM_UP_TOPIC);
            }
            System.out.printf(Locale.ROOT, "preloaded %d canonical news documents (%.1f MB of JSON) into %s (%d partitions)%n",
                    records, bytes / 1e6, TOPIC, PARTITIONS);

            String coldTable = work.resolve("lake").resolve("news_historical").toUri().toString();
            List<String> coldOptions = new ArrayList<>(ColdWriterRun.SERVICE_JVM_OPTIONS);
            if (!coldHeap.equals("service")) {
                coldOptions.replaceAll(option -> option.startsWith("-Xmx") ? "-Xmx" + coldHeap : option);
            }
            // for A/B runs of the service's JVM options, comma-separated (bench/run splits BENCH_JAVA_OPTS at spaces),
            // e.g. -Dcold.extra-jvm-options=-XX:TieredStopAtLevel=1,-Xss256k
            String extraColdOptions = System.getProperty("cold.extra-jvm-options", "");
            if (!extraColdOptions.isBlank()) {
                coldOptions.addAll(List.of(extraColdOptions.trim().split("[\\s,]+")));
            }
            String coldClassPath = ServiceClassPath.of(Path.of(System.getProperty("databroker.build.root", ".")),
                    "cold-writer");
            Run cold = child(work, coldOptions, ColdWriterRun.SERVICE_ENVIRONMENT, coldClassPath, logback, "cold-writer",
                    ColdWriterRun.class, kafka.bootstrapServers(), TOPIC, Integer.toString(PARTITIONS), coldTable,
                    Long.toString(records), "PT2S", WARM_UP_TOPIC, Long.toString(warmUpRecords));
            if (Boolean.getBoolean("cold.skip-spark")) {
                // for A/B runs of cold-writer alone (its CPU-s and peak RSS); no ratio without Spark's run
                System.out.printf(Locale.ROOT, "%ncold-writer alone: %,.0f records/s, %.1f CPU-s, %,.0f records/CPU-s, "
                                + "peak RSS %.0f MB%n", cold.recordsPerSecond(), cold.cpu, cold.recordsPerCpuSecond(),
                        cold.peakMb);
                return;
            }
            Run spark = child(work, List.of("-Xmx" + sparkHeap), Map.of(), System.getProperty("java.class.path"), logback,
                    "spark", SparkStreamingRun.class, kafka.bootstrapServers(), TOPIC,
                    work.resolve("spark").resolve("news_historical").toString(),
                    work.resolve("spark").resolve("_checkpoint").toString(), Long.toString(records), coldTable,
                    WARM_UP_TOPIC, Long.toString(warmUpRecords));
            if (!spark.check.equals("spark=" + records + "/" + records + " cold=" + records + "/" + records)) {
                throw new IllegalStateException("row counts differ from " + records + ": " + spark.check);
            }

            System.out.printf(Locale.ROOT, "%n%-12s %12s %10s %14s %12s%n", "", "records/s", "CPU s", "records/CPU-s", "peak RSS MB");
            for (Run run : List.of(cold, spark)) {
                System.out.printf(Locale.ROOT, "%-12s %,12.0f %10.1f %,14.0f %12.0f%n", run.name, run.recordsPerSecond(),
                        run.cpu, run.recordsPerCpuSecond(), run.peakMb);
            }
            String input = String.format(Locale.ROOT, "%,d news docs (%.0f MB JSON), 4 partitions, %s vs -Xmx%s%s",
                    records, bytes / 1e6, (coldHeap.equals("service") ? "service JVM options" : "-Xmx" + coldHeap)
                            + (extraColdOptions.isBlank() ? "" : " and " + extraColdOptions.trim()),
                    sparkHeap, warmUpRecords > 0
                            ? String.format(Locale.ROOT, ", each JVM warmed up on %,d other docs first", warmUpRecords)
                            : ", first run of each JVM");
            String command = (extraColdOptions.isBlank() ? ""
                    : "BENCH_JAVA_OPTS=\"-Xmx4g -Dcold.extra-jvm-options=" + extraColdOptions.trim() + "\" ")
                    + "bench/run cold.SparkBench " + records + " " + coldHeap + " " + sparkHeap
                    + (warmUpRecords > 0 ? " " + warmUpRecords : "");
            new Result("cold-writer vs Spark Structured Streaming → Delta, records per CPU-second, " + input,
                    "records/CPU-s", cold.recordsPerCpuSecond(), "Spark 4.2 + delta-spark 4.4, AvailableNow",
                    spark.recordsPerCpuSecond(), 4.0, command).print();
            System.out.println(new Result("cold-writer vs Spark Structured Streaming → Delta, throughput, " + input,
                    "records/s", cold.recordsPerSecond(), "Spark 4.2 + delta-spark 4.4, AvailableNow",
                    spark.recordsPerSecond(), Double.NaN, command).markdownRow());
            System.out.println(String.format(Locale.ROOT,
                    "| cold-writer vs Spark Structured Streaming → Delta, peak RSS (VmHWM), %s | %,.0f MB | "
                            + "Spark 4.2 + delta-spark 4.4, AvailableNow: %,.0f MB | %.0f %% | ≤ 25 %% | %d cores, JDK %d | %s | `%s` |",
                    input, cold.peakMb, spark.peakMb, 100 * cold.peakMb / spark.peakMb,
                    Runtime.getRuntime().availableProcessors(), Runtime.version().feature(), java.time.LocalDate.now(), command));
        }
    }

    /** One child JVM's figures, from its RESULT line. */
    record Run(String name, long records, double seconds, double cpu, double peakMb, String check) {
        double recordsPerSecond() {
            return records / seconds;
        }

        double recordsPerCpuSecond() {
            return records / cpu;
        }
    }

    /** Produces documents {@code first} … {@code first + records - 1} to {@code topic}; returns their JSON bytes. */
    private static long preload(String bootstrap, String topic, long first, long records) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long bytes = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer())) {
            for (long n = first; n < first + records; n++) {
                String document = NewsDocuments.document(n);
                bytes += document.length();
                producer.send(new ProducerRecord<>(topic, NewsDocuments.id(n), document), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("preload failed", failure.get());
        }
        return bytes;
    }

    /**
     * Runs {@code main} in a child JVM on {@code classPath}, with the JVM flags Spark needs (as this JVM has them),
     * {@code jvmOptions} and {@code environment}.
     */
    private static Run child(Path work, List<String> jvmOptions, Map<String, String> environment, String classPath,
                             Path logback, String name, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("--add-opens") || option.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                    || option.startsWith("-Djdk.reflect") || option.startsWith("-Dio.netty")) {
                command.add(option);
            }
        }
        command.add("-Dlogback.configurationFile=" + logback);
        // e.g. BENCH_CHILD_OPTS=-XX:StartFlightRecording=filename=child.jfr to profile both runs
        String extra = System.getenv("BENCH_CHILD_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.add("-cp");
        command.add(classPath);
        command.add(main.getName());
        command.addAll(List.of(args));
        System.out.println("running " + name + " in a child JVM (" + String.join(" ", jvmOptions) + "), log "
                + work.resolve(name + ".log"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String result = null;
        String check = "";
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(work.resolve(name + ".log")))) {
            for (String line; (line = out.readLine()) != null; ) {
                log.println(line);
                if (line.startsWith("RESULT ") || line.startsWith("SETUP ") || line.startsWith("CHECK ")
                        || line.startsWith("PARQUET ") || line.startsWith("WARMUP ")) {
                    System.out.println(name + ": " + line);
                }
                if (line.startsWith("RESULT ")) {
                    result = line;
                } else if (line.startsWith("CHECK ")) {
                    check = line.substring("CHECK ".length());
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || result == null) {
            throw new IllegalStateException(name + " failed (exit " + exit + "), see " + work.resolve(name + ".log"));
        }
        Map<String, String> values = new HashMap<>();
        for (String pair : result.substring("RESULT ".length()).split(" ")) {
            String[] kv = pair.split("=");
            values.put(kv[0], kv[1]);
        }
        return new Run(name, Long.parseLong(values.get("records")), Double.parseDouble(values.get("seconds")),
                Double.parseDouble(values.get("cpu")), Double.parseDouble(values.get("peakMb")), check);
    }

    private static Path quietLogging(Path work) throws IOException {
        Path file = work.resolve("logback-bench.xml");
        Files.writeString(file, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="io.databroker" level="INFO"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        return file;
    }
}
