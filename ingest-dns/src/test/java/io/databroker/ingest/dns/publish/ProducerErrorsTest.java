package io.databroker.ingest.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which send errors make the publisher replace its producer, case by case. */
class ProducerErrorsTest {

    static Stream<Arguments> errors() {
        return Stream.of(
                // The producer instance is done for: only a new one (a new producer id) can publish.
                Arguments.of(new ProducerFencedException("fenced"), true),
                Arguments.of(new InvalidPidMappingException("no pid"), true),
                Arguments.of(new UnsupportedVersionException("old broker"), true),
                Arguments.of(new ClusterAuthorizationException("no IDEMPOTENT_WRITE"), true),
                Arguments.of(new TransactionAbortableException("abortable"), true),
                Arguments.of(new KafkaException("wrapped", new ProducerFencedException("fenced")), true),
                // One record failed; the producer goes on (the client bumps its epoch itself where needed).
                Arguments.of(new TimeoutException("delivery timeout"), false),
                Arguments.of(new OutOfOrderSequenceException("gap"), false),
                Arguments.of(new UnknownProducerIdException("lost state"), false),
                Arguments.of(new NotLeaderOrFollowerException("moving"), false),
                Arguments.of(new RecordTooLargeException("big"), false),
                Arguments.of(new KafkaException("Producer is closed forcefully."), false));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void needsNewProducerOnlyWhenTheInstanceCannotPublishAgain(Exception error, boolean expected) {
        assertThat(ProducerErrors.needsNewProducer(error)).as(error.toString()).isEqualTo(expected);
    }
}
