package io.databroker.cold.ops;

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

/** cold-writer's operations endpoints (docs/operations.md): replay an enriched-topic range, verify the stores. */
@RestController
@RequestMapping("/ops")
public class ColdOpsController {

    /** As far back as verify looks: the hot store's window. */
    static final int MAX_VERIFY_DAYS = 10;

    private final List<Source> sources;
    private final ColdReplay replay;
    private final StoreVerifier verifier;
    private final StoreDriftGauges gauges;
    private final JobRunner jobs;

    ColdOpsController(ColdOps ops, JobRunner jobs) {
        this.sources = ops.sources();
        this.replay = ops.replay();
        this.verifier = ops.verifier();
        this.gauges = ops.driftGauges();
        this.jobs = jobs;
    }

    @PostMapping("/replay")
    ResponseEntity<JobStatus> replay(@RequestBody ReplayRequest request) {
        Source source = request.sourceValue();
        if (!sources.contains(source)) {
            throw new IllegalArgumentException("this cold-writer does not write " + source.id() + " (broker.cold.sources)");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(jobs.start("replay", request.parameters(), context -> replay.run(
                        Job.of(units -> context.total(units), context::advance, context::stopRequested), request)));
    }

    @GetMapping("/replay")
    ResponseEntity<JobStatus> replayStatus() {
        return OpsResponses.status(jobs.status("replay"));
    }

    @DeleteMapping("/replay")
    ResponseEntity<JobStatus> stopReplay() throws InterruptedException {
        return OpsResponses.status(jobs.stop("replay"));
    }

    /** Synchronous: 200 when the stores agree, 409 when they differ. */
    @GetMapping("/verify")
    ResponseEntity<ObjectNode> verify(@RequestParam(required = false) String sources,
                                      @RequestParam(defaultValue = "10") int days) {
        if (days < 1 || days > MAX_VERIFY_DAYS) {
            throw new IllegalArgumentException("'days' must be between 1 and " + MAX_VERIFY_DAYS);
        }
        List<Source> chosen = sources == null || sources.isBlank() ? this.sources
                : Arrays.stream(sources.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Source::ofId)
                        .distinct().toList();
        VerifyReport report = verifier.verify(chosen, days);
        gauges.record(report);
        return ResponseEntity.status(report.agree() ? HttpStatus.OK : HttpStatus.CONFLICT)
                .body(VerifyReportJson.of(report));
    }
}
