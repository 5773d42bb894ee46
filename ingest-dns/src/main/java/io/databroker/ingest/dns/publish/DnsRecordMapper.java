package io.databroker.ingest.dns.publish;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import tools.jackson.databind.ObjectWriter;

import io.databroker.ingest.dns.dns.DnsMessage;
import io.databroker.ingest.dns.dns.ResourceRecord;
import io.databroker.ingest.dns.dnstap.DnstapMessage;
import io.databroker.ingest.dns.pairing.DnsExchange;
import io.databroker.ingest.dns.privacy.ClientAddressAnonymizer;
import io.databroker.ingest.dns.dns.IpAddressText;
import io.databroker.shared.envelope.CloudEvent;
import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;

/**
 * Turns an exchange into its {@code dns_data} record. The id is ARCHITECTURE §4's
 * {@code dns:<sha256 of identity, query time, client address/port, message id, qname, qtype>}, computed over the
 * client address <em>as published</em> (after the privacy setting): so the id is stable for a given setting and can
 * never be used to recover more of the address than the record shows. The query time is the response time when
 * the query time is unknown (a response logged alone by a sender that does not copy the query time into it).
 */
public final class DnsRecordMapper {

    private static final ObjectWriter WRITER = Json.mapper().writerFor(DnsDataRecord.class);

    private final ClientAddressAnonymizer anonymizer;

    public DnsRecordMapper(ClientAddressAnonymizer anonymizer) {
        this.anonymizer = anonymizer;
    }

    public DnsRecord map(DnsExchange exchange) {
        DnsDataRecord data = toData(exchange);
        CloudEvent event = new CloudEvent(data.id(), source(data.identity()), Source.DNS.eventType(), eventTime(exchange));
        return new DnsRecord(data.qname(), WRITER.writeValueAsBytes(data), event);
    }

    /** The query time when known, else the response time (one of them always is: the decoder guarantees a message). */
    private static Instant eventTime(DnsExchange exchange) {
        DnstapMessage query = exchange.query();
        DnstapMessage response = exchange.response();
        Instant queryTime = firstNonNull(query == null ? null : query.queryTime(), response == null ? null : response.queryTime());
        return queryTime != null ? queryTime
                : firstNonNull(response == null ? null : response.responseTime(), query == null ? null : query.responseTime());
    }

    DnsDataRecord toData(DnsExchange exchange) {
        DnstapMessage query = exchange.query();
        DnstapMessage response = exchange.response();
        DnstapMessage primary = exchange.primary();
        DnstapMessage sockets = query != null ? query : response;
        DnsMessage queryDns = firstNonNull(query == null ? null : query.query(), response == null ? null : response.query());
        DnsMessage responseDns = firstNonNull(response == null ? null : response.response(), query == null ? null : query.response());
        DnsMessage dns = responseDns != null ? responseDns : queryDns;

        Instant queryTime = firstNonNull(query == null ? null : query.queryTime(), response == null ? null : response.queryTime());
        Instant responseTime = firstNonNull(response == null ? null : response.responseTime(), query == null ? null : query.responseTime());
        String clientAddress = anonymizer.address(sockets.queryAddress());
        Integer clientPort = sockets.queryPort();
        String queryTimeText = queryTime == null ? null : queryTime.toString();
        String responseTimeText = responseTime == null ? null : responseTime.toString();
        String idTime = queryTimeText != null ? queryTimeText : responseTimeText;
        String identity = firstNonNull(query == null ? null : query.identity(), response == null ? null : response.identity());
        String id = DocumentIds.dns(identity, idTime, clientAddress, clientPort == null ? 0 : clientPort,
                dns.id(), dns.qname(), dns.qtype());

        DnsMessage subnetSource = queryDns != null && queryDns.clientSubnet() != null ? queryDns : dns;
        return new DnsDataRecord(
                id,
                identity,
                firstNonNull(query == null ? null : query.version(), response == null ? null : response.version()),
                primary.type().name(),
                sockets.socketFamily(),
                sockets.socketProtocol(),
                clientAddress,
                clientPort,
                sockets.responseAddress() == null ? null : IpAddressText.of(sockets.responseAddress()),
                sockets.responsePort(),
                queryTimeText,
                responseTimeText,
                latencyMillis(queryTime, responseTime),
                dns.id(),
                dns.qname(),
                dns.qtype(),
                dns.qclass(),
                responseDns == null ? null : responseDns.rcode(),
                dns.flags(),
                responseDns == null ? List.<ResourceRecord>of() : responseDns.answers(),
                responseDns == null ? List.<ResourceRecord>of() : responseDns.authorities(),
                anonymizer.subnet(subnetSource.clientSubnet()));
    }

    /** Null unless both times are known and in order (clocks of separate events can disagree). */
    private static Double latencyMillis(Instant queryTime, Instant responseTime) {
        if (queryTime == null || responseTime == null || responseTime.isBefore(queryTime)) {
            return null;
        }
        return Duration.between(queryTime, responseTime).toNanos() / 1_000_000.0;
    }

    /** CloudEvents {@code source}: this collector, qualified by the resolver's dnstap identity when it sends one. */
    private static String source(String identity) {
        return identity == null ? "/ingest-dns" : "/ingest-dns/" + URLEncoder.encode(identity, StandardCharsets.UTF_8);
    }

    private static <T> T firstNonNull(T a, T b) {
        return a != null ? a : b;
    }
}
