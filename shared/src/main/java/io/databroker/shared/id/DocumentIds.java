package io.databroker.shared.id;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The natural ids of ARCHITECTURE §4: stable across redeliveries, so every store can write idempotently. */
public final class DocumentIds {

    private DocumentIds() {
    }

    /** {@code arxiv:<id>v<version>}, e.g. {@code arxiv:2411.01234v2} or {@code arxiv:hep-th/9901001v1}. */
    public static String arxiv(String arxivId, int version) {
        if (arxivId == null || arxivId.isBlank() || version < 1) {
            throw new IllegalArgumentException("arXiv id and a version >= 1 are required");
        }
        return "arxiv:" + arxivId.trim() + "v" + version;
    }

    /** {@code github:<event id>}. */
    public static String github(String eventId) {
        if (eventId == null || eventId.isBlank()) {
            throw new IllegalArgumentException("GitHub event id is required");
        }
        return "github:" + eventId.trim();
    }

    /** {@code news:<sha256 of the canonical link>}. */
    public static String newsByLink(String canonicalLink) {
        return "news:" + sha256Hex(canonicalLink);
    }

    /** {@code news:<sha256 of feed url + guid>}, for items without a usable link. */
    public static String newsByGuid(String feedUrl, String guid) {
        return "news:" + sha256Hex(feedUrl + "\n" + guid);
    }

    /** {@code dns:<sha256 of identity, query time, client address/port, DNS message id, qname, qtype>}. */
    public static String dns(String identity, String queryTime, String clientAddress, int clientPort,
                             int messageId, String qname, String qtype) {
        return "dns:" + sha256Hex(String.join("\n", nullToEmpty(identity), nullToEmpty(queryTime),
                nullToEmpty(clientAddress), Integer.toString(clientPort), Integer.toString(messageId),
                nullToEmpty(qname), nullToEmpty(qtype)));
    }

    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
