package io.databroker.ingest.arxiv.metadata;

import java.util.List;
import java.util.Objects;

/** One author as the {@code arXiv} format structures it (and as we split {@code arXivRaw}'s author string). */
public record ArxivAuthor(String keyname, String forenames, String suffix, List<String> affiliations) {

    public ArxivAuthor {
        Objects.requireNonNull(keyname, "keyname");
        affiliations = List.copyOf(affiliations);
    }
}
