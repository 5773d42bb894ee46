package io.databroker.ingest.news.feed;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.databroker.shared.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where polling of one feed stands: the URL it now lives at (after permanent redirects), the HTTP validators of the
 * last fetch, and the content hash of every item the feed held then. Stored as JSON on {@code broker_ingest_state}
 * under {@link #key()} in the same Kafka transaction as the item records it covers, so it never gets ahead of what was
 * published (ARCHITECTURE §4).
 *
 * <p>{@code items} holds only the items of the last fetched document: items that leave the feed leave the cursor,
 * which bounds its size by the feed's size. An item that comes back after it left is published again (same id).
 *
 * @param feedUrl      the configured feed URL: the key, stable across moves
 * @param location     where the feed is fetched from now: {@code feedUrl}, or the target of a 301/308
 * @param etag         validator for {@code If-None-Match}, or null
 * @param lastModified validator for {@code If-Modified-Since}, or null
 * @param items        document id → content hash
 */
public record FeedCursor(String feedUrl, String location, String etag, String lastModified, Map<String, String> items) {

    /** Prefix of this source's keys on {@code broker_ingest_state}, shared with the other ingest services. */
    public static final String KEY_PREFIX = "news:";

    public FeedCursor {
        Objects.requireNonNull(feedUrl, "feedUrl");
        location = location == null ? feedUrl : location;
        items = Map.copyOf(items);
    }

    /** The cursor of a feed never polled before. */
    public static FeedCursor empty(String feedUrl) {
        return new FeedCursor(feedUrl, feedUrl, null, null, Map.of());
    }

    /** The record key: {@code news:<configured feed url>}. */
    public String key() {
        return key(feedUrl);
    }

    public static String key(String feedUrl) {
        return KEY_PREFIX + feedUrl;
    }

    /** True when {@code id} is new or its content changed since this cursor was written. */
    public boolean isNewOrChanged(String id, String contentHash) {
        return !Objects.equals(items.get(id), contentHash);
    }

    /** The same cursor, the feed now living at {@code newLocation}. */
    public FeedCursor movedTo(String newLocation) {
        return new FeedCursor(feedUrl, newLocation, etag, lastModified, items);
    }

    public byte[] toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("feed_url", feedUrl);
        root.put("location", location);
        root.put("etag", etag);
        root.put("last_modified", lastModified);
        ObjectNode itemNode = root.putObject("items");
        items.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> itemNode.put(e.getKey(), e.getValue()));
        return Json.mapper().writeValueAsBytes(root);
    }

    /**
     * Reads a cursor; one written before {@code location} existed reads as living at its feed URL.
     *
     * @throws IllegalArgumentException when {@code json} is not a cursor
     */
    public static FeedCursor fromJson(byte[] json) {
        try {
            JsonNode root = Json.mapper().readTree(json);
            String feedUrl = textOrNull(root.get("feed_url"));
            if (feedUrl == null) {
                throw new IllegalArgumentException("cursor without feed_url");
            }
            Map<String, String> items = new LinkedHashMap<>();
            JsonNode itemNode = root.get("items");
            if (itemNode != null && itemNode.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = itemNode.properties().iterator(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    items.put(e.getKey(), e.getValue().asString());
                }
            }
            return new FeedCursor(feedUrl, textOrNull(root.get("location")), textOrNull(root.get("etag")),
                    textOrNull(root.get("last_modified")), items);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cursor is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }
}
