package io.databroker.hot.bulk;

import java.io.IOException;
import java.util.Set;

import javax.net.ssl.SSLException;

import org.elasticsearch.client.ResponseException;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;

/**
 * The one place that decides whether an Elasticsearch failure is retried or dead-letters a document. Only a
 * per-document 4xx that says "this document" (400 mapping/parsing errors, 409, 413) rejects; anything about the
 * cluster or the connection is retried, so a broken cluster can never drain the topic into the dead-letter queue.
 */
public final class ElasticsearchErrorClassifier {

    /** Item statuses that are about the cluster or our credentials, not about the document. */
    private static final Set<Integer> OPERATOR_STATUSES = Set.of(401, 403, 404);

    /** Classifies the status of one failed item of a bulk response. */
    public ErrorClass classifyItem(int status) {
        if (isTransient(status)) {
            return ErrorClass.RETRIABLE;
        }
        if (status >= 400 && status < 500 && !OPERATOR_STATUSES.contains(status)) {
            return ErrorClass.DOCUMENT_REJECTED;
        }
        return ErrorClass.NEEDS_OPERATOR;
    }

    /**
     * Classifies a failure of a whole request (no per-document answer). It is never the fault of one document, so
     * it is retried: quietly when transient, loudly when it needs an operator. The cause chain is walked because
     * the client wraps transport errors.
     */
    public ErrorClass classifyRequest(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Integer status = statusOf(t);
            if (status != null) {
                return isTransient(status) ? ErrorClass.RETRIABLE : ErrorClass.NEEDS_OPERATOR;
            }
            if (t instanceof SSLException) {
                return ErrorClass.NEEDS_OPERATOR;
            }
            if (t instanceof IOException) {
                return ErrorClass.RETRIABLE;
            }
        }
        return ErrorClass.NEEDS_OPERATOR;
    }

    /** The HTTP status anywhere in a request failure's cause chain, or null when there was no HTTP answer. */
    public static Integer requestStatus(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Integer status = statusOf(t);
            if (status != null) {
                return status;
            }
        }
        return null;
    }

    private static boolean isTransient(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static Integer statusOf(Throwable t) {
        if (t instanceof ElasticsearchException e) {
            return e.status();
        }
        if (t instanceof TransportException e && e.statusCode() > 0) {
            return e.statusCode();
        }
        if (t instanceof ResponseException e) {
            return e.getResponse().getStatusLine().getStatusCode();
        }
        return null;
    }
}
