package io.databroker.ingest.arxiv.oaipmh;

import java.time.Instant;

import io.databroker.ingest.core.SourceErrorException;

/**
 * An OAI-PMH {@code <error code="…">} answer (OAI-PMH 2.0 §3.6, sent with HTTP 200). The harvester handles
 * {@link #NO_RECORDS_MATCH} (caught up) and {@link #BAD_RESUMPTION_TOKEN} (restart the window); any other code
 * fails the poll and is retried later.
 */
public class OaiPmhException extends SourceErrorException {

    /** "The combination of the values of the from, until, set and metadataPrefix arguments results in an empty list." */
    public static final String NO_RECORDS_MATCH = "noRecordsMatch";
    /** "The value of the resumptionToken argument is invalid or expired." */
    public static final String BAD_RESUMPTION_TOKEN = "badResumptionToken";

    private final Instant responseDate;

    public OaiPmhException(String code, String message, Instant responseDate) {
        super(code, "OAI-PMH error " + code + ": " + message);
        this.responseDate = responseDate;
    }

    /** The response's {@code responseDate}, or null when it had none. */
    public Instant responseDate() {
        return responseDate;
    }
}
