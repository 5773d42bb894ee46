package io.databroker.enrich.normalize;

import static io.databroker.enrich.normalize.RawFields.integer;
import static io.databroker.enrich.normalize.RawFields.strings;
import static io.databroker.enrich.normalize.RawFields.text;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import io.databroker.enrich.validate.ImpossibleValueException;
import io.databroker.enrich.validate.ValidatedRecord;
import io.databroker.shared.envelope.CloudEvent;
import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * dns_data record (a dnstap message, query and response paired when ingest-dns could) → canonical DNS document
 * (docs/documents.md, "dns"): the query name lower-cased without its trailing dot, UTC instants, latency computed
 * when both times are known. The domain fields are placeholders here and filled by the enrich step.
 */
public final class DnsNormalizer implements DocumentNormalizer {

    public static final String REGISTRABLE_DOMAIN = "registrable_domain";
    public static final String NEWLY_OBSERVED = "newly_observed";
    public static final String NAME_ENTROPY = "name_entropy";
    /** Queries and responses are immutable: a second record with the same id is a redelivery. */
    static final String IMMUTABLE = "immutable";

    @Override
    public NormalizedDocument normalize(ValidatedRecord record, Instant enrichedAt) {
        ObjectNode raw = record.body();
        String qname = qname(text(raw, "qname"));
        String qtype = text(raw, "qtype").strip().toUpperCase(Locale.ROOT);
        Instant queryTime = Timestamps.parse("query_time", text(raw, "query_time"));
        Instant responseTime = Timestamps.parse("response_time", text(raw, "response_time"));
        if (queryTime == null && responseTime == null) {
            // The schema's anyOf lets {"query_time": null} through: present, but no time at all.
            throw new ImpossibleValueException("neither query_time nor response_time holds a time");
        }
        Instant eventTime = Timestamps.requirePlausible("event time", queryTime != null ? queryTime : responseTime, enrichedAt);
        Instant ingestedAt = Optional.ofNullable(Timestamps.parse("ingested_at", text(raw, "ingested_at")))
                .orElse(record.recordTime());
        String id = id(raw);
        Double latency = raw.hasNonNull("latency_ms") ? Double.valueOf(raw.get("latency_ms").asDouble())
                : queryTime != null && responseTime != null
                ? Double.valueOf(Duration.between(queryTime, responseTime).toNanos() / 1e6) : null;

        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("id", id);
        doc.put("source", Source.DNS.id());
        doc.put("event_time", Timestamps.format(eventTime));
        doc.put("event_date", Timestamps.utcDate(eventTime));
        doc.put("ingested_at", Timestamps.format(ingestedAt));
        doc.put("enriched_at", Timestamps.format(enrichedAt));
        doc.put("identity", RawFields.emptyToNull(text(raw, "identity")));
        doc.put("version", RawFields.emptyToNull(text(raw, "version")));
        doc.put("message_type", text(raw, "message_type"));
        doc.put("socket_family", text(raw, "socket_family"));
        doc.put("socket_protocol", text(raw, "socket_protocol"));
        doc.put("query_address", RawFields.emptyToNull(text(raw, "query_address")));
        doc.put("query_port", integer(raw, "query_port"));
        doc.put("response_address", RawFields.emptyToNull(text(raw, "response_address")));
        doc.put("response_port", integer(raw, "response_port"));
        doc.put("query_time", Timestamps.format(queryTime));
        doc.put("response_time", Timestamps.format(responseTime));
        doc.put("latency_ms", latency);
        doc.put("message_id", integer(raw, "message_id"));
        doc.put("qname", qname);
        doc.put("qtype", qtype);
        doc.put("qclass", RawFields.emptyToNull(text(raw, "qclass")));
        doc.put("rcode", RawFields.emptyToNull(text(raw, "rcode")));
        RawFields.addAll(doc.putArray("flags"), strings(raw, "flags").stream()
                .filter(f -> f != null && !f.isBlank()).map(f -> f.strip().toLowerCase(Locale.ROOT)).distinct().toList());
        copyRecords(raw.get("answers"), doc.putArray("answers"));
        copyRecords(raw.get("authorities"), doc.putArray("authorities"));
        doc.put("edns_client_subnet", RawFields.emptyToNull(text(raw, "edns_client_subnet")));
        doc.putNull(REGISTRABLE_DOMAIN);
        doc.put(NEWLY_OBSERVED, false);
        doc.put(NAME_ENTROPY, 0.0);

        CloudEvent envelope = record.envelope().orElseGet(() -> new CloudEvent(id,
                "dnstap:" + Optional.ofNullable(RawFields.emptyToNull(text(raw, "identity"))).orElse("unknown"),
                Source.DNS.eventType(), eventTime));
        return new NormalizedDocument(id, doc, envelope, IMMUTABLE, EntitySources.NONE);
    }

    /** {@code WWW.Example.COM.} → {@code www.example.com}; the root stays {@code .}. */
    static String qname(String raw) {
        String name = raw.strip().toLowerCase(Locale.ROOT);
        if (name.equals(".")) {
            return name;
        }
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (name.isEmpty()) {
            throw new ImpossibleValueException("qname is blank");
        }
        return name;
    }

    /** The body's id, else the one ingest-dns would have given it (ARCHITECTURE §4), from the raw values. */
    private static String id(ObjectNode raw) {
        String id = text(raw, "id");
        if (id != null) {
            return id;
        }
        String time = text(raw, "query_time") != null ? text(raw, "query_time") : text(raw, "response_time");
        Long port = integer(raw, "query_port");
        Long messageId = integer(raw, "message_id");
        return DocumentIds.dns(text(raw, "identity"), time, text(raw, "query_address"), port == null ? 0 : port.intValue(),
                messageId == null ? 0 : messageId.intValue(), text(raw, "qname"), text(raw, "qtype"));
    }

    /** Resource records with exactly the documented fields: name, type, ttl, data. */
    private static void copyRecords(JsonNode records, ArrayNode out) {
        if (records == null || !records.isArray()) {
            return;
        }
        for (JsonNode rr : records) {
            ObjectNode copy = out.addObject();
            copy.put("name", text(rr, "name"));
            copy.put("type", text(rr, "type"));
            copy.put("ttl", integer(rr, "ttl"));
            copy.put("data", text(rr, "data"));
        }
    }
}
