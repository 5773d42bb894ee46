package io.databroker.enrich.normalize;

import tools.jackson.databind.node.ObjectNode;

/**
 * The entity and join fields of docs/documents.md, added by the normalizers as empty placeholders (so every field
 * is always present, in the documented order) and filled by the enrich step.
 */
public final class EntityFields {

    public static final String ARXIV_IDS = "arxiv_ids";
    public static final String DOIS = "dois";
    public static final String GITHUB_REPOS = "github_repos";
    public static final String URLS = "urls";
    public static final String LINKED_PAPERS = "linked_papers";
    public static final String DOMAINS = "domains";

    private EntityFields() {
    }

    /** {@code joins}: also {@code linked_papers} and {@code domains} (news and GitHub; arXiv has no joins). */
    static void addPlaceholders(ObjectNode doc, boolean joins) {
        doc.putArray(ARXIV_IDS);
        doc.putArray(DOIS);
        doc.putArray(GITHUB_REPOS);
        doc.putArray(URLS);
        if (joins) {
            doc.putArray(LINKED_PAPERS);
            doc.putArray(DOMAINS);
        }
    }
}
