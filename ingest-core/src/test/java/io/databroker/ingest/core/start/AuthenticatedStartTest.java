package io.databroker.ingest.core.start;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;

import io.databroker.testsupport.Await;

class AuthenticatedStartTest {

    @Test
    void aRejectedStartIsRetriedInTheBackgroundUntilItSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        try (AuthenticatedStart start = AuthenticatedStart.run("test", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("wrapped", new SaslAuthenticationException("invalid credentials"));
            }
        })) {
            assertThat(attempts).hasValue(1);
            Await.until(Duration.ofSeconds(60), "the retry to succeed", () -> !start.pending());
            assertThat(attempts).hasValue(2);
        }
    }

    @Test
    void otherFailuresFailTheStartAndASuccessIsNotPending() {
        assertThatThrownBy(() -> AuthenticatedStart.run("test", () -> {
            throw new IllegalStateException("not authentication");
        })).hasMessage("not authentication");
        try (AuthenticatedStart start = AuthenticatedStart.run("test", () -> { })) {
            assertThat(start.pending()).isFalse();
        }
    }
}
