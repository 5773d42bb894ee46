package io.databroker.ingest.github.events;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Link} response header (RFC 8288) GitHub pages with:
 * {@code <https://api.github.com/events?per_page=100&page=2>; rel="next", <…&page=3>; rel="last"}.
 */
public final class LinkHeader {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern REL = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]+)\"?");

    private LinkHeader() {
    }

    /** The URL with {@code rel="next"}, if any and if it is a valid URI. */
    public static Optional<URI> next(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Matcher link = LINK.matcher(header);
        while (link.find()) {
            Matcher rel = REL.matcher(link.group(2));
            while (rel.find()) {
                for (String value : rel.group(1).trim().split("\\s+")) {
                    if (value.equalsIgnoreCase("next")) {
                        try {
                            return Optional.of(URI.create(link.group(1).trim()));
                        } catch (IllegalArgumentException e) {
                            return Optional.empty();
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
