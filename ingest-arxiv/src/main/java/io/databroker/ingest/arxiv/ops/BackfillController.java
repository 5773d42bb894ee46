package io.databroker.ingest.arxiv.ops;

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

import io.databroker.ingest.arxiv.oaipmh.ArxivBackfill;
import io.databroker.ops.JobRunner;
import io.databroker.ops.JobStatus;
import io.databroker.ops.OpsRequestException;

/**
 * {@code /ops/backfill}: start ({@code {"from":"2026-01-01","until":"2026-01-31"}}), status and stop of an arXiv
 * backfill job (Operations API); resumes at start a backfill that a restart cut.
 */
@RestController
@RequestMapping("/ops/backfill")
public class BackfillController {

    private static final Logger log = LoggerFactory.getLogger(BackfillController.class);
    static final String KIND = "backfill";

    /** The request body. */
    public record BackfillRequest(String from, String until) {
    }

    private final ArxivBackfill backfill;
    private final JobRunner jobs;

    public BackfillController(ArxivBackfill backfill, JobRunner jobs) {
        this.backfill = backfill;
        this.jobs = jobs;
    }

    @PostMapping
    public ResponseEntity<JobStatus> start(@RequestBody BackfillRequest request) {
        ArxivBackfill.Window window;
        try {
            window = ArxivBackfill.Window.parse(request.from(), request.until());
        } catch (IllegalArgumentException e) {
            throw OpsRequestException.badRequest(e.getMessage());
        }
        return ResponseEntity.accepted().body(start(window));
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
            backfill.interrupted().ifPresent(window -> {
                log.info("resuming the arXiv backfill of {}..{} that a restart interrupted", window.from(), window.until());
                start(window);
            });
        } catch (RuntimeException e) {
            log.warn("could not check for an interrupted arXiv backfill: {}", e.getMessage());
        }
    }

    private JobStatus start(ArxivBackfill.Window window) {
        return jobs.start(KIND, new LinkedHashMap<>(window.parameters()), context -> backfill.run(window, context));
    }
}
