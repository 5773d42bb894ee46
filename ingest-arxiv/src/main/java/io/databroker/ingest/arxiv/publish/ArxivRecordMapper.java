package io.databroker.ingest.arxiv.publish;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import io.databroker.ingest.arxiv.metadata.ArxivPaper;
import io.databroker.ingest.arxiv.metadata.ArxivVersion;
import io.databroker.ingest.arxiv.metadata.MetadataFormat;
import io.databroker.ingest.arxiv.oaipmh.OaiRecord;

/**
 * Turns one OAI record into the {@code arxiv_raw} records it stands for: one per listed version for
 * {@code arXivRaw}; for {@code arXiv} (no version numbers) v1 only when the paper has no {@code <updated>} date,
 * otherwise nothing (counted as {@link SkipReason#VERSION_UNKNOWN}); for a deleted record one tombstone event
 * ({@code deleted=true}, version 1, since the header names no version).
 */
public final class ArxivRecordMapper {

    /** The id grammar of schemas/arxiv_raw.schema.json: new style {@code 2411.01234}, old style {@code hep-th/9901001}. */
    private static final Pattern ARXIV_ID = Pattern.compile("^([0-9]{4}\\.[0-9]{4,5}|[a-z-]+(\\.[A-Z]{2})?/[0-9]{7})$");
    private static final String OAI_ID_PREFIX = "oai:arXiv.org:";

    /**
     * The mapping's result.
     *
     * @param records the records to publish (empty when skipped)
     * @param skipped why nothing was published, or null
     */
    public record Mapped(List<ArxivRecord> records, SkipReason skipped) {

        static Mapped skip(SkipReason reason) {
            return new Mapped(List.of(), reason);
        }
    }

    public Mapped map(OaiRecord record, Instant fetchedAt) {
        LocalDate datestamp = datestamp(record.datestamp());
        if (datestamp == null) {
            return Mapped.skip(SkipReason.INVALID_DATESTAMP);
        }
        ArxivPaper paper = record.paper();
        String arxivId = paper != null && paper.id() != null ? paper.id() : idFromIdentifier(record.identifier());
        if (arxivId == null || !ARXIV_ID.matcher(arxivId).matches()) {
            return Mapped.skip(SkipReason.INVALID_ID);
        }
        if (record.deleted()) {
            return new Mapped(List.of(new ArxivRecord(arxivId, 1, 1, true, datestamp, record.sets(), null, null, fetchedAt)), null);
        }
        if (paper == null) {
            return Mapped.skip(SkipReason.NO_METADATA);
        }
        if (paper.format() == MetadataFormat.ARXIV) {
            if (paper.updated() != null) {
                return Mapped.skip(SkipReason.VERSION_UNKNOWN);
            }
            return new Mapped(List.of(new ArxivRecord(arxivId, 1, 1, false, datestamp, record.sets(), null, paper, fetchedAt)), null);
        }
        List<ArxivVersion> versions = paper.versions().stream()
                .sorted(Comparator.comparingInt(ArxivVersion::number)).toList();
        if (versions.isEmpty()) {
            return Mapped.skip(SkipReason.VERSION_UNKNOWN);
        }
        ArxivPaper dated = withVersionDates(paper, versions);
        int latest = versions.get(versions.size() - 1).number();
        List<ArxivRecord> records = new ArrayList<>(versions.size());
        for (ArxivVersion version : versions) {
            records.add(new ArxivRecord(arxivId, version.number(), latest, false, datestamp, record.sets(),
                    version.submitted(), dated, fetchedAt));
        }
        return new Mapped(records, null);
    }

    /** arXivRaw has no created/updated: derive them as the arXiv format defines them (v1's day, the latest's day). */
    private static ArxivPaper withVersionDates(ArxivPaper paper, List<ArxivVersion> versions) {
        ArxivVersion first = versions.get(0);
        ArxivVersion last = versions.get(versions.size() - 1);
        LocalDate created = day(first.submitted());
        LocalDate updated = versions.size() > 1 ? day(last.submitted()) : null;
        return new ArxivPaper(paper.format(), paper.id(), created, updated, paper.authors(), paper.title(),
                paper.abstractText(), paper.categories(), paper.comments(), paper.reportNo(), paper.mscClass(),
                paper.acmClass(), paper.journalRef(), paper.doi(), paper.license(), paper.versions());
    }

    private static LocalDate day(Instant instant) {
        return instant == null ? null : LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** {@code oai:arXiv.org:hep-th/9901001} → {@code hep-th/9901001}. */
    static String idFromIdentifier(String identifier) {
        if (identifier == null) {
            return null;
        }
        return identifier.regionMatches(true, 0, OAI_ID_PREFIX, 0, OAI_ID_PREFIX.length())
                ? identifier.substring(OAI_ID_PREFIX.length()) : null;
    }

    /** arXiv's granularity is a day; a seconds-granularity datestamp keeps its date part. */
    private static LocalDate datestamp(String text) {
        if (text == null || text.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(text.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
