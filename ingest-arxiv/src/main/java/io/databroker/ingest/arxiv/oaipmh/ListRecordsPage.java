package io.databroker.ingest.arxiv.oaipmh;

import java.time.Instant;

/**
 * What a ListRecords page said besides its records (which were streamed out while parsing).
 *
 * @param responseDate the page's {@code responseDate}, or null
 * @param token        the resumption token; null when the page had none (the last page)
 * @param records      how many {@code <record>} elements the page held
 */
public record ListRecordsPage(Instant responseDate, ResumptionToken token, int records) {

    /** True when no further page follows. */
    public boolean lastPage() {
        return token == null || token.lastPage();
    }
}
