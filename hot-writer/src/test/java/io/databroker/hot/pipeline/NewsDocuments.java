package io.databroker.hot.pipeline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** Canonical news documents (docs/documents.md#news), as enrich-service writes them to {@code news_enriched}. */
final class NewsDocuments {

    private NewsDocuments() {
    }

    /** A complete news document whose event time is {@code eventTime}. */
    static ObjectNode news(String link, String title, Instant eventTime) {
        String time = DateTimeFormatter.ISO_INSTANT.format(eventTime);
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("id", DocumentIds.newsByLink(link));
        doc.put("source", "news");
        doc.put("event_time", time);
        doc.put("event_date", LocalDate.ofInstant(eventTime, ZoneOffset.UTC).toString());
        doc.put("ingested_at", time);
        doc.put("enriched_at", time);
        doc.put("feed_url", "https://example.org/feed.xml");
        doc.put("source_name", "Example News");
        doc.put("title", title);
        doc.put("link", link);
        doc.putArray("authors").add("Ada Lovelace");
        doc.put("published", time);
        doc.putNull("updated");
        doc.put("summary", "Summary of " + title);
        doc.put("content", "Plain text body of " + title);
        doc.putArray("categories").add("science");
        doc.put("language", "en");
        doc.put("content_hash", DocumentIds.sha256Hex(title));
        return doc;
    }
}
