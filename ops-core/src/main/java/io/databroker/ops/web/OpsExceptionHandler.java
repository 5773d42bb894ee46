package io.databroker.ops.web;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.databroker.ops.JobConflictException;
import io.databroker.ops.JobStatus;
import io.databroker.ops.OpsRequestException;

/** The JSON answers for the Operations API's own exceptions; other exceptions keep Spring's handling. */
@RestControllerAdvice
public class OpsExceptionHandler {

    /** 409 with the running job's status, so the caller sees what blocks it. */
    @ExceptionHandler(JobConflictException.class)
    ResponseEntity<JobStatus> conflict(JobConflictException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(e.running());
    }

    @ExceptionHandler(OpsRequestException.class)
    ResponseEntity<Map<String, String>> rejected(OpsRequestException e) {
        return ResponseEntity.status(e.status()).body(Map.of("error", e.getMessage()));
    }
}
