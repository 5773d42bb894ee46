package io.databroker.ingest.dns.publish;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.databroker.ingest.dns.dns.ResourceRecord;

/**
 * The value of a {@code dns_data} record, field for field as schemas/dns_data.schema.json publishes it. Absent
 * values are written as JSON null, lists as {@code []}, so every record has the same shape.
 */
@JsonPropertyOrder({"id", "identity", "version", "message_type", "socket_family", "socket_protocol", "query_address",
        "query_port", "response_address", "response_port", "query_time", "response_time", "latency_ms",
        "message_id", "qname", "qtype", "qclass", "rcode", "flags", "answers", "authorities", "edns_client_subnet"})
public record DnsDataRecord(
        @JsonProperty("id") String id,
        @JsonProperty("identity") String identity,
        @JsonProperty("version") String version,
        @JsonProperty("message_type") String messageType,
        @JsonProperty("socket_family") String socketFamily,
        @JsonProperty("socket_protocol") String socketProtocol,
        @JsonProperty("query_address") String queryAddress,
        @JsonProperty("query_port") Integer queryPort,
        @JsonProperty("response_address") String responseAddress,
        @JsonProperty("response_port") Integer responsePort,
        @JsonProperty("query_time") String queryTime,
        @JsonProperty("response_time") String responseTime,
        @JsonProperty("latency_ms") Double latencyMs,
        @JsonProperty("message_id") Integer messageId,
        @JsonProperty("qname") String qname,
        @JsonProperty("qtype") String qtype,
        @JsonProperty("qclass") String qclass,
        @JsonProperty("rcode") String rcode,
        @JsonProperty("flags") List<String> flags,
        @JsonProperty("answers") List<ResourceRecord> answers,
        @JsonProperty("authorities") List<ResourceRecord> authorities,
        @JsonProperty("edns_client_subnet") String ednsClientSubnet) {
}
