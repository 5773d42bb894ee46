package io.databroker.ingest.arxiv.metadata;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The metadata of one paper as one OAI-PMH record carries it, in either format; text as the source gave it,
 * trimmed (empty = null).
 *
 * @param created  submission date of v1 ({@code arXiv} format), null for {@code arXivRaw}
 * @param updated  submission date of the latest version when there are several ({@code arXiv} format)
 * @param versions every version with its submission time ({@code arXivRaw}); empty for {@code arXiv}
 */
public record ArxivPaper(MetadataFormat format, String id, LocalDate created, LocalDate updated,
                         List<ArxivAuthor> authors, String title, String abstractText, List<String> categories,
                         String comments, String reportNo, String mscClass, String acmClass, String journalRef,
                         String doi, String license, List<ArxivVersion> versions) {

    public ArxivPaper {
        Objects.requireNonNull(format, "format");
        authors = List.copyOf(authors);
        categories = List.copyOf(categories);
        versions = List.copyOf(versions);
    }
}
