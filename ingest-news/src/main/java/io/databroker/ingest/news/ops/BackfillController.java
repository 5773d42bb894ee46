package io.databroker.ingest.news.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

import io.databroker.ingest.news.poll.NewsBackfill;
import io.databroker.ops.JobRunner;
import io.databroker.ops.JobStatus;
import io.databroker.ops.OpsRequestException;

/**
 * {@code /ops/backfill}: start ({@code {"feeds":["https://…"]}}, empty or absent = every configured feed), status and
 * stop of a news re-poll job (Operations API); resumes at start a backfill that a restart cut.
 */
@RestController
@RequestMapping("/ops/backfill")
public class BackfillController {

    private static final Logger log = LoggerFactory.getLogger(BackfillController.class);
    static final String KIND = "backfill";

    /** The request body. */
    public record BackfillRequest(List<String> feeds) {
    }

    private final NewsBackfill backfill;
    private final JobRunner jobs;

    public BackfillController(NewsBackfill backfill, JobRunner jobs) {
        this.backfill = backfill;
        this.jobs = jobs;
    }

    @PostMapping
    public ResponseEntity<JobStatus> start(@RequestBody(required = false) BackfillRequest request) {
        List<String> feeds;
        try {
            feeds = backfill.feeds(request == null ? List.of() : request.feeds());
        } catch (IllegalArgumentException e) {
            throw OpsRequestException.badRequest(e.getMessage());
        }
        return ResponseEntity.accepted().body(start(feeds));
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
            backfill.interrupted().ifPresent(stored -> {
                List<String> feeds = backfill.feeds(stored); // refused when the configuration lost one of its feeds
                log.info("resuming the news backfill of {} feeds that a restart interrupted", feeds.size());
                start(feeds);
            });
        } catch (RuntimeException e) {
            log.warn("could not check for an interrupted news backfill: {}", e.getMessage());
        }
    }

    private JobStatus start(List<String> feeds) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("feeds", feeds);
        return jobs.start(KIND, parameters, context -> backfill.run(feeds, context));
    }
}
