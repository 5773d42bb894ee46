package io.databroker.cold.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.delta.kernel.exceptions.KernelEngineException;
import io.delta.kernel.exceptions.MaxCommitRetryLimitReachedException;
import io.delta.kernel.exceptions.UnknownConfigurationException;
import io.delta.kernel.exceptions.UnsupportedTableFeatureException;

import io.databroker.cold.delta.ConflictingOffsetsException;
import io.databroker.cold.delta.TableSchemaMismatchException;

class StoreFailureTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new ConflictingOffsetsException("t", "news_enriched", 0, 1L, 2L), StoreFailure.CONFLICT),
                Arguments.of(new UncheckedIOException(new IOException("connection reset")), StoreFailure.UNAVAILABLE),
                Arguments.of(new KernelEngineException("reading the log", new IOException("timeout")), StoreFailure.UNAVAILABLE),
                Arguments.of(new MaxCommitRetryLimitReachedException(3, 0, new IOException("x")), StoreFailure.UNAVAILABLE),
                Arguments.of(new RuntimeException("wrapped", new FileNotFoundException("gone")), StoreFailure.UNAVAILABLE),
                Arguments.of(new DeadLetterNotStoredException(new IllegalStateException("broker down")), StoreFailure.UNAVAILABLE),
                Arguments.of(new TableSchemaMismatchException("other schema"), StoreFailure.NEEDS_OPERATOR),
                Arguments.of(new UnsupportedTableFeatureException(null, Set.of("variantType"), "unsupported"),
                        StoreFailure.NEEDS_OPERATOR),
                Arguments.of(new UnknownConfigurationException("delta.autoOptimize.optimizeWrite"), StoreFailure.NEEDS_OPERATOR),
                Arguments.of(new NullPointerException(), StoreFailure.BUG),
                Arguments.of(new IllegalStateException("bad state"), StoreFailure.BUG));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void classifiesFailure(RuntimeException failure, StoreFailure expected) {
        assertThat(StoreFailure.of(failure)).isEqualTo(expected);
    }
}
