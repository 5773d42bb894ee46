package io.databroker.hot.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.stream.Stream;

import javax.net.ssl.SSLHandshakeException;

import org.apache.http.ConnectionClosedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;

class ElasticsearchErrorClassifierTest {

    private final ElasticsearchErrorClassifier classifier = new ElasticsearchErrorClassifier();

    static Stream<Arguments> itemStatuses() {
        return Stream.of(
                Arguments.of(400, "mapper_parsing_exception / document_parsing_exception", ErrorClass.DOCUMENT_REJECTED),
                Arguments.of(409, "version_conflict_engine_exception", ErrorClass.DOCUMENT_REJECTED),
                Arguments.of(413, "document too large", ErrorClass.DOCUMENT_REJECTED),
                Arguments.of(408, "request timeout", ErrorClass.RETRIABLE),
                Arguments.of(429, "es_rejected_execution_exception / disk flood stage", ErrorClass.RETRIABLE),
                Arguments.of(500, "internal error", ErrorClass.RETRIABLE),
                Arguments.of(503, "unavailable_shards_exception", ErrorClass.RETRIABLE),
                Arguments.of(401, "security_exception: unauthenticated", ErrorClass.NEEDS_OPERATOR),
                Arguments.of(403, "security_exception: no index privilege", ErrorClass.NEEDS_OPERATOR),
                Arguments.of(404, "index_not_found_exception (auto-create disabled)", ErrorClass.NEEDS_OPERATOR),
                Arguments.of(200, "an error with a success status", ErrorClass.NEEDS_OPERATOR));
    }

    @ParameterizedTest(name = "item {0} ({1}) → {2}")
    @MethodSource("itemStatuses")
    void classifiesBulkItems(int status, String example, ErrorClass expected) {
        assertThat(classifier.classifyItem(status)).isEqualTo(expected);
    }

    static Stream<Arguments> requestFailures() {
        return Stream.of(
                Arguments.of("connection refused", new ConnectException("Connection refused"), ErrorClass.RETRIABLE),
                Arguments.of("socket timeout", new SocketTimeoutException("30,000 milliseconds timeout"), ErrorClass.RETRIABLE),
                Arguments.of("connection closed", new ConnectionClosedException("Connection closed"), ErrorClass.RETRIABLE),
                Arguments.of("unknown host (DNS hiccup)", new UnknownHostException("es-1"), ErrorClass.RETRIABLE),
                Arguments.of("wrapped connection refused", new RuntimeException(new IOException(new ConnectException())), ErrorClass.RETRIABLE),
                Arguments.of("TLS handshake", new SSLHandshakeException("PKIX path building failed"), ErrorClass.NEEDS_OPERATOR),
                Arguments.of("429 on the whole request", error(429), ErrorClass.RETRIABLE),
                Arguments.of("503 on the whole request", error(503), ErrorClass.RETRIABLE),
                Arguments.of("401 bad credentials", error(401), ErrorClass.NEEDS_OPERATOR),
                Arguments.of("403 missing privilege", error(403), ErrorClass.NEEDS_OPERATOR),
                Arguments.of("413 request too large", error(413), ErrorClass.NEEDS_OPERATOR),
                Arguments.of("400 on the whole request is never one document's fault", error(400), ErrorClass.NEEDS_OPERATOR),
                Arguments.of("unknown runtime failure", new IllegalStateException("?"), ErrorClass.NEEDS_OPERATOR));
    }

    @ParameterizedTest(name = "{0} → {2}")
    @MethodSource("requestFailures")
    void classifiesWholeRequestFailures(String description, Throwable failure, ErrorClass expected) {
        assertThat(classifier.classifyRequest(failure)).isEqualTo(expected);
    }

    private static ElasticsearchException error(int status) {
        return new ElasticsearchException("bulk", ErrorResponse.of(r -> r.status(status)
                .error(e -> e.type("some_exception").reason("status " + status))));
    }
}
