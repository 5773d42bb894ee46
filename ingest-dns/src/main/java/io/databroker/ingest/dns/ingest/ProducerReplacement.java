package io.databroker.ingest.dns.ingest;

import java.util.Locale;

/** Why the publisher replaced its Kafka producer; the lower_snake name is the {@code reason} tag of the metric. */
public enum ProducerReplacement {
    /** The producer reported an error after which it fails every record ({@link io.databroker.ingest.dns.publish.ProducerErrors}). */
    FATAL_ERROR,
    /** Records were outstanding with no acknowledgement at all for longer than the stall timeout. */
    STALLED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
