package io.databroker.ingest.arxiv.oaipmh;

/**
 * The {@code <resumptionToken>} closing a ListRecords page (OAI-PMH 2.0 §3.5). An empty token, or none at all,
 * marks the last page of the list.
 *
 * @param value            the token to send back, or null on the last page
 * @param cursor           how many records came before this page, when the repository says
 * @param completeListSize the size of the whole list, when the repository says
 */
public record ResumptionToken(String value, Long cursor, Long completeListSize) {

    public boolean lastPage() {
        return value == null || value.isBlank();
    }
}
