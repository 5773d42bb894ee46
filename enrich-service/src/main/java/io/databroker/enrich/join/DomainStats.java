package io.databroker.enrich.join;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.databroker.enrich.normalize.Timestamps;
import io.databroker.shared.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the domain-intelligence join knows about one registrable domain, aggregated from {@code dns_data}: one DNS
 * record is a {@code DomainStats} with a count of 1, and {@link #merge} folds them into the table's value.
 *
 * @param name       registrable domain ({@code example.co.uk})
 * @param firstSeen  earliest event time of a query for a name under it
 * @param lastSeen   latest event time of such a query
 * @param resolvesTo A/AAAA answers of the latest response that had any ({@code []} when none seen)
 * @param resolvedAt event time of that response (null when none)
 * @param queryCount how many DNS records were aggregated
 */
public record DomainStats(String name, Instant firstSeen, Instant lastSeen, List<String> resolvesTo, Instant resolvedAt,
                          long queryCount) {

    /** A/AAAA answers kept per domain: enough to show where it points without growing with every CDN rotation. */
    public static final int MAX_ADDRESSES = 16;

    public DomainStats {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        resolvesTo = List.copyOf(resolvesTo.size() > MAX_ADDRESSES ? resolvesTo.subList(0, MAX_ADDRESSES) : resolvesTo);
    }

    /** One observation: a DNS record at {@code eventTime} for a name under {@code domain}. */
    public static DomainStats observed(String domain, Instant eventTime, List<String> addresses) {
        return new DomainStats(domain, eventTime, eventTime, addresses, addresses.isEmpty() ? null : eventTime, 1);
    }

    /** Min/max/sum for times and counts (order-independent); the answers of the latest response that had any. */
    public DomainStats merge(DomainStats other) {
        boolean otherAnswersNewer = other.resolvedAt != null && (resolvedAt == null || !other.resolvedAt.isBefore(resolvedAt));
        return new DomainStats(name,
                firstSeen.isBefore(other.firstSeen) ? firstSeen : other.firstSeen,
                lastSeen.isAfter(other.lastSeen) ? lastSeen : other.lastSeen,
                otherAnswersNewer ? other.resolvesTo : resolvesTo,
                otherAnswersNewer ? other.resolvedAt : resolvedAt,
                queryCount + other.queryCount);
    }

    public byte[] toJson() {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("name", name);
        node.put("first_seen", Timestamps.format(firstSeen));
        node.put("last_seen", Timestamps.format(lastSeen));
        ArrayNode addresses = node.putArray("resolves_to");
        resolvesTo.forEach(addresses::add);
        node.put("resolved_at", Timestamps.format(resolvedAt));
        node.put("query_count", queryCount);
        return Json.mapper().writeValueAsBytes(node);
    }

    public static DomainStats fromJson(byte[] json) {
        JsonNode node = Json.mapper().readTree(json);
        List<String> addresses = new ArrayList<>();
        node.path("resolves_to").forEach(a -> addresses.add(a.asString()));
        String resolvedAt = JsonFields.text(node, "resolved_at");
        return new DomainStats(node.get("name").asString(), Timestamps.parseInstant(node.get("first_seen").asString()),
                Timestamps.parseInstant(node.get("last_seen").asString()), addresses,
                resolvedAt == null ? null : Timestamps.parseInstant(resolvedAt), node.path("query_count").asLong());
    }
}
