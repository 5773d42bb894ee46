package io.databroker.enrich.join;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.databroker.enrich.normalize.Timestamps;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

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
        return JoinJson.write(json -> {
            json.writeStringProperty("name", name);
            json.writeStringProperty("first_seen", Timestamps.format(firstSeen));
            json.writeStringProperty("last_seen", Timestamps.format(lastSeen));
            json.writeArrayPropertyStart("resolves_to");
            resolvesTo.forEach(json::writeString);
            json.writeEndArray();
            json.writeStringProperty("resolved_at", Timestamps.format(resolvedAt));
            json.writeNumberProperty("query_count", queryCount);
        });
    }

    public static DomainStats fromJson(byte[] bytes) {
        String name = null;
        String firstSeen = null;
        String lastSeen = null;
        String resolvedAt = null;
        List<String> addresses = new ArrayList<>();
        long queryCount = 0;
        try (JsonParser json = JoinJson.objectParser(bytes)) {
            while (JoinJson.nextProperty(json)) {
                switch (json.currentName()) {
                    case "name" -> name = JoinJson.text(json);
                    case "first_seen" -> firstSeen = JoinJson.text(json);
                    case "last_seen" -> lastSeen = JoinJson.text(json);
                    case "resolved_at" -> resolvedAt = JoinJson.text(json);
                    case "query_count" -> queryCount = json.getValueAsLong(0);
                    case "resolves_to" -> {
                        if (json.currentToken() == JsonToken.START_ARRAY) {
                            while (json.nextToken() != JsonToken.END_ARRAY) {
                                addresses.add(json.getValueAsString());
                            }
                        }
                    }
                    default -> json.skipChildren();
                }
            }
        }
        return new DomainStats(name, Timestamps.parseInstant(firstSeen), Timestamps.parseInstant(lastSeen), addresses,
                resolvedAt == null ? null : Timestamps.parseInstant(resolvedAt), queryCount);
    }
}
