package io.databroker.testsupport;

import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark SQL with Delta Lake in local mode, inside this JVM, to read back (and set up) Delta tables in tests.
 *
 * <p>Spark and delta-spark are {@code provided} here: a module that uses this class adds
 * {@code org.apache.spark:spark-sql_2.13} and {@code io.delta:delta-spark_2.13} at test scope and puts
 * {@code ${spark.jvm.opens}} in its failsafe {@code argLine}. Spark 4.2.0 shares the JVM with the in-JVM Kafka
 * broker without conflicts (same Scala 2.13, Jackson 2.21, Hadoop 3.5.0), which SparkSqlIT checks.
 */
public final class SparkSql {

    private static final Logger log = LoggerFactory.getLogger(SparkSql.class);

    private static SparkSql shared;

    private final SparkSession session;

    private SparkSql(SparkSession session) {
        this.session = session;
    }

    /** The session shared by every test in this JVM, created on first use and stopped by a shutdown hook. */
    public static synchronized SparkSql shared() {
        if (shared == null) {
            QuietLogging.apply();
            long started = System.nanoTime();
            Path workDir = Directories.createTemp("databroker-spark-");
            SparkSession session = SparkSession.builder()
                    .appName("databroker-tests")
                    .master("local[2]")
                    .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                    .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                    // Halves the first query on a fresh table (Delta's default is 50 snapshot partitions).
                    .config("spark.databricks.delta.snapshotPartitions", "1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.session.timeZone", "UTC")
                    // Rows then carry java.time values (Instant, LocalDate) instead of java.sql ones.
                    .config("spark.sql.datetime.java8API.enabled", "true")
                    .config("spark.sql.warehouse.dir", workDir.resolve("warehouse").toString())
                    .getOrCreate();
            log.info("Spark {} session ready in {} ms", session.version(), (System.nanoTime() - started) / 1_000_000);
            shared = new SparkSql(session);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                session.stop();
                Directories.deleteRecursively(workDir);
            }, "spark-sql-shutdown"));
        }
        return shared;
    }

    /**
     * Runs one SQL statement and returns its rows as column name to value maps, in column order, with plain Java
     * values: numbers and strings as Spark gives them, TIMESTAMP as {@link java.time.Instant}, DATE as
     * {@link java.time.LocalDate}, ARRAY as {@link List}, MAP and STRUCT as {@link Map}. DDL and DML return
     * whatever Spark returns for them (often no rows).
     */
    public List<Map<String, Object>> query(String sql) {
        List<Row> rows = session.sql(sql).collectAsList();
        List<Map<String, Object>> result = new ArrayList<>(rows.size());
        for (Row row : rows) {
            result.add(toMap(row));
        }
        return result;
    }

    /** The underlying session, for the DataFrame API (e.g. {@code spark.range(10).write().format("delta")}). */
    public SparkSession session() {
        return session;
    }

    private static Map<String, Object> toMap(Row row) {
        String[] names = row.schema().fieldNames();
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], toJava(row.get(i)));
        }
        return map;
    }

    private static Object toJava(Object value) {
        if (value instanceof Row row) {
            return toMap(row);
        }
        if (value instanceof scala.collection.Seq<?> seq) {
            List<Object> list = new ArrayList<>(seq.size());
            for (Object element : CollectionConverters.asJava(seq)) {
                list.add(toJava(element));
            }
            return list;
        }
        if (value instanceof scala.collection.Map<?, ?> scalaMap) {
            Map<Object, Object> map = new LinkedHashMap<>();
            CollectionConverters.asJava(scalaMap).forEach((k, v) -> map.put(toJava(k), toJava(v)));
            return map;
        }
        // Only reached if a caller turned java8API off in this session.
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof Date date) {
            return date.toLocalDate();
        }
        return value;
    }
}
