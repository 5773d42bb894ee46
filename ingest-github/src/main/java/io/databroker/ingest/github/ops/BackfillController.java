package io.databroker.ingest.github.ops;

import java.util.LinkedHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.databroker.ingest.github.gharchive.GithubBackfill;
import io.databroker.ingest.github.gharchive.HourRange;
import io.databroker.ops.JobRunner;
import io.databroker.ops.JobStatus;
import io.databroker.ops.OpsRequestException;

/**
 * {@code /ops/backfill}: start ({@code {"fromHour":"2026-01-01T00","toHour":"2026-01-01T23"}}), status and stop of
 * a GH Archive backfill job (Operations API); resumes at start a backfill that a restart cut.
 */
@RestController
@RequestMapping("/ops/backfill")
public class BackfillController {

    private static final Logger log = LoggerFactory.getLogger(BackfillController.class);
    static final String KIND = "backfill";

    /** The request body. */
    public record BackfillRequest(String fromHour, String toHour) {
    }

    private final GithubBackfill backfill;
    private final JobRunner jobs;

    public BackfillController(GithubBackfill backfill, JobRunner jobs) {
        this.backfill = backfill;
        this.jobs = jobs;
    }

    @PostMapping
    public ResponseEntity<JobStatus> start(@RequestBody BackfillRequest request) {
        HourRange range;
        try {
            range = GithubBackfill.range(request.fromHour(), request.toHour());
        } catch (IllegalArgumentException e) {
            throw OpsRequestException.badRequest(e.getMessage());
        }
        return ResponseEntity.accepted().body(start(range));
    }

    @GetMapping
    public JobStatus status() {
        return jobs.statusOrNotFound(KIND);
    }

    @DeleteMapping
    public JobStatus stop() throws InterruptedException {
        return jobs.stopOrNotFound(KIND);
    }

    @EventListener(ApplicationReadyEvent.class)
    public void resumeInterrupted() {
        try {
            backfill.interrupted().ifPresent(range -> {
                log.info("resuming the GH Archive backfill of {} that a restart interrupted", range);
                start(range);
            });
        } catch (RuntimeException e) {
            log.warn("could not check for an interrupted GH Archive backfill: {}", e.getMessage());
        }
    }

    private JobStatus start(HourRange range) {
        return jobs.start(KIND, new LinkedHashMap<>(GithubBackfill.parameters(range)), context -> backfill.run(range, context));
    }
}
