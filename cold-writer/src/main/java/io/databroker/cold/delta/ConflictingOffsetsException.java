package io.databroker.cold.delta;

/**
 * The Delta log holds other offsets for a partition than this writer expected: another writer (or an earlier
 * commit of ours whose outcome was unknown) moved it. The caller drops its buffer and resumes from the log.
 */
public class ConflictingOffsetsException extends RuntimeException {

    public ConflictingOffsetsException(String table, String topic, int partition, Long expected, Long found) {
        super("Delta table " + table + " holds offset " + describe(found) + " for " + topic + "-" + partition
                + ", this writer expected " + describe(expected));
    }

    private static String describe(Long offset) {
        return offset == null ? "none" : offset.toString();
    }
}
