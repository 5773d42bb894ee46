package io.databroker.ingest.core.backfill;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.shared.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The last backfill an operator started on one source (Operations API), kept on {@code broker_ingest_state} under
 * {@code backfill:<source>}: its parameters and whether it is running. Written when the backfill starts and when it
 * ends or an operator stops it, never on shutdown: a backfill cut by a restart still reads {@code running}, and the
 * service resumes it at start from the backfill's own position cursor (keys {@code backfill:<source>:…}).
 *
 * @param source     {@code arxiv}, {@code github}, {@code news}
 * @param parameters the backfill's parameters as the service stores them (strings)
 * @param running    true from start to end; false once it ended or was stopped
 */
public record BackfillRecord(String source, Map<String, String> parameters, boolean running) {

    /** Prefix of every backfill key; distinct from the live cursors' {@code <source>:} prefixes. */
    public static final String KEY_PREFIX = "backfill:";

    public BackfillRecord {
        Objects.requireNonNull(source, "source");
        parameters = Map.copyOf(parameters);
    }

    /** {@code backfill:<source>}. */
    public static String key(String source) {
        return KEY_PREFIX + source;
    }

    /** Prefix of the position cursors of {@code source}'s backfill: {@code backfill:<source>:}. */
    public static String positionKeyPrefix(String source) {
        return key(source) + ":";
    }

    public String key() {
        return key(source);
    }

    /** The same backfill, ended (or stopped by an operator). */
    public BackfillRecord ended() {
        return new BackfillRecord(source, parameters, false);
    }

    /** Publishes this record alone, in its own transaction of {@code publisher}. */
    public void write(TransactionalPublisher publisher) {
        publisher.publish(List.of(), key(), toJson());
    }

    /**
     * Runs a backfill: this record is written as running first, and as ended when {@code body} returns or fails, or
     * when it is interrupted by an operator's stop ({@code stopRequested}); an interruption by a shutdown leaves it
     * running, so the service resumes the backfill at its next start.
     */
    public void run(TransactionalPublisher publisher, BooleanSupplier stopRequested, Body body) throws InterruptedException {
        write(publisher);
        try {
            body.run();
        } catch (InterruptedException e) {
            if (stopRequested.getAsBoolean()) {
                ended().write(publisher);
            }
            throw e;
        } catch (RuntimeException e) {
            ended().write(publisher);
            throw e;
        }
        ended().write(publisher);
    }

    /** The work of a backfill. */
    @FunctionalInterface
    public interface Body {
        void run() throws InterruptedException;
    }

    /** The stored record of {@code source}, if any; an unreadable one counts as none (nothing is resumed). */
    public static Optional<BackfillRecord> read(IngestStateReader reader, String source) {
        byte[] json = reader.readLatest(key(source)).get(key(source));
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(fromJson(source, json));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public byte[] toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("running", running);
        ObjectNode params = root.putObject("parameters");
        parameters.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> params.put(e.getKey(), e.getValue()));
        return Json.mapper().writeValueAsBytes(root);
    }

    /** @throws IllegalArgumentException when {@code json} is not a backfill record */
    public static BackfillRecord fromJson(String source, byte[] json) {
        try {
            JsonNode root = Json.mapper().readTree(json);
            JsonNode params = root.get("parameters");
            if (params == null || !params.isObject() || root.get("running") == null) {
                throw new IllegalArgumentException("not a backfill record");
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = params.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                parameters.put(e.getKey(), e.getValue().asString());
            }
            return new BackfillRecord(source, parameters, root.get("running").asBoolean());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("backfill record is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
