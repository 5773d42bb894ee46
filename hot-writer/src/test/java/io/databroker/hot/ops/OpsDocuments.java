package io.databroker.hot.ops;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * Canonical documents with every column of their Delta table (docs/documents.md), as enrich-service writes them:
 * what rehydrate must bring back field for field.
 */
final class OpsDocuments {

    private OpsDocuments() {
    }

    static ObjectNode news(int n, LocalDate day) {
        Instant time = day.atTime(9, 30).toInstant(ZoneOffset.UTC).plusMillis(n * 1_001L);
        String link = "https://example.org/articles/" + day + "/" + n;
        ObjectNode doc = common(DocumentIds.newsByLink(link), "news", time);
        doc.put("feed_url", "https://example.org/feed.xml");
        doc.put("source_name", "Example News");
        doc.put("title", "Article " + n + " of " + day);
        doc.put("link", link);
        doc.putArray("authors").add("Ada Lovelace").add("Grace Hopper");
        doc.put("published", format(time));
        doc.putNull("updated");
        doc.put("summary", "Summary " + n);
        doc.put("content", "Body of article " + n + " citing arXiv:2411.01234v2");
        doc.putArray("categories").add("science");
        doc.put("language", "en");
        doc.put("content_hash", DocumentIds.sha256Hex("article " + n));
        doc.putArray("arxiv_ids").add("2411.01234v2");
        doc.putArray("dois");
        doc.putArray("github_repos").add("delta-io/delta");
        doc.putArray("urls").add(link);
        doc.putArray("linked_papers").addObject()
                .put("id", "2411.01234").put("title", "Exactly-once writes").put("primary_category", "cs.DB");
        ObjectNode domain = doc.putArray("domains").addObject();
        domain.put("name", "example.org").put("first_seen", format(time.minus(3, ChronoUnit.DAYS)));
        domain.putArray("resolves_to").add("192.0.2.10");
        // a field the table has no column for: kept in the 'extra' column, and must come back at the top level
        doc.putArray("enclosures").add("https://example.org/a.mp3");
        return doc;
    }

    static ObjectNode github(int n, LocalDate day) {
        Instant time = day.atTime(14, 0).toInstant(ZoneOffset.UTC).plusSeconds(n);
        String eventId = String.valueOf(40_000_000_000L + n);
        ObjectNode doc = common("github:" + eventId, "github", time);
        doc.put("event_id", eventId);
        doc.put("type", "PushEvent");
        doc.put("actor_login", "octocat");
        doc.put("actor_id", 583231);
        doc.put("repo_name", "octocat/hello-world");
        doc.put("repo_id", 5_000_000_000L + n);
        doc.putNull("org_login");
        doc.put("public", true);
        doc.putNull("action");
        doc.put("ref", "refs/heads/main");
        doc.putNull("ref_type");
        doc.putNull("number");
        doc.putNull("title");
        doc.put("text", "commit " + n);
        ObjectNode payload = doc.putObject("payload");
        payload.put("push_id", 100 + n).put("size", 1);
        payload.putArray("commits").addObject().put("sha", "6b7ff2d" + n).put("message", "commit " + n);
        doc.putArray("arxiv_ids");
        doc.putArray("dois");
        doc.putArray("github_repos");
        doc.putArray("urls");
        doc.putArray("linked_papers");
        doc.putArray("domains");
        return doc;
    }

    private static ObjectNode common(String id, String source, Instant time) {
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("id", id);
        doc.put("source", source);
        doc.put("event_time", format(time));
        doc.put("event_date", LocalDate.ofInstant(time, ZoneOffset.UTC).toString());
        doc.put("ingested_at", format(time.plusSeconds(30)));
        doc.put("enriched_at", format(time.plusSeconds(31)));
        return doc;
    }

    /** As enrich-service formats instants: UTC, milliseconds only when there are any. */
    static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
