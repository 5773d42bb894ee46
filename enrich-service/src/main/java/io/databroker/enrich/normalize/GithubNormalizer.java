package io.databroker.enrich.normalize;

import static io.databroker.enrich.normalize.RawFields.integer;
import static io.databroker.enrich.normalize.RawFields.text;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.databroker.enrich.validate.ValidatedRecord;
import io.databroker.shared.envelope.CloudEvent;
import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * github_events record (Events API or GH Archive, verbatim) → canonical GitHub document (docs/documents.md,
 * "github"): the payload kept as GitHub sent it, plus the fields people search on and the event's human text.
 */
public final class GithubNormalizer implements DocumentNormalizer {

    /** documents.md: {@code text} holds at most 32 KiB (a push of 20 commits with long messages stays searchable). */
    static final int MAX_TEXT_BYTES = 32 * 1024;
    /** Events are immutable: a second record with the same id is a redelivery or a poll overlap. */
    static final String IMMUTABLE = "immutable";

    /**
     * Hosts of GitHub's machine links (REST API resources, avatars, upload templates) that every payload is full
     * of; they say nothing about what the event mentions, so they are not entities.
     */
    private static final Set<String> MACHINE_HOSTS = Set.of("api.github.com", "uploads.github.com",
            "avatars.githubusercontent.com", "avatars0.githubusercontent.com", "avatars1.githubusercontent.com",
            "avatars2.githubusercontent.com", "avatars3.githubusercontent.com");

    @Override
    public NormalizedDocument normalize(ValidatedRecord record, Instant enrichedAt) {
        ObjectNode raw = record.body();
        String eventId = text(raw, "id");
        String id = DocumentIds.github(eventId);
        Instant eventTime = Timestamps.requirePlausible("created_at",
                Timestamps.parse("created_at", text(raw, "created_at")), enrichedAt);
        Instant ingestedAt = Optional.ofNullable(Timestamps.parse("ingested_at", text(raw, "ingested_at")))
                .orElse(record.recordTime());
        JsonNode payload = raw.get("payload");
        JsonNode pr = payload == null ? null : payload.get("pull_request");
        JsonNode issue = payload == null ? null : payload.get("issue");
        JsonNode release = payload == null ? null : payload.get("release");

        Long number = integer(payload, "number");
        if (number == null) {
            number = integer(pr, "number") != null ? integer(pr, "number") : integer(issue, "number");
        }
        String title = PlainText.collapse(firstNonNull(text(pr, "title"), text(issue, "title"), text(release, "name")));
        String repoName = RawFields.emptyToNull(text(raw.get("repo"), "name"));

        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("id", id);
        doc.put("source", Source.GITHUB.id());
        doc.put("event_time", Timestamps.format(eventTime));
        doc.put("event_date", Timestamps.utcDate(eventTime));
        doc.put("ingested_at", Timestamps.format(ingestedAt));
        doc.put("enriched_at", Timestamps.format(enrichedAt));
        doc.put("event_id", eventId);
        doc.put("type", text(raw, "type"));
        doc.put("actor_login", RawFields.emptyToNull(text(raw.get("actor"), "login")));
        doc.put("actor_id", integer(raw.get("actor"), "id"));
        doc.put("repo_name", repoName);
        doc.put("repo_id", integer(raw.get("repo"), "id"));
        doc.put("org_login", RawFields.emptyToNull(text(raw.get("org"), "login")));
        doc.put("public", RawFields.bool(raw, "public"));
        doc.put("action", RawFields.emptyToNull(text(payload, "action")));
        doc.put("ref", RawFields.emptyToNull(text(payload, "ref")));
        doc.put("ref_type", RawFields.emptyToNull(text(payload, "ref_type")));
        doc.put("number", number);
        doc.put("title", title);
        String text = PlainText.truncateUtf8(humanText(payload, pr, issue, release), MAX_TEXT_BYTES);
        doc.put("text", text);
        doc.set("payload", payload == null ? Json.mapper().createObjectNode() : payload);
        EntityFields.addPlaceholders(doc, true);

        CloudEvent envelope = record.envelope().orElseGet(() -> new CloudEvent(id, "https://github.com/" + repoName,
                Source.GITHUB.eventType(), eventTime));
        List<String> payloadUrls = new ArrayList<>();
        collectUrls(payload, payloadUrls);
        return new NormalizedDocument(id, doc, envelope, IMMUTABLE,
                new EntitySources(text == null ? List.of() : List.of(text), payloadUrls, List.of()));
    }

    /**
     * The words a person wrote: PR/issue title and body, comment and review bodies, commit messages, release name and
     * body, wiki page titles; collapsed to one line. Null for events without any (Watch, Fork…).
     */
    private static String humanText(JsonNode payload, JsonNode pr, JsonNode issue, JsonNode release) {
        if (payload == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        parts.add(text(pr, "title"));
        parts.add(text(pr, "body"));
        parts.add(text(issue, "title"));
        parts.add(text(issue, "body"));
        parts.add(text(payload.get("comment"), "body"));
        parts.add(text(payload.get("review"), "body"));
        JsonNode commits = payload.get("commits");
        if (commits != null && commits.isArray()) {
            commits.forEach(commit -> parts.add(text(commit, "message")));
        }
        parts.add(text(release, "name"));
        parts.add(text(release, "body"));
        JsonNode pages = payload.get("pages");
        if (pages != null && pages.isArray()) {
            pages.forEach(page -> parts.add(text(page, "title")));
        }
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                joined.append(joined.isEmpty() ? "" : " ").append(part);
            }
        }
        return PlainText.collapse(joined.toString());
    }

    /** Every http(s) string value in the payload, except GitHub's machine links. */
    private static void collectUrls(JsonNode node, List<String> out) {
        if (node == null) {
            return;
        }
        if (node.isString()) {
            String value = node.asString();
            if ((value.startsWith("https://") || value.startsWith("http://")) && !isMachineLink(value)) {
                out.add(value);
            }
        } else if (node.isContainer()) {
            node.forEach(child -> collectUrls(child, out));
        }
    }

    private static boolean isMachineLink(String url) {
        int start = url.indexOf("://") + 3;
        int end = start;
        while (end < url.length() && "/?#:".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        return MACHINE_HOSTS.contains(url.substring(start, end).toLowerCase(Locale.ROOT));
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
