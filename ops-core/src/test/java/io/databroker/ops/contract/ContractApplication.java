package io.databroker.ops.contract;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.databroker.ops.JobRunner;
import io.databroker.ops.JobStatus;
import io.databroker.ops.OpsRequestException;

/**
 * A minimal service with every path of the Operations API contract, including those ops-B builds in enrich-service
 * and the writers (replay, rehydrate, verify), so that ops-core's rule table is tested against the whole contract.
 * Jobs run until stopped. {@code /ops/config} is ops-core's own.
 */
@SpringBootApplication
public class ContractApplication {

    @RestController
    static class ContractEndpoints {

        private final JobRunner jobs;

        ContractEndpoints(JobRunner jobs) {
            this.jobs = jobs;
        }

        @PostMapping("/ops/{kind:backfill|replay|rehydrate}")
        ResponseEntity<JobStatus> start(@PathVariable String kind, @RequestBody Map<String, Object> parameters) {
            return ResponseEntity.accepted().body(jobs.start(kind, parameters, context -> new CountDownLatch(1).await()));
        }

        @GetMapping("/ops/{kind:backfill|replay|rehydrate}")
        JobStatus status(@PathVariable String kind) {
            return jobs.status(kind).orElseThrow(() -> OpsRequestException.notFound("no " + kind + " job has run"));
        }

        @DeleteMapping("/ops/{kind:backfill|replay|rehydrate}")
        JobStatus stop(@PathVariable String kind) throws InterruptedException {
            return jobs.stop(kind).orElseThrow(() -> OpsRequestException.notFound("no " + kind + " job has run"));
        }

        /** Disagrees when asked about the source {@code drifted}, to test callers' handling of 409. */
        @GetMapping("/ops/verify")
        ResponseEntity<Map<String, Object>> verify(@RequestParam(defaultValue = "") String sources) {
            boolean agree = !sources.contains("drifted");
            return ResponseEntity.status(agree ? HttpStatus.OK : HttpStatus.CONFLICT).body(Map.of("agree", agree));
        }
    }
}
