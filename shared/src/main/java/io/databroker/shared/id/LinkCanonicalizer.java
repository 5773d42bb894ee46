package io.databroker.shared.id;

import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The canonical form of a news link, part of the news id contract ({@link DocumentIds#newsByLink}): scheme and
 * host lower-cased, fragment removed, tracking query parameters ({@code utm_*}, {@code fbclid}, {@code gclid})
 * removed; everything else is kept byte for byte (path case, other parameters and their order, port).
 *
 * <p>Works on the string rather than {@link java.net.URI} on purpose: real feeds carry links with unencoded spaces,
 * pipes or brackets that {@code URI} rejects, and the id of such an item must still be stable. A string that is not
 * an absolute {@code scheme://authority…} link is returned trimmed but otherwise unchanged, so this never fails.
 */
public final class LinkCanonicalizer {

    // RFC 3986 §3.1 scheme, then "//" authority up to the first '/', '?' or '#'.
    private static final Pattern ABSOLUTE = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)$", Pattern.DOTALL);

    private LinkCanonicalizer() {
    }

    /** The canonical link; null stays null. */
    public static String canonicalize(String link) {
        if (link == null) {
            return null;
        }
        String trimmed = link.strip();
        Matcher m = ABSOLUTE.matcher(trimmed);
        if (!m.matches()) {
            return trimmed;
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String authority = lowerCaseHost(m.group(2));
        String rest = m.group(3);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        int question = rest.indexOf('?');
        String path = question >= 0 ? rest.substring(0, question) : rest;
        String query = question >= 0 ? withoutTrackingParameters(rest.substring(question + 1)) : "";
        return scheme + "://" + authority + path + (query.isEmpty() ? "" : "?" + query);
    }

    /** True for the query parameters that only track the click and never change the resource. */
    static boolean isTrackingParameter(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("utm_") || lower.equals("fbclid") || lower.equals("gclid");
    }

    private static String lowerCaseHost(String authority) {
        // user info (before the last '@') may be case-sensitive; host names are not (RFC 3986 §3.2.2).
        int at = authority.lastIndexOf('@');
        return authority.substring(0, at + 1) + authority.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static String withoutTrackingParameters(String query) {
        StringJoiner kept = new StringJoiner("&");
        for (String parameter : query.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int eq = parameter.indexOf('=');
            String name = eq >= 0 ? parameter.substring(0, eq) : parameter;
            if (!isTrackingParameter(name)) {
                kept.add(parameter);
            }
        }
        return kept.toString();
    }
}
