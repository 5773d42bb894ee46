package io.databroker.ingest.arxiv.metadata;

import java.util.Locale;

/** The arXiv OAI-PMH metadata formats we read; {@link #prefix()} is the {@code metadataPrefix} request argument. */
public enum MetadataFormat {
    /** Structured authors with affiliations, {@code created}/{@code updated} dates, no version numbers. */
    ARXIV("arXiv"),
    /** arXiv's internal format: every version with its exact submission time, authors as one string. */
    ARXIV_RAW("arXivRaw");

    private final String prefix;

    MetadataFormat(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The format of a {@code metadataPrefix} (case-insensitive), e.g. {@code arXivRaw}. */
    public static MetadataFormat ofPrefix(String prefix) {
        for (MetadataFormat format : values()) {
            if (format.prefix.toLowerCase(Locale.ROOT).equals(prefix.trim().toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw new IllegalArgumentException("unsupported metadataPrefix '" + prefix + "' (use arXiv or arXivRaw)");
    }
}
