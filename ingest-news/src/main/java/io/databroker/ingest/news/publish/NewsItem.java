package io.databroker.ingest.news.publish;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

import io.databroker.shared.envelope.CloudEvent;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One feed item as published on {@code news_feed}: the value of schemas/news_feed.schema.json. Title, summary and
 * content are plain text; the link is absolute but not canonicalised (the id is derived from its canonical form).
 *
 * @param feedUrl              the configured feed URL (stable across 301s, part of guid-based ids)
 * @param feedLabel            the operator's label for the feed (configuration or OPML folder), or null
 * @param publishedIsFetchTime true when the feed gave no date at all and {@code published} is the fetch time
 */
public record NewsItem(
        String id,
        String feedUrl,
        String feedLabel,
        String sourceName,
        String guid,
        String link,
        String title,
        List<String> authors,
        Instant published,
        Instant updated,
        boolean publishedIsFetchTime,
        String summary,
        String content,
        List<String> categories,
        String language,
        List<String> enclosures,
        String contentHash,
        Instant fetchedAt) {

    public NewsItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(feedUrl, "feedUrl");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        authors = List.copyOf(authors);
        categories = List.copyOf(categories);
        enclosures = List.copyOf(enclosures);
    }

    /** Event time as docs/documents.md defines it: published, else updated, else fetched_at. */
    public Instant eventTime() {
        return published != null ? published : updated != null ? updated : fetchedAt;
    }

    /** The CloudEvents envelope: id = document id, source = the feed URL. */
    public CloudEvent cloudEvent() {
        return new CloudEvent(id, feedUrl, Source.NEWS.eventType(), eventTime());
    }

    /** The record value, field names as in the schema. */
    public byte[] toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("id", id);
        root.put("feed_url", feedUrl);
        root.put("feed_label", feedLabel);
        root.put("source_name", sourceName);
        root.put("guid", guid);
        root.put("link", link);
        root.put("title", title);
        strings(root.putArray("authors"), authors);
        root.put("published", format(published));
        root.put("updated", format(updated));
        root.put("published_is_fetch_time", publishedIsFetchTime);
        root.put("summary", summary);
        root.put("content", content);
        strings(root.putArray("categories"), categories);
        root.put("language", language);
        strings(root.putArray("enclosures"), enclosures);
        root.put("content_hash", contentHash);
        root.put("fetched_at", format(fetchedAt));
        return Json.mapper().writeValueAsBytes(root);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String format(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
