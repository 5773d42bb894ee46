package io.databroker.cold.delta;

import org.apache.hadoop.conf.Configuration;

/** Compression codecs of the Parquet data files; every Delta engine (Spark, Databricks, Trino…) reads both. */
public enum ParquetCodec {
    /** Fast, moderate compression: Spark's and Databricks' default. */
    SNAPPY,
    /** Smaller files for a little more CPU. */
    ZSTD;

    /** parquet-hadoop's {@code ParquetOutputFormat.COMPRESSION}. */
    static final String HADOOP_KEY = "parquet.compression";

    /**
     * Makes Kernel's Parquet writer use this codec: Kernel 4.4.0 takes it from the Hadoop configuration, not from
     * the {@code delta.parquet.compression.codec} table property.
     */
    public Configuration applyTo(Configuration hadoop) {
        hadoop.set(HADOOP_KEY, name());
        return hadoop;
    }
}
