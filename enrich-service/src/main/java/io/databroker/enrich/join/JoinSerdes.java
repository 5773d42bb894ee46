package io.databroker.enrich.join;

import java.util.Arrays;
import java.util.function.Function;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes of the join tables' values: the JSON of {@link PaperSummary} and {@link DomainStats}. */
public final class JoinSerdes {

    private JoinSerdes() {
    }

    public static Serde<PaperSummary> papers() {
        return json(PaperSummary::toJson, PaperSummary::fromJson);
    }

    public static Serde<DomainStats> domains() {
        return json(DomainStats::toJson, DomainStats::fromJson);
    }

    private static <T> Serde<T> json(Function<T, byte[]> write, Function<byte[], T> read) {
        DecodedValues<T> decoded = new DecodedValues<>(read);
        return Serdes.serdeFrom((topic, value) -> value == null ? null : write.apply(value),
                (topic, bytes) -> bytes == null ? null : decoded.decode(bytes));
    }

    /**
     * The values decoded last, by their bytes: every news item and GitHub event looks up its domains and papers in
     * the global stores, and without this each lookup parsed the same few hundred bytes of JSON again. Direct-mapped
     * (a slot per hash, the newest wins), so it is bounded and needs no lock: the global stores are shared by all
     * stream threads, and a slot holds one immutable entry, safely published through its final fields.
     */
    static final class DecodedValues<T> {

        private static final int SLOTS = 4096;

        private record Entry<T>(byte[] bytes, T value) {
        }

        private final Function<byte[], T> read;
        @SuppressWarnings("unchecked")
        private final Entry<T>[] slots = new Entry[SLOTS];

        DecodedValues(Function<byte[], T> read) {
            this.read = read;
        }

        T decode(byte[] bytes) {
            int slot = Arrays.hashCode(bytes) & (SLOTS - 1);
            Entry<T> entry = slots[slot];
            if (entry != null && Arrays.equals(entry.bytes, bytes)) {
                return entry.value;
            }
            T value = read.apply(bytes);
            slots[slot] = new Entry<>(bytes.clone(), value);
            return value;
        }
    }
}
