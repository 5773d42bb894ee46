package io.databroker.cold.buffer;

/**
 * How many bytes of Parquet a table's buffered record JSON will become, learned from the table's own commits
 * (Parquet bytes written / JSON bytes committed), so the size target can be stated in Parquet bytes while the buffer
 * only knows record sizes. Before the first sizeable commit it assumes one Parquet byte per JSON byte, which errs on
 * the side of smaller first commits.
 */
public final class ParquetSizeEstimate {

    /** Commits smaller than this say little about compression (Parquet footers dominate): they are not learned from. */
    static final long MIN_SAMPLE_JSON_BYTES = 256 * 1024;

    private double parquetPerJsonByte = 1.0;

    /** Learns from a commit that stored {@code jsonBytes} of records as {@code parquetBytes} of files. */
    public void observe(long jsonBytes, long parquetBytes) {
        if (jsonBytes >= MIN_SAMPLE_JSON_BYTES && parquetBytes > 0) {
            parquetPerJsonByte = (double) parquetBytes / jsonBytes;
        }
    }

    /** The Parquet bytes {@code jsonBytes} of records are expected to become. */
    public long parquetBytes(long jsonBytes) {
        return (long) Math.ceil(jsonBytes * parquetPerJsonByte);
    }

    /** Parquet bytes per JSON byte, as last learned. */
    public double ratio() {
        return parquetPerJsonByte;
    }
}
