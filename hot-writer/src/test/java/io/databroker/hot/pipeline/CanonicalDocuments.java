package io.databroker.hot.pipeline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * Canonical documents of the four sources with every field of docs/documents.md, as enrich-service writes them to
 * {@code <source>_enriched}: our fixtures for the hot store.
 */
final class CanonicalDocuments {

    private CanonicalDocuments() {
    }

    /** A complete news document whose event time is {@code eventTime}. */
    static ObjectNode news(String link, String title, Instant eventTime) {
        String time = instant(eventTime);
        ObjectNode doc = common(DocumentIds.newsByLink(link), "news", eventTime);
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
        entities(doc, true);
        return doc;
    }

    /** A news document mentioning a paper and a domain (the joins of ARCHITECTURE §5). */
    static ObjectNode newsMentioning(String link, String title, Instant eventTime, String arxivId, String paperTitle,
                                     String primaryCategory, String domain) {
        ObjectNode doc = news(link, title, eventTime);
        doc.putArray("arxiv_ids").add(arxivId);
        doc.putArray("urls").add(link);
        ObjectNode paper = doc.putArray("linked_papers").addObject();
        paper.put("id", arxivId).put("title", paperTitle).put("primary_category", primaryCategory);
        ObjectNode seen = doc.putArray("domains").addObject();
        seen.put("name", domain).put("first_seen", instant(eventTime.minusSeconds(86_400)));
        seen.putArray("resolves_to").add("192.0.2.10");
        return doc;
    }

    /** A complete arXiv document (one paper version). */
    static ObjectNode arxiv(String arxivId, int version, String title, String abstractText, String primaryCategory,
                            Instant submitted) {
        ObjectNode doc = common("arxiv:" + arxivId + "v" + version, "arxiv", submitted);
        doc.put("arxiv_id", arxivId);
        doc.put("version", version);
        doc.put("deleted", false);
        doc.put("datestamp", LocalDate.ofInstant(submitted, ZoneOffset.UTC).toString());
        doc.put("title", title);
        doc.put("abstract", abstractText);
        ObjectNode author = doc.putArray("authors").addObject();
        author.put("keyname", "Noether").put("forenames", "Emmy").putNull("suffix");
        author.putArray("affiliations").add("Universität Göttingen");
        doc.putArray("author_names").add("Emmy Noether");
        doc.putArray("categories").add(primaryCategory).add("math.AG");
        doc.put("primary_category", primaryCategory);
        doc.put("primary_category_name", primaryCategory.startsWith("cs.") ? "Machine Learning" : "Other");
        doc.put("primary_archive", primaryCategory.substring(0, primaryCategory.indexOf('.') < 0
                ? primaryCategory.length() : primaryCategory.indexOf('.')));
        doc.put("comments", "12 pages, 3 figures");
        doc.putNull("journal_ref");
        doc.put("license", "http://creativecommons.org/licenses/by/4.0/");
        doc.put("submitted", instant(submitted));
        doc.put("created", LocalDate.ofInstant(submitted, ZoneOffset.UTC).toString());
        doc.putNull("updated");
        entities(doc, false);
        return doc;
    }

    /** A complete GitHub document; the payload is free-form, as GitHub sent it. */
    static ObjectNode github(long eventId, String type, String repo, String title, String text, Instant createdAt) {
        ObjectNode doc = common("github:" + eventId, "github", createdAt);
        doc.put("event_id", Long.toString(eventId));
        doc.put("type", type);
        doc.put("actor_login", "octocat");
        doc.put("actor_id", 583231);
        doc.put("repo_name", repo);
        doc.put("repo_id", 1296269);
        doc.putNull("org_login");
        doc.put("public", true);
        doc.put("action", "opened");
        doc.putNull("ref");
        doc.putNull("ref_type");
        doc.put("number", 42);
        doc.put("title", title);
        doc.put("text", text);
        ObjectNode payload = doc.putObject("payload");
        payload.put("action", "opened");
        // Shapes that would conflict across event types if the payload were mapped.
        payload.putObject("pull_request").put("number", 42).putObject("head").put("ref", "feature");
        payload.put("size", "varies-by-type");
        entities(doc, true);
        return doc;
    }

    /** A complete DNS document (a paired query and response). */
    static ObjectNode dns(String qname, String qtype, String registrableDomain, Instant queryTime) {
        String id = "dns:" + DocumentIds.sha256Hex(qname + "|" + qtype + "|" + queryTime);
        ObjectNode doc = common(id, "dns", queryTime);
        doc.put("identity", "resolver-1");
        doc.put("version", "unbound 1.17.1");
        doc.put("message_type", "CLIENT_RESPONSE");
        doc.put("socket_family", "INET");
        doc.put("socket_protocol", "UDP");
        doc.put("query_address", "192.0.2.0");
        doc.put("query_port", 53000);
        doc.put("response_address", "127.0.0.1");
        doc.put("response_port", 53);
        doc.put("query_time", instant(queryTime));
        doc.put("response_time", instant(queryTime.plusMillis(12)));
        doc.put("latency_ms", 12.0);
        doc.put("message_id", 4711);
        doc.put("qname", qname);
        doc.put("qtype", qtype);
        doc.put("qclass", "IN");
        doc.put("rcode", "NOERROR");
        doc.putArray("flags").add("qr").add("rd").add("ra");
        ObjectNode answer = doc.putArray("answers").addObject();
        answer.put("name", qname).put("type", qtype).put("ttl", 300).put("data", "192.0.2.1");
        doc.putArray("authorities");
        doc.putNull("edns_client_subnet");
        doc.put("registrable_domain", registrableDomain);
        doc.put("newly_observed", false);
        doc.put("name_entropy", 2.5);
        return doc;
    }

    private static ObjectNode common(String id, String source, Instant eventTime) {
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("id", id);
        doc.put("source", source);
        doc.put("event_time", instant(eventTime));
        doc.put("event_date", LocalDate.ofInstant(eventTime, ZoneOffset.UTC).toString());
        doc.put("ingested_at", instant(eventTime.plusSeconds(5)));
        doc.put("enriched_at", instant(eventTime.plusSeconds(6)));
        return doc;
    }

    private static void entities(ObjectNode doc, boolean joins) {
        doc.putArray("arxiv_ids");
        doc.putArray("dois");
        doc.putArray("github_repos");
        doc.putArray("urls");
        if (joins) {
            doc.putArray("linked_papers");
            doc.putArray("domains");
        }
    }

    private static String instant(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
