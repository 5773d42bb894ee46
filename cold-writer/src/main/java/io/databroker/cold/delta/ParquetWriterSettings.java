package io.databroker.cold.delta;

import org.apache.hadoop.conf.Configuration;

/**
 * The parquet-mr settings of the data files, chosen for this writer. Kernel 4.4.0's default engine takes them from
 * the Hadoop configuration ({@code ParquetOutputFormat} keys) and only globally, not per column; anything set in
 * {@code broker.cold.hadoop} overrides them.
 *
 * <ul>
 *   <li>Dictionary pages of at most 16 KiB (parquet-mr default 1 MiB). A column whose distinct values outgrow the
 *       page falls back to plain encoding, and until then every value is hashed into the dictionary: with 1 MiB,
 *       ids, links, titles and summaries were hashed for a whole file and then written plain anyway, a fifth of the
 *       writer's CPU. 16 KiB still dictionary-encodes what repeats (source, feed, language, categories, DNS types and
 *       codes, event types); on {@code cold.SparkBench}'s documents the files are byte for byte as large. Snappy
 *       then compresses the plain text. Databricks' OPTIMIZE rewrites files with its own settings anyway.</li>
 *   <li>Row groups of at most 32 MiB (parquet-mr default 128 MiB): parquet-mr holds a row group's pages in memory
 *       until it is complete, so this bounds the writer's memory per file whatever {@code max-bytes} is; readers
 *       (Spark, Databricks, Trino) split and skip by row group just as well.</li>
 *   <li>Compression from {@link ParquetCodec}.</li>
 * </ul>
 */
public final class ParquetWriterSettings {

    static final String DICTIONARY_PAGE_SIZE = "parquet.dictionary.page.size";
    static final String ROW_GROUP_SIZE = "parquet.block.size";

    static final int DICTIONARY_PAGE_BYTES = 16 * 1024;
    static final long ROW_GROUP_BYTES = 32L * 1024 * 1024;

    private ParquetWriterSettings() {
    }

    /** Sets this writer's Parquet settings and {@code codec} in {@code hadoop}, and returns it. */
    public static Configuration applyTo(Configuration hadoop, ParquetCodec codec) {
        hadoop.setInt(DICTIONARY_PAGE_SIZE, DICTIONARY_PAGE_BYTES);
        hadoop.setLong(ROW_GROUP_SIZE, ROW_GROUP_BYTES);
        return codec.applyTo(hadoop);
    }
}
