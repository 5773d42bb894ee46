package io.databroker.hot.ops;

import java.util.Arrays;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.node.ObjectNode;

import io.databroker.ops.JobContext;
import io.databroker.ops.JobRunner;
import io.databroker.ops.JobStatus;
import io.databroker.shared.ops.Job;
import io.databroker.shared.ops.ReplayRequest;
import io.databroker.shared.topic.Source;
import io.databroker.storeops.http.OpsResponses;
import io.databroker.storeops.verify.StoreDriftGauges;
import io.databroker.storeops.verify.StoreVerifier;
import io.databroker.storeops.verify.VerifyReport;
import io.databroker.storeops.verify.VerifyReportJson;

/**
 * hot-writer's operations endpoints (docs/operations.md): rehydrate from Delta, replay an enriched-topic range,
 * verify the stores. Thin: validation of the request, then the plain-Java cores on a job thread.
 */
@RestController
@RequestMapping("/ops")
public class HotOpsController {

    static final String REHYDRATE = "rehydrate";
    static final String REPLAY = "replay";

    private final HotOps ops;
    private final JobRunner jobs;

    HotOpsController(HotOps ops, JobRunner jobs) {
        this.ops = ops;
        this.jobs = jobs;
    }

    /** ops-core's job context as the cores see it. */
    static Job progress(JobContext context) {
        return Job.of(units -> context.total(units), context::advance, context::stopRequested);
    }

    @PostMapping("/rehydrate")
    ResponseEntity<JobStatus> rehydrate(@RequestBody RehydrateRequest request) {
        int days = request.daysValue();
        List<Source> sources = request.sourcesValue(ops.sources());
        return accepted(jobs.start(REHYDRATE, request.parameters(),
                context -> ops.rehydration().run(progress(context), days, sources)));
    }

    @GetMapping("/rehydrate")
    ResponseEntity<JobStatus> rehydration() {
        return OpsResponses.status(jobs.status(REHYDRATE));
    }

    @DeleteMapping("/rehydrate")
    ResponseEntity<JobStatus> stopRehydration() throws InterruptedException {
        return OpsResponses.status(jobs.stop(REHYDRATE));
    }

    @PostMapping("/replay")
    ResponseEntity<JobStatus> replay(@RequestBody ReplayRequest request) {
        Source source = request.sourceValue();
        if (!ops.sources().contains(source)) {
            throw new IllegalArgumentException("this hot-writer does not index " + source.id() + " (broker.hot.sources)");
        }
        return accepted(jobs.start(REPLAY, request.parameters(),
                context -> ops.replay().run(progress(context), request)));
    }

    @GetMapping("/replay")
    ResponseEntity<JobStatus> replayStatus() {
        return OpsResponses.status(jobs.status(REPLAY));
    }

    @DeleteMapping("/replay")
    ResponseEntity<JobStatus> stopReplay() throws InterruptedException {
        return OpsResponses.status(jobs.stop(REPLAY));
    }

    /** Synchronous: 200 when the stores agree, 409 when they differ (the body says where). */
    @GetMapping("/verify")
    ResponseEntity<ObjectNode> verify(@RequestParam(required = false) String sources,
                                      @RequestParam(defaultValue = "10") int days) {
        if (days < 1 || days > RehydrateRequest.MAX_DAYS) {
            throw new IllegalArgumentException("'days' must be between 1 and " + RehydrateRequest.MAX_DAYS);
        }
        List<Source> chosen = sources == null || sources.isBlank() ? ops.sources()
                : Arrays.stream(sources.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Source::ofId)
                        .distinct().toList();
        StoreVerifier verifier = ops.verifier();
        VerifyReport report = verifier.verify(chosen, days);
        StoreDriftGauges gauges = ops.driftGauges();
        gauges.record(report);
        return ResponseEntity.status(report.agree() ? HttpStatus.OK : HttpStatus.CONFLICT)
                .body(VerifyReportJson.of(report));
    }

    private static ResponseEntity<JobStatus> accepted(JobStatus status) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(status);
    }
}
