package io.databroker.cold.delta;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where a table lives: {@code <base URI>/<table>}. A base without a scheme, or a relative {@code file:} one, is a
 * local directory resolved against the working directory (the local launcher's {@code ./data/cold-store}).
 */
public final class TableLocation {

    private TableLocation() {
    }

    /** The table's URI as Kernel and the Hadoop file systems take it, e.g. {@code s3a://bucket/lake/news_historical}. */
    public static String of(String baseUri, String table) {
        if (baseUri == null || baseUri.isBlank()) {
            throw new IllegalArgumentException("base URI must not be blank");
        }
        String base = baseUri.trim();
        URI uri;
        try {
            uri = new URI(base);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("base URI is not a URI: " + base, e);
        }
        if (uri.getScheme() == null || (uri.getScheme().equals("file") && !uri.getSchemeSpecificPart().startsWith("/"))) {
            String local = uri.getScheme() == null ? base : uri.getSchemeSpecificPart();
            base = Path.of(local).toAbsolutePath().normalize().toUri().toString();
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/" + table;
    }
}
