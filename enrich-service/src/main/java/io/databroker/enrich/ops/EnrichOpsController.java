package io.databroker.enrich.ops;

import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.databroker.shared.ops.JobAlreadyRunningException;
import io.databroker.shared.ops.JobSlot;
import io.databroker.shared.ops.JobStatus;
import io.databroker.shared.ops.ReplayRequest;

/** enrich-service's operations endpoint (docs/operations.md): replay a raw-topic range through the enrichment. */
@RestController
@RequestMapping("/ops")
public class EnrichOpsController {

    private final EnrichReplay replay;
    private final JobSlot replays;

    EnrichOpsController(EnrichReplay replay, JobSlot enrichReplays) {
        this.replay = replay;
        this.replays = enrichReplays;
    }

    @PostMapping("/replay")
    ResponseEntity<JobStatus> replay(@RequestBody ReplayRequest request) {
        request.sourceValue();
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(replays.start(request.parameters(), job -> replay.run(job, request)));
    }

    @GetMapping("/replay")
    ResponseEntity<JobStatus> status() {
        return found(replays.status());
    }

    @DeleteMapping("/replay")
    ResponseEntity<JobStatus> stop() {
        return found(replays.stop());
    }

    @ExceptionHandler(JobAlreadyRunningException.class)
    ResponseEntity<JobStatus> running(JobAlreadyRunningException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(e.running());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(e.getMessage())));
    }

    private static ResponseEntity<JobStatus> found(Optional<JobStatus> status) {
        return status.map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound().build());
    }
}
