package io.databroker.ingest.github.events;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.databroker.shared.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where the live Events API poll stands, stored on {@code broker_ingest_state} in the same Kafka transaction as the
 * events of the poll it follows (ARCHITECTURE §4): the first page's ETag (for {@code If-None-Match}), the ids of the
 * most recently published events (so a restart neither republishes the last poll's events nor mistakes the overlap
 * for a gap) and the newest {@code created_at} seen (the source lag).
 *
 * @param etag            the ETag of the last first page, or null
 * @param recentIds       ids of the most recently published events, oldest first
 * @param newestCreatedAt the newest {@code created_at} published, or null
 */
public record LiveCursor(String etag, List<String> recentIds, Instant newestCreatedAt) {

    public static final String KEY_PREFIX = "github:events:";

    public LiveCursor {
        recentIds = List.copyOf(recentIds);
    }

    public static LiveCursor initial() {
        return new LiveCursor(null, List.of(), null);
    }

    /** {@code github:events:<api base URL>}: each GitHub (github.com, an Enterprise server) has its own id space. */
    public static String key(URI apiUrl) {
        return KEY_PREFIX + apiUrl;
    }

    public byte[] toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("etag", etag);
        root.put("newest_created_at", newestCreatedAt == null ? null : newestCreatedAt.toString());
        ArrayNode ids = root.putArray("recent_ids");
        recentIds.forEach(ids::add);
        return Json.mapper().writeValueAsBytes(root);
    }

    /** @throws IllegalArgumentException when {@code json} is not a live cursor */
    public static LiveCursor fromJson(byte[] json) {
        try {
            JsonNode root = Json.mapper().readTree(json);
            JsonNode ids = root.get("recent_ids");
            if (ids == null || !ids.isArray()) {
                throw new IllegalArgumentException("cursor without recent_ids");
            }
            List<String> recent = new ArrayList<>(ids.size());
            ids.forEach(id -> recent.add(id.asString()));
            JsonNode etag = root.get("etag");
            JsonNode newest = root.get("newest_created_at");
            return new LiveCursor(etag == null || etag.isNull() ? null : etag.asString(), recent,
                    newest == null || newest.isNull() ? null : Instant.parse(newest.asString()));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cursor is not JSON: " + e.getOriginalMessage(), e);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("cursor holds a bad newest_created_at: " + e.getMessage(), e);
        }
    }
}
