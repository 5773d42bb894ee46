package io.databroker.storeops.http;

import java.util.Map;
import java.util.Optional;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;


/**
 * The operations API's answers for job status and refused requests (400 bad parameters; ops-core answers 409 for a running job), for the
 * writers' {@code /ops/} controllers. Registered as a bean by each service's ops configuration (store-ops is not
 * component-scanned); Spring MVC is the service's, hence an optional dependency here.
 */
@RestControllerAdvice(basePackages = {"io.databroker.hot.ops", "io.databroker.cold.ops", "io.databroker.enrich.ops"})
public class OpsResponses {

    /** 200 with the last job's status, 404 when none ran yet. */
    public static <T> ResponseEntity<T> status(Optional<T> status) {
        return status.map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound().build());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(e.getMessage())));
    }
}
