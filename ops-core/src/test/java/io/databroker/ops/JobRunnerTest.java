package io.databroker.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.testsupport.Await;

class JobRunnerTest {

    private final JobRunner runner = new JobRunner(Clock.systemUTC());

    @AfterEach
    void close() {
        runner.close();
    }

    @Test
    void refusesASecondJobOfTheSameKindWithTheRunningJobsStatus() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        JobStatus first = runner.start("backfill", Map.of("from", "2026-01-01"), context -> release.await());

        assertThatThrownBy(() -> runner.start("backfill", Map.of(), context -> { }))
                .isInstanceOfSatisfying(JobConflictException.class, e -> assertThat(e.running().id()).isEqualTo(first.id()));
        JobStatus otherKind = runner.start("replay", Map.of(), context -> { });
        assertThat(otherKind.kind()).isEqualTo("replay");

        release.countDown();
        Await.until(Duration.ofSeconds(10), "backfill ends", () -> !runner.status("backfill").orElseThrow().running());
        assertThat(runner.status("backfill").orElseThrow().state()).isEqualTo(JobStatus.State.SUCCEEDED);
        assertThat(runner.start("backfill", Map.of(), context -> { }).id()).isNotEqualTo(first.id());
    }

    @Test
    void reportsProgressRateAndEta() throws InterruptedException {
        CountDownLatch advanced = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        runner.start("backfill", Map.of(), context -> {
            context.resumeAt(10);
            context.total(1_000L);
            TimeUnit.MILLISECONDS.sleep(20); // the rate needs elapsed time; not an assertion on time
            context.advance(90);
            advanced.countDown();
            release.await();
        });
        advanced.await();

        JobStatus status = runner.status("backfill").orElseThrow();
        assertThat(status.done()).isEqualTo(100);
        assertThat(status.total()).isEqualTo(1_000L);
        assertThat(status.ratePerSecond()).isPositive();
        assertThat(status.etaSeconds()).isNotNull().isPositive();
        assertThat(status.finishedAt()).isNull();
        release.countDown();
    }

    @Test
    void stopInterruptsTheJobAndMarksItStoppedByTheOperator() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        boolean[] sawStopRequest = new boolean[1];
        runner.start("backfill", Map.of(), context -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } finally {
                sawStopRequest[0] = context.stopRequested();
            }
        });
        started.await();

        JobStatus stopped = runner.stop("backfill").orElseThrow();

        assertThat(stopped.state()).isEqualTo(JobStatus.State.STOPPED);
        assertThat(stopped.finishedAt()).isNotNull();
        assertThat(sawStopRequest[0]).isTrue();
    }

    @Test
    void aFailingJobReportsItsError() {
        runner.start("backfill", Map.of(), context -> {
            throw new IllegalStateException("source answered 500");
        });
        Await.until(Duration.ofSeconds(10), "job ends", () -> !runner.status("backfill").orElseThrow().running());

        JobStatus failed = runner.status("backfill").orElseThrow();
        assertThat(failed.state()).isEqualTo(JobStatus.State.FAILED);
        assertThat(failed.error()).isEqualTo("IllegalStateException: source answered 500");
    }

    @Test
    void noStatusBeforeAJobOfThatKindRan() throws InterruptedException {
        assertThat(runner.status("replay")).isEmpty();
        assertThat(runner.stop("replay")).isEmpty();
    }
}
