package io.databroker.enrich.join;

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
        return Serdes.serdeFrom((topic, value) -> value == null ? null : write.apply(value),
                (topic, bytes) -> bytes == null ? null : read.apply(bytes));
    }
}
