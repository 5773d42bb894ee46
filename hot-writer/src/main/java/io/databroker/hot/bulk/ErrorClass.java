package io.databroker.hot.bulk;

/** What to do about an Elasticsearch failure; decided by {@link ElasticsearchErrorClassifier}. */
public enum ErrorClass {
    /** Transient (429, 5xx, timeouts, connection refused): retry with backoff, quietly. */
    RETRIABLE,
    /**
     * Retried too, because dropping or dead-lettering would lose good documents, but it will not heal by itself
     * (authentication, permissions, a missing index with auto-creation disabled, a request too large): logged at
     * ERROR so an operator acts.
     */
    NEEDS_OPERATOR,
    /** This one document cannot be stored as it is (mapping conflict, malformed field): dead-letter it. */
    DOCUMENT_REJECTED
}
