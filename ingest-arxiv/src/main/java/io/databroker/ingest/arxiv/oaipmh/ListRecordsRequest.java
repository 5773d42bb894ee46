package io.databroker.ingest.arxiv.oaipmh;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The URL of one ListRecords request (OAI-PMH 2.0 §4.5): either the first page of a window
 * ({@code metadataPrefix}, optional {@code from} and {@code set}) or a following page, for which the
 * {@code resumptionToken} is the exclusive argument (§3.5). {@code until} bounds an operator's backfill window.
 */
public record ListRecordsRequest(URI baseUrl, String metadataPrefix, String set, LocalDate from, LocalDate until,
                                 String resumptionToken) {

    public ListRecordsRequest {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(metadataPrefix, "metadataPrefix");
    }

    public URI toUri() {
        StringBuilder query = new StringBuilder("verb=ListRecords");
        if (resumptionToken != null) {
            query.append("&resumptionToken=").append(encode(resumptionToken));
        } else {
            query.append("&metadataPrefix=").append(encode(metadataPrefix));
            if (from != null) {
                query.append("&from=").append(from); // arXiv's granularity is YYYY-MM-DD
            }
            if (until != null) {
                query.append("&until=").append(until); // inclusive (OAI-PMH 2.0 §3.3.1)
            }
            if (set != null) {
                query.append("&set=").append(encode(set));
            }
        }
        String base = baseUrl.toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + query);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
