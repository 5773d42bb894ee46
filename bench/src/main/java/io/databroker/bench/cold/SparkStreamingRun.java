package io.databroker.bench.cold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import java.util.stream.Collectors;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;

import io.databroker.cold.delta.TableSchemas;
import io.databroker.shared.topic.Source;

/**
 * Child JVM of {@link SparkBench}: the Spark Structured Streaming equivalent of cold-writer, exactly-once (Kafka
 * source with a checkpoint, Delta sink): read the topic, parse each value with the news table's schema, append to a
 * Delta table partitioned by {@code event_date}, {@code Trigger.AvailableNow}. Then counts both tables.
 * With a warm-up topic and count, it first runs the same query on that topic into a table of its own (not measured).
 * Args: bootstrap topic tablePath checkpointPath records coldTablePath [warmUpTopic warmUpRecords].
 */
public final class SparkStreamingRun {

    private SparkStreamingRun() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        String table = args[2];
        String checkpoint = args[3];
        long records = Long.parseLong(args[4]);
        String coldTable = args[5];
        long warmUpRecords = args.length > 7 ? Long.parseLong(args[7]) : 0;

        double cpuStart = ProcessStats.cpuSeconds();
        long start = System.nanoTime();
        SparkSession spark = SparkSession.builder()
                .appName("cold-bench")
                .master("local[2]")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
        double setupSeconds = (System.nanoTime() - start) / 1e9;
        double setupCpu = ProcessStats.cpuSeconds() - cpuStart;

        if (warmUpRecords > 0) {
            // the same query on its own topic, table and checkpoint first (not measured): a session that has run it
            // before, as a long-running streaming job's has
            cpuStart = ProcessStats.cpuSeconds();
            start = System.nanoTime();
            append(spark, bootstrap, args[6], table + "-warm-up", checkpoint + "-warm-up");
            System.out.printf(java.util.Locale.ROOT, "WARMUP records=%d seconds=%.3f cpu=%.3f%n", warmUpRecords,
                    (System.nanoTime() - start) / 1e9, ProcessStats.cpuSeconds() - cpuStart);
        }
        cpuStart = ProcessStats.cpuSeconds();
        start = System.nanoTime();
        append(spark, bootstrap, topic, table, checkpoint);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = ProcessStats.cpuSeconds() - cpuStart;
        ProcessStats.report(records, seconds, cpu);
        System.out.printf(java.util.Locale.ROOT, "SETUP seconds=%.3f cpu=%.3f%n", setupSeconds, setupCpu);

        long sparkRows = spark.read().format("delta").load(table).count();
        long sparkDistinct = spark.read().format("delta").load(table).select("id").distinct().count();
        long coldRows = spark.read().format("delta").load(coldTable).count();
        long coldDistinct = spark.read().format("delta").load(coldTable).select("id").distinct().count();
        System.out.printf("CHECK spark=%d/%d cold=%d/%d%n", sparkRows, sparkDistinct, coldRows, coldDistinct);
        spark.stop();
    }

    /** Reads {@code topic} from the beginning into the Delta table at {@code table} until it has read it all. */
    private static void append(SparkSession spark, String bootstrap, String topic, String table, String checkpoint)
            throws Exception {
        Dataset<Row> documents = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", bootstrap)
                .option("subscribe", topic)
                .option("startingOffsets", "earliest")
                .option("kafka.isolation.level", "read_committed")
                .load()
                .select(from_json(col("value").cast("string"), sparkDdl(TableSchemas.of(Source.NEWS)),
                        java.util.Map.of()).as("d"))
                .select("d.*");
        StreamingQuery query = documents.writeStream().format("delta")
                .partitionBy(TableSchemas.EVENT_DATE)
                .option("checkpointLocation", checkpoint)
                .trigger(Trigger.AvailableNow())
                .start(table);
        query.awaitTermination();
    }

    /** The table's columns as a Spark DDL schema string, e.g. {@code id STRING, authors ARRAY<STRING>, …}. */
    static String sparkDdl(StructType schema) {
        return schema.fields().stream().map(f -> "`" + f.getName() + "` " + sql(f.getDataType()))
                .collect(Collectors.joining(", "));
    }

    private static String sql(DataType type) {
        if (type instanceof StringType) {
            return "STRING";
        } else if (type instanceof TimestampType) {
            return "TIMESTAMP";
        } else if (type instanceof DateType) {
            return "DATE";
        } else if (type instanceof IntegerType) {
            return "INT";
        } else if (type instanceof LongType) {
            return "BIGINT";
        } else if (type instanceof DoubleType) {
            return "DOUBLE";
        } else if (type instanceof BooleanType) {
            return "BOOLEAN";
        } else if (type instanceof ArrayType array) {
            return "ARRAY<" + sql(array.getElementType()) + ">";
        } else if (type instanceof StructType struct) {
            return struct.fields().stream().map(f -> "`" + f.getName() + "`: " + sql(f.getDataType()))
                    .collect(Collectors.joining(", ", "STRUCT<", ">"));
        }
        throw new IllegalArgumentException("no Spark type for " + type);
    }
}
