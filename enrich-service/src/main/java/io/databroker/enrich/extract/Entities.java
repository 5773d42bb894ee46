package io.databroker.enrich.extract;

import java.util.List;

/**
 * What {@link EntityExtractor} found in a document's text (docs/documents.md, "Entities and joins"); every list is
 * distinct and in first-mention order.
 *
 * @param arxivIds    arXiv ids as written minus an {@code arXiv:} prefix ({@code 2411.01234v2}, {@code hep-th/9901001})
 * @param dois        DOIs, lower-cased
 * @param githubRepos {@code owner/repo} of github.com URLs, lower-cased
 * @param urls        canonical http(s) URLs
 */
public record Entities(List<String> arxivIds, List<String> dois, List<String> githubRepos, List<String> urls) {

    public Entities {
        arxivIds = List.copyOf(arxivIds);
        dois = List.copyOf(dois);
        githubRepos = List.copyOf(githubRepos);
        urls = List.copyOf(urls);
    }
}
