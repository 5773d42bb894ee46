package io.databroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void returnsTheFirstAcceptedValue() {
        AtomicInteger polls = new AtomicInteger();

        int value = Await.untilValue(Duration.ofSeconds(5), "third poll", polls::incrementAndGet, n -> n >= 3);

        assertThat(value).isEqualTo(3);
    }

    @Test
    void failsNamingTheConditionAndTheLastValue() {
        assertThatThrownBy(() -> Await.untilValue(Duration.ofMillis(300), "the answer", () -> 41, n -> n == 42))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("waiting for the answer")
                .hasMessageContaining("last value was 41");
    }

    @Test
    void reportsTheLastExceptionAsCause() {
        IllegalStateException boom = new IllegalStateException("not ready");

        assertThatThrownBy(() -> Await.until(Duration.ofMillis(300), "readiness", () -> {
            throw boom;
        })).isInstanceOf(AssertionError.class)
                .hasMessageContaining("readiness")
                .hasCause(boom);
    }
}
