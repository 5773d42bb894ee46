package io.databroker.enrich.join;

/** Read access to the two join tables (in the topology: the global stores built from arxiv_raw and dns_data). */
public interface JoinLookups {

    /** The latest known version of a paper, by arXiv id without version; null when never seen. */
    PaperSummary paper(String arxivId);

    /** What DNS has shown of a registrable domain; null when never queried. */
    DomainStats domain(String registrableDomain);
}
