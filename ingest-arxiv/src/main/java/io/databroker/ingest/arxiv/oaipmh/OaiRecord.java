package io.databroker.ingest.arxiv.oaipmh;

import java.util.List;

import io.databroker.ingest.arxiv.metadata.ArxivPaper;

/**
 * One {@code <record>} of a ListRecords page.
 *
 * @param identifier the OAI identifier, e.g. {@code oai:arXiv.org:1706.05371}
 * @param datestamp  the header datestamp as sent, e.g. {@code 2017-12-14}
 * @param sets       the header's setSpecs, e.g. {@code physics:hep-ex}
 * @param deleted    {@code <header status="deleted">}: the record has no metadata
 * @param paper      the arXiv metadata, or null when deleted or in a format we do not read
 */
public record OaiRecord(String identifier, String datestamp, List<String> sets, boolean deleted, ArxivPaper paper) {

    public OaiRecord {
        sets = List.copyOf(sets);
    }
}
