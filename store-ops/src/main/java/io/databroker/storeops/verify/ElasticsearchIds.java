package io.databroker.storeops.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Collection;

import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.databroker.shared.json.Json;

/**
 * Reads the ids of the hot store per {@code event_date}: a search over the source's daily indices
 * ({@code <alias>-*}, so a deleted index simply holds nothing), sorted by {@code event_date} and {@code id} and paged
 * with {@code search_after}. {@code _id} is the document id (DailyIndexRouter), so the hits' {@code _id}s are read.
 */
public final class ElasticsearchIds {

    private static final int PAGE = 5_000;

    private final RestClient client;

    public ElasticsearchIds(RestClient client) {
        this.client = client;
    }

    /** Adds the ids of {@code days} found in {@code indexPattern} (e.g. {@code news_recent-*}) to {@code ids}. */
    public void read(String indexPattern, Collection<LocalDate> days, DayIds ids) {
        LocalDate first = days.stream().min(LocalDate::compareTo).orElseThrow();
        LocalDate last = days.stream().max(LocalDate::compareTo).orElseThrow();
        JsonNode after = null;
        while (true) {
            ObjectNode body = Json.mapper().createObjectNode();
            body.put("size", PAGE);
            body.put("track_total_hits", false);
            body.putArray("_source").add("event_date");
            ObjectNode range = body.putObject("query").putObject("range").putObject("event_date");
            range.put("gte", first.toString()).put("lte", last.toString()).put("format", "yyyy-MM-dd");
            ArrayNode sort = body.putArray("sort");
            sort.addObject().put("event_date", "asc");
            sort.addObject().put("id", "asc");
            if (after != null) {
                body.set("search_after", after);
            }
            JsonNode hits = search(indexPattern, body).path("hits").path("hits");
            for (JsonNode hit : hits) {
                LocalDate day = LocalDate.parse(hit.path("_source").path("event_date").asString().substring(0, 10));
                if (days.contains(day)) {
                    ids.add(day, hit.path("_id").asString());
                }
                after = hit.path("sort");
            }
            if (hits.size() < PAGE) {
                return;
            }
        }
    }

    private JsonNode search(String indexPattern, ObjectNode body) {
        Request request = new Request("POST", "/" + indexPattern + "/_search");
        request.addParameter("ignore_unavailable", "true");
        request.addParameter("allow_no_indices", "true");
        request.setJsonEntity(Json.mapper().writeValueAsString(body));
        try {
            Response response = client.performRequest(request);
            return Json.mapper().readTree(EntityUtils.toByteArray(response.getEntity()));
        } catch (IOException e) {
            throw new UncheckedIOException("searching " + indexPattern + " failed", e);
        }
    }
}
