package io.databroker.enrich.topology;

import static io.databroker.enrich.topology.EnrichTopologyFixture.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;

/** dnstap records become canonical DNS documents with registrable domain, entropy and first-seen flag. */
class DnsNormalizationTest {

    private final EnrichTopologyFixture fixture = new EnrichTopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void normalizesPairedResponse() {
        fixture.pipe(Source.DNS, "www.isc.org", fixture("dns/client-response-www-isc-org.json"));

        JsonNode doc = fixture.onlyDocument(Source.DNS);
        String id = DocumentIds.dns("resolver1.example.net", "2017-02-03T15:47:16.000Z", "10.53.0.1", 2112, 41337,
                "WWW.ISC.ORG.", "A");
        assertThat(doc).isEqualTo(Json.mapper().readTree("""
                {
                  "id": "%s",
                  "source": "dns",
                  "event_time": "2017-02-03T15:47:16Z",
                  "event_date": "2017-02-03",
                  "ingested_at": "2017-02-03T15:47:17Z",
                  "enriched_at": "2025-07-01T12:00:00Z",
                  "identity": "resolver1.example.net",
                  "version": "BIND 9.15.1",
                  "message_type": "CLIENT_RESPONSE",
                  "socket_family": "INET",
                  "socket_protocol": "UDP",
                  "query_address": "10.53.0.1",
                  "query_port": 2112,
                  "response_address": "10.53.0.2",
                  "response_port": 53,
                  "query_time": "2017-02-03T15:47:16Z",
                  "response_time": "2017-02-03T15:47:16.830Z",
                  "latency_ms": 830.0,
                  "message_id": 41337,
                  "qname": "www.isc.org",
                  "qtype": "A",
                  "qclass": "IN",
                  "rcode": "NOERROR",
                  "flags": ["qr", "rd", "ra"],
                  "answers": [
                    {"name": "www.isc.org.", "type": "CNAME", "ttl": 60, "data": "isc.map.fastlydns.net."},
                    {"name": "isc.map.fastlydns.net.", "type": "A", "ttl": 60, "data": "151.101.2.217"},
                    {"name": "isc.map.fastlydns.net.", "type": "A", "ttl": 60, "data": "151.101.66.217"}
                  ],
                  "authorities": [{"name": "fastlydns.net.", "type": "NS", "ttl": 3600, "data": "ns1.fastlydns.net."}],
                  "edns_client_subnet": null,
                  "registrable_domain": "isc.org",
                  "newly_observed": true,
                  "name_entropy": 0.0
                }""".formatted(id)));
    }

    @Test
    void headerlessQueryWithoutIdOrAuthoritiesGetsDerivedId() {
        fixture.pipe(Source.DNS, "reachms.corp.com", fixture("dns/client-query-reachms-corp-com.json"));

        JsonNode doc = fixture.onlyDocument(Source.DNS);
        assertThat(doc.get("id").asString()).isEqualTo(DocumentIds.dns(null, "2019-10-08T11:29:05+02:00", "127.0.0.1",
                40123, 7, "reachms.corp.com.", "A"));
        assertThat(doc.get("event_time").asString()).isEqualTo("2019-10-08T09:29:05Z");
        assertThat(doc.get("authorities")).isEmpty();
        assertThat(doc.get("answers")).isEmpty();
        assertThat(doc.get("rcode").isNull()).isTrue();
        assertThat(doc.get("latency_ms").isNull()).isTrue();
        assertThat(doc.get("registrable_domain").asString()).isEqualTo("corp.com");
        assertThat(doc.get("name_entropy").asDouble()).isGreaterThan(2.0);
        assertThat(doc.get("ingested_at").asString()).isEqualTo("2025-03-01T11:00:00Z");
    }

    @Test
    void reverseNamesHaveNoRegistrableDomainAndAreNeverNew() {
        fixture.pipe(Source.DNS, "1.2.0.192.in-addr.arpa", """
                {"message_type":"CLIENT_QUERY","query_time":"2025-02-01T00:00:00Z","qname":"1.2.0.192.in-addr.arpa.","qtype":"PTR"}""");

        JsonNode doc = fixture.onlyDocument(Source.DNS);
        assertThat(doc.get("registrable_domain").isNull()).isTrue();
        assertThat(doc.get("newly_observed").asBoolean()).isFalse();
        assertThat(fixture.domains.isEmpty()).isTrue();
    }
}
