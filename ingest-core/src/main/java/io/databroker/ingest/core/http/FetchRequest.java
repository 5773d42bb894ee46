package io.databroker.ingest.core.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One GET to a source: the URL, extra headers (Accept, Authorization…) and the validators of the last fetch for a
 * conditional request (RFC 9110 §13.1: {@code If-None-Match} from the ETag, {@code If-Modified-Since} from
 * Last-Modified).
 */
public record FetchRequest(URI uri, Map<String, String> headers, String etag, String lastModified) {

    public FetchRequest {
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
    }

    /** A plain GET. */
    public static FetchRequest get(URI uri) {
        return new FetchRequest(uri, Map.of(), null, null);
    }

    public FetchRequest withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new FetchRequest(uri, more, etag, lastModified);
    }

    /** The same request, conditional on the validators of the last fetch (either may be null). */
    public FetchRequest conditional(String newEtag, String newLastModified) {
        return new FetchRequest(uri, headers, newEtag, newLastModified);
    }
}
