package io.databroker.storeops.http;

import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.databroker.shared.ops.JobAlreadyRunningException;
import io.databroker.shared.ops.JobStatus;

/**
 * The operations API's answers for job status and refused requests (400 bad parameters, 409 a job runs), for the
 * writers' {@code /ops/} controllers. Registered as a bean by each service's ops configuration (store-ops is not
 * component-scanned); Spring MVC is the service's, hence an optional dependency here.
 */
@RestControllerAdvice(basePackages = {"io.databroker.hot.ops", "io.databroker.cold.ops"})
public class OpsResponses {

    /** 200 with the last job's status, 404 when none ran yet. */
    public static ResponseEntity<JobStatus> status(Optional<JobStatus> status) {
        return status.map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound().build());
    }

    @ExceptionHandler(JobAlreadyRunningException.class)
    ResponseEntity<JobStatus> running(JobAlreadyRunningException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(e.running());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(e.getMessage())));
    }
}
