package io.databroker.cold.delta;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import io.delta.kernel.Snapshot;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.actions.SetTransaction;
import io.delta.kernel.internal.actions.SingleAction;

/**
 * Kafka offsets kept in the Delta log as {@code txn} (SetTransaction) actions, the encoding of kafka-delta-ingest:
 * one action per Kafka partition, app id {@code <appId>-<topic>-<partition>}, version = the last offset whose
 * record the table holds (or dead-lettered). A writer resumes at version + 1.
 *
 * <p>Invariant: these actions are only ever written in the same commit as the data files of the records they
 * cover, so the log can never claim offsets whose rows are missing, nor hold rows whose offsets it does not claim.
 * Kernel's {@code withTransactionId} takes one id per commit; a commit here covers every partition of a topic, so
 * the actions are added to the commit's actions directly (the only use of Kernel {@code internal} classes).
 * Spark reads them back like its own ({@code txnAppId}/{@code txnVersion}).
 */
public final class KafkaOffsetsInDelta {

    private final String appId;

    /** @param appId prefix of the app ids, stable for the lifetime of the tables (not the consumer group) */
    public KafkaOffsetsInDelta(String appId) {
        if (appId == null || appId.isBlank()) {
            throw new IllegalArgumentException("appId must not be blank");
        }
        this.appId = appId;
    }

    /** {@code <appId>-<topic>-<partition>}. */
    public String txnAppId(String topic, int partition) {
        return appId + "-" + Objects.requireNonNull(topic, "topic") + "-" + partition;
    }

    /** The last offset the table holds for each of {@code partitions}; partitions never written are absent. */
    public Map<Integer, Long> read(Engine engine, Snapshot snapshot, String topic, Collection<Integer> partitions) {
        Map<Integer, Long> offsets = new TreeMap<>();
        for (int partition : partitions) {
            Optional<Long> version = snapshot.getLatestTransactionVersion(engine, txnAppId(topic, partition));
            version.ifPresent(v -> offsets.put(partition, v));
        }
        return offsets;
    }

    /** The {@code txn} actions recording {@code lastOffsets} (partition → last offset), stamped {@code nowMillis}. */
    public List<Row> actions(String topic, Map<Integer, Long> lastOffsets, long nowMillis) {
        List<Row> actions = new ArrayList<>(lastOffsets.size());
        lastOffsets.forEach((partition, offset) -> actions.add(SingleAction.createTxnSingleAction(
                new SetTransaction(txnAppId(topic, partition), offset, Optional.of(nowMillis)).toRow())));
        return actions;
    }
}
