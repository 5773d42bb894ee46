package io.databroker.ingest.core.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import javax.xml.stream.XMLStreamException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import io.databroker.ingest.core.MalformedSourceDataException;
import io.databroker.ingest.core.SourceErrorException;
import io.databroker.ingest.core.http.ResponseTooLargeException;
import io.databroker.ingest.core.http.SourceHttpException;
import io.databroker.ingest.core.publish.PublishFailedException;

class PollFailuresTest {

    private static final URI URL = URI.create("http://127.0.0.1/oai");
    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (a, b) -> true);

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new MalformedSourceDataException("not XML"), PollResult.MALFORMED),
                Arguments.of(new ResponseTooLargeException("too big"), PollResult.MALFORMED),
                Arguments.of(new MalformedSourceDataException("parse failed", new XMLStreamException("x",
                        new ResponseTooLargeException("too big"))), PollResult.MALFORMED),
                Arguments.of(new SourceHttpException(URL, 503, NO_HEADERS, Duration.ofSeconds(5)), PollResult.THROTTLED),
                Arguments.of(new SourceHttpException(URL, 429, NO_HEADERS, null), PollResult.THROTTLED),
                Arguments.of(new SourceHttpException(URL, 404, NO_HEADERS, null), PollResult.HTTP_ERROR),
                Arguments.of(new SourceErrorException("badArgument", "illegal argument"), PollResult.SOURCE_ERROR),
                Arguments.of(new PublishFailedException("not committed", null), PollResult.PUBLISH_FAILED),
                Arguments.of(new EOFException("fixed content-length: 9000, bytes received: 100"), PollResult.IO_ERROR),
                Arguments.of(new HttpTimeoutException("request timed out"), PollResult.IO_ERROR),
                Arguments.of(new IOException("connection refused"), PollResult.IO_ERROR),
                Arguments.of(new NullPointerException(), PollResult.UNEXPECTED_ERROR));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void classifiesEachFailureOnce(Exception failure, PollResult expected) {
        assertThat(PollFailures.classify(failure)).isEqualTo(expected);
    }

    @Test
    void onlyHttpFailuresCarryTheServersRequestedWait() {
        assertThat(PollFailures.requestedWait(new SourceHttpException(URL, 503, NO_HEADERS, Duration.ofSeconds(7))))
                .contains(Duration.ofSeconds(7));
        assertThat(PollFailures.requestedWait(new SourceHttpException(URL, 500, NO_HEADERS, null))).isEmpty();
        assertThat(PollFailures.requestedWait(new IOException("reset"))).isEmpty();
    }
}
