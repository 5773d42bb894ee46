package io.databroker.storeops.verify;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The JSON body of {@code GET /ops/verify} (and the CLI's output): lower-case names, days as {@code YYYY-MM-DD}. */
public final class VerifyReportJson {

    private VerifyReportJson() {
    }

    public static ObjectNode of(VerifyReport report) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode();
        root.put("agree", report.agree());
        root.put("checkedAt", report.checkedAt().toString());
        var sources = root.putArray("sources");
        for (VerifyReport.SourceReport source : report.sources()) {
            ObjectNode s = sources.addObject();
            s.put("source", source.source().id());
            s.put("agree", source.agree());
            ObjectNode drift = s.putObject("missing");
            source.missingPerStore().forEach((store, count) -> drift.put(store.tag(), count));
            var days = s.putArray("days");
            for (VerifyReport.DayReport day : source.days()) {
                ObjectNode d = days.addObject();
                d.put("day", day.day().toString());
                d.put("agree", day.agree());
                ObjectNode counts = d.putObject("counts");
                day.counts().forEach((store, count) -> counts.put(store.tag(), count));
                ObjectNode missing = d.putObject("missing");
                day.missing().forEach((store, count) -> missing.put(store.tag(), count));
                ObjectNode samples = d.putObject("sampleMissingIds");
                for (Map.Entry<Store, List<String>> entry : day.samples().entrySet()) {
                    var ids = samples.putArray(entry.getKey().tag());
                    entry.getValue().forEach(ids::add);
                }
            }
        }
        return root;
    }
}
