package io.databroker.enrich.normalize;

import static io.databroker.enrich.normalize.RawFields.strings;
import static io.databroker.enrich.normalize.RawFields.text;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.databroker.enrich.validate.SchemaViolationException;
import io.databroker.enrich.validate.ValidatedRecord;
import io.databroker.shared.envelope.CloudEvent;
import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.id.LinkCanonicalizer;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.node.ObjectNode;

/**
 * news_feed record → canonical news document (docs/documents.md, "news"): UTC instants, text trimmed and
 * collapsed, HTML in title/summary/content reduced to text, the canonical link, the id from the body or derived
 * from link / feed URL + guid exactly as ingest-news derives it.
 */
public final class NewsNormalizer implements DocumentNormalizer {

    @Override
    public NormalizedDocument normalize(ValidatedRecord record, Instant enrichedAt) {
        ObjectNode raw = record.body();
        String feedUrl = text(raw, "feed_url");
        String rawLink = text(raw, "link");
        String link = rawLink == null || rawLink.isBlank() ? null : LinkCanonicalizer.canonicalize(rawLink);
        String id = id(raw, feedUrl, link);

        Instant fetchedAt = Timestamps.parse("fetched_at", text(raw, "fetched_at"));
        boolean publishedIsFetchTime = raw.path("published_is_fetch_time").asBoolean(false);
        // A published time that the producer made up from the fetch time is not "as the feed gave it".
        Instant published = publishedIsFetchTime ? null : Timestamps.parse("published", text(raw, "published"));
        Instant updated = Timestamps.parse("updated", text(raw, "updated"));
        Instant eventTime = Timestamps.requirePlausible("event time",
                published != null ? published : updated != null ? updated : fetchedAt, enrichedAt);

        PlainText.Html title = PlainText.fromHtmlWithLinks(text(raw, "title"));
        PlainText.Html summary = PlainText.fromHtmlWithLinks(text(raw, "summary"));
        PlainText.Html content = PlainText.fromHtmlWithLinks(text(raw, "content"));
        String contentHash = text(raw, "content_hash");
        if (contentHash == null) {
            contentHash = DocumentIds.sha256Hex(Objects.toString(text(raw, "title"), "") + "\n"
                    + Objects.toString(text(raw, "summary"), "") + "\n" + Objects.toString(text(raw, "content"), ""));
        }
        String language = PlainText.collapse(text(raw, "language"));

        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("id", id);
        doc.put("source", Source.NEWS.id());
        doc.put("event_time", Timestamps.format(eventTime));
        doc.put("event_date", Timestamps.utcDate(eventTime));
        doc.put("ingested_at", Timestamps.format(fetchedAt));
        doc.put("enriched_at", Timestamps.format(enrichedAt));
        doc.put("feed_url", feedUrl.strip());
        doc.put("source_name", PlainText.collapse(text(raw, "source_name")));
        doc.put("title", title.text());
        doc.put("link", link);
        RawFields.addAll(doc.putArray("authors"), PlainText.collapseAll(strings(raw, "authors")));
        doc.put("published", Timestamps.format(published));
        doc.put("updated", Timestamps.format(updated));
        doc.put("summary", summary.text());
        doc.put("content", content.text());
        RawFields.addAll(doc.putArray("categories"), PlainText.collapseAll(strings(raw, "categories")));
        doc.put("language", language == null ? null : language.toLowerCase(Locale.ROOT));
        doc.put("content_hash", contentHash);
        EntityFields.addPlaceholders(doc, true);

        CloudEvent envelope = record.envelope()
                .orElseGet(() -> new CloudEvent(id, feedUrl, Source.NEWS.eventType(), eventTime));
        List<String> links = new ArrayList<>();
        links.add(link);
        links.addAll(title.links());
        links.addAll(summary.links());
        links.addAll(content.links());
        return new NormalizedDocument(id, doc, envelope, contentHash,
                new EntitySources(Arrays.asList(title.text(), summary.text(), content.text()), links, List.of()));
    }

    /** The body's id, else the one ingest-news would have given it (ARCHITECTURE §4). */
    private static String id(ObjectNode raw, String feedUrl, String canonicalLink) {
        String id = text(raw, "id");
        if (id != null) {
            return id;
        }
        if (canonicalLink != null) {
            return DocumentIds.newsByLink(canonicalLink);
        }
        String guid = text(raw, "guid");
        if (guid == null || guid.isBlank()) {
            // The schema demands a non-empty link or guid, but "   " passes minLength and identifies nothing.
            throw new SchemaViolationException("neither a usable link nor a guid to derive the id from");
        }
        return DocumentIds.newsByGuid(feedUrl, guid);
    }
}
