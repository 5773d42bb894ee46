package io.databroker.hot.ops;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.delta.kernel.Snapshot;
import tools.jackson.databind.node.ObjectNode;

import io.databroker.hot.bulk.IndexAction;
import io.databroker.hot.index.DailyIndexRouter;
import io.databroker.hot.index.HotWindow;
import io.databroker.hot.index.IndexTarget;
import io.databroker.shared.json.Json;
import io.databroker.shared.ops.Job;
import io.databroker.shared.topic.Source;
import io.databroker.storeops.delta.DeltaDocuments;
import io.databroker.storeops.delta.RowDocuments;

/**
 * Rebuilds the hot store from the cold store: for each source and UTC day, the Delta rows of that
 * {@code event_date} partition become canonical documents again ({@link RowDocuments}) and are bulk-written under
 * their own ids into their own daily index ({@link DailyIndexRouter}, so the index templates apply as for live
 * writes).
 *
 * <p>Safe beside live writes because every document is sent as {@code create}: an id already in Elasticsearch is left
 * alone (a 409, counted as present). The live path is never older than the cold store's copy (both follow the same
 * enriched topic, and a changed news item's later version is a later record), so what the live writer put there
 * wins, and what it has not written yet it will write over ours. A second run creates nothing. When the cold store
 * holds several versions of one id (news updates), the newest file is read first and, within a file, the last row
 * wins: the first {@code create} of an id is its latest version.
 */
public final class Rehydration {

    private static final Logger log = LoggerFactory.getLogger(Rehydration.class);

    private final DeltaDocuments delta;
    private final DailyIndexRouter router;
    private final HotWindow window;
    private final Function<Job, OpsDocumentWriter> writers;
    private final Clock clock;

    /** @param writers a fresh {@code create}-mode writer for a job */
    Rehydration(DeltaDocuments delta, DailyIndexRouter router, HotWindow window,
                Function<Job, OpsDocumentWriter> writers, Clock clock) {
        this.delta = delta;
        this.router = router;
        this.window = window;
        this.writers = writers;
        this.clock = clock;
    }

    /** Runs to the end (or until the job is stopped); returns what happened per source. */
    public Map<Source, OpsDocumentWriter.Result> run(Job job, int days, List<Source> sources) {
        List<LocalDate> window = days(days);
        Map<Source, List<DeltaDocuments.DataFile>> plan = new LinkedHashMap<>();
        Map<Source, Snapshot> snapshots = new LinkedHashMap<>();
        long total = 0;
        for (Source source : sources) {
            Snapshot snapshot = delta.snapshot(source).orElse(null);
            if (snapshot == null) {
                log.warn("rehydrate: no Delta table for {} at {}", source.id(), delta.tablePath(source));
                continue;
            }
            List<DeltaDocuments.DataFile> files = delta.files(snapshot, window, DeltaDocuments.fullSchema(snapshot));
            snapshots.put(source, snapshot);
            plan.put(source, files);
            for (DeltaDocuments.DataFile file : files) {
                total += file.numRecords() == null ? 0 : file.numRecords();
            }
        }
        job.total(total);
        Map<Source, OpsDocumentWriter.Result> results = new LinkedHashMap<>();
        plan.forEach((source, files) -> {
            if (job.stopRequested()) {
                return;
            }
            OpsDocumentWriter writer = writers.apply(job);
            RowDocuments rows = RowDocuments.of(source);
            for (DeltaDocuments.DataFile file : files) {
                if (job.stopRequested()) {
                    break;
                }
                // Last row of an id within the file wins; files come newest first (see the class comment).
                Map<String, ObjectNode> latest = new LinkedHashMap<>();
                delta.read(file, batch -> rows.forEach(batch, document -> {
                    String id = document.path("id").asString();
                    latest.remove(id);
                    latest.put(id, document);
                }));
                long duplicates = file.numRecords() == null ? 0 : file.numRecords() - latest.size();
                job.advance(Math.max(duplicates, 0));
                latest.values().forEach(document -> writer.submit(action(source, document)));
            }
            OpsDocumentWriter.Result result = writer.finish();
            results.put(source, result);
            log.info("rehydrated {} from Delta version {} over {}: {} created, {} already present, {} rejected{}",
                    source.id(), snapshots.get(source).getVersion(), window, result.stored(), result.present(),
                    result.rejected(), result.lastRejection() == null ? "" : " (last: " + result.lastRejection() + ")");
        });
        return results;
    }

    private IndexAction action(Source source, ObjectNode document) {
        IndexTarget target = router.route(source, document);
        return new IndexAction(target.index(), target.id(), Json.mapper().writeValueAsBytes(document));
    }

    /** The last {@code days} UTC days, today included, that are still inside the hot window. */
    List<LocalDate> days(int days) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<LocalDate> result = new ArrayList<>();
        for (int i = days - 1; i >= 0; i--) {
            LocalDate day = today.minusDays(i);
            if (window.contains(day)) {
                result.add(day);
            }
        }
        return result;
    }
}
