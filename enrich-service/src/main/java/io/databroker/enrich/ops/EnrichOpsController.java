package io.databroker.enrich.ops;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.databroker.ops.JobRunner;
import io.databroker.ops.JobStatus;
import io.databroker.ops.OpsRequestException;
import io.databroker.shared.ops.Job;
import io.databroker.shared.ops.ReplayRequest;

/** enrich-service's operations endpoint (docs/operations.md): replay a raw-topic range through the enrichment. */
@RestController
@RequestMapping("/ops")
public class EnrichOpsController {

    private static final String REPLAY = "replay";

    private final EnrichReplay replay;
    private final JobRunner jobs;

    EnrichOpsController(EnrichReplay replay, JobRunner jobs) {
        this.replay = replay;
        this.jobs = jobs;
    }

    @PostMapping("/replay")
    ResponseEntity<JobStatus> replay(@RequestBody ReplayRequest request) {
        try {
            request.sourceValue();
        } catch (IllegalArgumentException e) {
            throw OpsRequestException.badRequest(e.getMessage());
        }
        Map<String, Object> parameters = request.parameters();
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(jobs.start(REPLAY, parameters, context -> replay.run(
                Job.of(units -> context.total(units), context::advance, context::stopRequested), request)));
    }

    @GetMapping("/replay")
    ResponseEntity<JobStatus> status() {
        return jobs.status(REPLAY).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound().build());
    }

    @DeleteMapping("/replay")
    ResponseEntity<JobStatus> stop() throws InterruptedException {
        return jobs.stop(REPLAY).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound().build());
    }
}
