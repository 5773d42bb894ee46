package io.databroker.ingest.arxiv.publish;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

import io.databroker.ingest.arxiv.metadata.ArxivAuthor;
import io.databroker.ingest.arxiv.metadata.ArxivPaper;
import io.databroker.shared.envelope.CloudEvent;
import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One version of one paper as published on {@code arxiv_raw}: the value of schemas/arxiv_raw.schema.json, keyed by
 * the arXiv id without version. A deleted record carries only id, version, datestamp and sets.
 *
 * @param arxivId       e.g. {@code 2411.01234} or {@code hep-th/9901001}
 * @param version       this record's version, ≥ 1
 * @param latestVersion the newest version the source listed (equal to {@code version} on the newest record)
 * @param submitted     submission time of this version, when the format gives it ({@code arXivRaw})
 * @param paper         the metadata (the paper's current metadata: arXiv keeps no per-version metadata); null when deleted
 * @param fetchedAt     when we fetched the page
 */
public record ArxivRecord(String arxivId, int version, int latestVersion, boolean deleted, LocalDate datestamp,
                          List<String> sets, Instant submitted, ArxivPaper paper, Instant fetchedAt) {

    public ArxivRecord {
        Objects.requireNonNull(arxivId, "arxivId");
        Objects.requireNonNull(datestamp, "datestamp");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
        sets = List.copyOf(sets);
    }

    /** The document id of ARCHITECTURE §4: {@code arxiv:<id>v<version>}. */
    public String id() {
        return DocumentIds.arxiv(arxivId, version);
    }

    /** The record key: the arXiv id without version, so all versions of a paper share a partition. */
    public String key() {
        return arxivId;
    }

    /**
     * Event time: this version's submission time; for the {@code arXiv} format (dates only) the start of the created
     * or updated day; for a deletion the datestamp's day.
     */
    public Instant eventTime() {
        if (submitted != null) {
            return submitted;
        }
        if (paper != null && version > 1 && paper.updated() != null) {
            return startOf(paper.updated());
        }
        if (paper != null && paper.created() != null) {
            return startOf(paper.created());
        }
        return startOf(datestamp);
    }

    /** The CloudEvents envelope; {@code source} is the OAI-PMH base URL harvested. */
    public CloudEvent cloudEvent(String source) {
        return new CloudEvent(id(), source, Source.ARXIV.eventType(), eventTime());
    }

    /** The record value, field names as in the schema. */
    public byte[] toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("arxiv_id", arxivId);
        root.put("version", version);
        root.put("latest_version", latestVersion);
        root.put("deleted", deleted);
        root.put("datestamp", datestamp.toString());
        ArrayNode setNode = root.putArray("sets");
        sets.forEach(setNode::add);
        root.put("fetched_at", DateTimeFormatter.ISO_INSTANT.format(fetchedAt));
        if (paper != null) {
            root.put("metadata_format", paper.format().prefix());
            root.put("title", paper.title());
            root.put("abstract", paper.abstractText());
            ArrayNode authors = root.putArray("authors");
            for (ArxivAuthor author : paper.authors()) {
                ObjectNode a = authors.addObject();
                a.put("keyname", author.keyname());
                a.put("forenames", author.forenames());
                a.put("suffix", author.suffix());
                ArrayNode affiliations = a.putArray("affiliations");
                author.affiliations().forEach(affiliations::add);
            }
            ArrayNode categories = root.putArray("categories");
            paper.categories().forEach(categories::add);
            root.put("comments", paper.comments());
            root.put("journal_ref", paper.journalRef());
            root.put("doi", paper.doi());
            root.put("license", paper.license());
            root.put("report_no", paper.reportNo());
            root.put("msc_class", paper.mscClass());
            root.put("acm_class", paper.acmClass());
            root.put("submitted", submitted == null ? null : DateTimeFormatter.ISO_INSTANT.format(submitted));
            root.put("created", paper.created() == null ? null : paper.created().toString());
            root.put("updated", paper.updated() == null ? null : paper.updated().toString());
        }
        return Json.mapper().writeValueAsBytes(root);
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
