package io.databroker.hot.circuit;

/**
 * Elasticsearch cannot take writes right now (connection refused, 5xx, red cluster). Never about one document:
 * what failed is re-sent later, and the failure counts against the {@link HotStoreCircuit}.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
