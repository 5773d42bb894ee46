package io.databroker.enrich.normalize;

import static io.databroker.enrich.normalize.RawFields.emptyToNull;
import static io.databroker.enrich.normalize.RawFields.strings;
import static io.databroker.enrich.normalize.RawFields.text;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.databroker.enrich.reference.ArxivCategories;
import io.databroker.enrich.validate.ValidatedRecord;
import io.databroker.shared.envelope.CloudEvent;
import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * arxiv_raw record → canonical arXiv document (docs/documents.md, "arxiv"): one per paper version, titles and
 * abstracts with arXiv's line breaks collapsed, the primary category named from the reference data. A deleted
 * record keeps its identity fields and has its metadata null/{@code []}.
 */
public final class ArxivNormalizer implements DocumentNormalizer {

    /** CloudEvents source of records that arrive without an envelope. */
    static final String ENVELOPE_SOURCE = "https://arxiv.org";

    private final ArxivCategories categories;

    public ArxivNormalizer(ArxivCategories categories) {
        this.categories = categories;
    }

    @Override
    public NormalizedDocument normalize(ValidatedRecord record, Instant enrichedAt) {
        ObjectNode raw = record.body();
        String arxivId = text(raw, "arxiv_id").strip();
        int version = raw.get("version").asInt();
        String id = DocumentIds.arxiv(arxivId, version);
        boolean deleted = raw.path("deleted").asBoolean(false);
        LocalDate datestamp = Timestamps.parseDate("datestamp", text(raw, "datestamp"));
        Instant submitted = deleted ? null : Timestamps.parse("submitted", text(raw, "submitted"));
        LocalDate created = deleted ? null : Timestamps.parseDate("created", text(raw, "created"));
        LocalDate updated = deleted ? null : Timestamps.parseDate("updated", text(raw, "updated"));
        Instant eventTime = Timestamps.requirePlausible("event time", submitted != null ? submitted
                : updated != null ? Timestamps.startOf(updated)
                : created != null ? Timestamps.startOf(created) : Timestamps.startOf(datestamp), enrichedAt);
        Instant ingestedAt = Optional.ofNullable(Timestamps.parse("ingested_at", text(raw, "ingested_at")))
                .orElse(record.recordTime());

        String title = deleted ? null : PlainText.collapse(text(raw, "title"));
        String abstractText = deleted ? null : PlainText.collapse(text(raw, "abstract"));
        String comments = deleted ? null : PlainText.collapse(text(raw, "comments"));
        List<String> categoryCodes = deleted ? List.of() : PlainText.collapseAll(strings(raw, "categories"));
        String primary = categoryCodes.isEmpty() ? null : categoryCodes.get(0);
        Optional<ArxivCategories.Category> primaryCategory = categories.find(primary);

        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("id", id);
        doc.put("source", Source.ARXIV.id());
        doc.put("event_time", Timestamps.format(eventTime));
        doc.put("event_date", Timestamps.utcDate(eventTime));
        doc.put("ingested_at", Timestamps.format(ingestedAt));
        doc.put("enriched_at", Timestamps.format(enrichedAt));
        doc.put("arxiv_id", arxivId);
        doc.put("version", version);
        doc.put("deleted", deleted);
        doc.put("datestamp", datestamp.toString());
        doc.put("title", title);
        doc.put("abstract", abstractText);
        List<String> authorNames = deleted ? List.of() : authors(raw.get("authors"), doc.putArray("authors"));
        if (deleted) {
            doc.putArray("authors");
        }
        RawFields.addAll(doc.putArray("author_names"), authorNames);
        RawFields.addAll(doc.putArray("categories"), categoryCodes);
        doc.put("primary_category", primary);
        doc.put("primary_category_name", primaryCategory.map(ArxivCategories.Category::name).orElse(null));
        doc.put("primary_archive", primary == null ? null
                : primaryCategory.map(ArxivCategories.Category::archive).orElseGet(() -> ArxivCategories.archiveOf(primary)));
        doc.put("comments", comments);
        doc.put("journal_ref", deleted ? null : PlainText.collapse(text(raw, "journal_ref")));
        doc.put("license", deleted ? null : emptyToNull(PlainText.collapse(text(raw, "license"))));
        doc.put("submitted", Timestamps.format(submitted));
        doc.put("created", created == null ? null : created.toString());
        doc.put("updated", updated == null ? null : updated.toString());
        EntityFields.addPlaceholders(doc, false);

        CloudEvent envelope = record.envelope()
                .orElseGet(() -> new CloudEvent(id, ENVELOPE_SOURCE, Source.ARXIV.eventType(), eventTime));
        // The OAI datestamp changes whenever arXiv changes the record, so it tells a metadata update of the same
        // version (a journal reference added) from a re-harvest of an unchanged one.
        String fingerprint = datestamp + (deleted ? "/deleted" : "");
        String doiField = deleted ? null : text(raw, "doi");
        List<String> dois = doiField == null ? List.of() : Arrays.asList(doiField.strip().split("\\s+"));
        return new NormalizedDocument(id, doc, envelope, fingerprint,
                new EntitySources(Arrays.asList(abstractText, comments), List.of(), dois));
    }

    /** Copies the authors (text collapsed) and returns their display names, {@code forenames keyname suffix}. */
    private static List<String> authors(JsonNode rawAuthors, ArrayNode out) {
        List<String> names = new ArrayList<>();
        if (rawAuthors == null || !rawAuthors.isArray()) {
            return names;
        }
        for (JsonNode author : rawAuthors) {
            String keyname = PlainText.collapse(text(author, "keyname"));
            String forenames = PlainText.collapse(text(author, "forenames"));
            String suffix = PlainText.collapse(text(author, "suffix"));
            ObjectNode copy = out.addObject();
            copy.put("keyname", keyname);
            copy.put("forenames", forenames);
            copy.put("suffix", suffix);
            RawFields.addAll(copy.putArray("affiliations"), PlainText.collapseAll(strings(author, "affiliations")));
            String name = PlainText.collapse(String.join(" ", Arrays.asList(
                    forenames == null ? "" : forenames, keyname == null ? "" : keyname, suffix == null ? "" : suffix)));
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }
}
