package io.databroker.storeops.verify;

import java.util.Locale;

/** Where a document's id is looked for; the lower-case name is the {@code store} tag of {@code broker_store_drift}. */
public enum Store {
    /** The enriched topic {@code <source>_enriched}, within its retention. */
    TOPIC,
    /** The hot store, within its window (10 days). */
    ELASTICSEARCH,
    /** The cold store {@code <source>_historical}: all days. */
    DELTA;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
