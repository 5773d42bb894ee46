package io.databroker.bench.cold;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;

import io.databroker.cold.delta.DeltaTableWriter;
import io.databroker.cold.delta.DocumentRow;
import io.databroker.cold.delta.KafkaOffsetsInDelta;
import io.databroker.cold.delta.ParquetCodec;
import io.databroker.cold.delta.ParquetWriterSettings;
import io.databroker.cold.delta.RowCoercer;
import io.databroker.cold.delta.TableSchemas;
import io.databroker.shared.topic.Source;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.StructType;

/**
 * Where cold-writer's CPU goes per record, without Kafka: thread CPU of checking a document on arrival
 * ({@link DocumentRow#of}), of coercing it again for the writer ({@link DocumentRow#values()}), and of one Delta commit
 * of the batch (Kernel's Parquet write, which coerces each row again inside, plus the log), over the news documents of
 * {@link SparkBench}, one thread, round after round so the later rounds show the warmed-up cost.
 * {@code bench/run cold.StageCostBench [documents per round] [rounds]}. Prints a breakdown, not a BENCHMARKS.md row.
 */
public final class StageCostBench {

    private StageCostBench() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        StructType schema = TableSchemas.of(Source.NEWS);
        RowCoercer coercer = new RowCoercer(schema);
        List<byte[]> documents = new ArrayList<>(records);
        long bytes = 0;
        for (int i = 0; i < records; i++) {
            byte[] document = NewsDocuments.document(i).getBytes(StandardCharsets.UTF_8);
            documents.add(document);
            bytes += document.length;
        }
        // beside SparkBench's work directories: bench/target, which a clean build removes
        Path work = Files.createDirectories(Path.of("bench", "target", "cold-stage-cost",
                Long.toString(System.currentTimeMillis())));
        Engine engine = DefaultEngine.create(ParquetWriterSettings.applyTo(new Configuration(), ParquetCodec.SNAPPY));
        DeltaTableWriter writer = new DeltaTableWriter(engine, "news_historical",
                work.resolve("news_historical").toUri().toString(), schema, Map.of(),
                new KafkaOffsetsInDelta("cold-stage-cost"), "cold-stage-cost", Clock.systemUTC());
        writer.committedOffsets("news_enriched", List.of(0));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "%,d news documents per round, %.0f bytes each%n", records,
                bytes / (double) records);
        long offset = -1;
        for (int round = 0; round < rounds; round++) {
            long t0 = threads.getCurrentThreadCpuTime();
            List<DocumentRow> rows = new ArrayList<>(records);
            for (byte[] document : documents) {
                rows.add(DocumentRow.of(document, coercer));
            }
            long t1 = threads.getCurrentThreadCpuTime();
            long columns = 0;
            for (DocumentRow row : rows) {
                columns += row.values().length;
            }
            long t2 = threads.getCurrentThreadCpuTime();
            Map<Integer, Long> expected = offset < 0 ? Map.of() : Map.of(0, offset);
            offset += records;
            writer.append("news_enriched", rows, Map.of(0, offset), expected);
            long t3 = threads.getCurrentThreadCpuTime();
            double n = records * 1e3; // ns → µs per record
            System.out.printf(Locale.ROOT, "round %d: arrival check %.1f µs, coercion for the writer %.1f µs, "
                            + "write + commit %.1f µs (a coercion included) per record (%d columns)%n", round,
                    (t1 - t0) / n, (t2 - t1) / n, (t3 - t2) / n, columns / records);
        }
    }
}
