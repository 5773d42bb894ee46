package io.databroker.ingest.dns.pairing;

import java.util.Locale;

/** How an exchange left the pairer; the lower_snake name is the {@code result} metric tag. */
public enum PairingResult {
    PAIRED, QUERY_ONLY, RESPONSE_ONLY;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
