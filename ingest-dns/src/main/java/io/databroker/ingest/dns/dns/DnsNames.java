package io.databroker.ingest.dns.dns;

import java.util.Locale;

import org.xbill.DNS.Name;

/** How names appear in {@code dns_data}: lower-case presentation format without the trailing dot; the root is {@code .}. */
public final class DnsNames {

    private DnsNames() {
    }

    public static String normalize(Name name) {
        return normalize(name.toString());
    }

    public static String normalize(String presentation) {
        String lower = presentation.toLowerCase(Locale.ROOT);
        if (lower.length() > 1 && lower.endsWith(".") && !lower.endsWith("\\.")) {
            return lower.substring(0, lower.length() - 1);
        }
        return lower;
    }
}
