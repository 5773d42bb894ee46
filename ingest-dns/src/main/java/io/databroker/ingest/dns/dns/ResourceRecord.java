package io.databroker.ingest.dns.dns;

/**
 * One resource record of an answer or authority section, as published: owner name normalised like qname,
 * type mnemonic ({@code A}, {@code MX}, {@code TYPE65534}), TTL in seconds, RDATA in presentation format
 * (RFC 1035 §5.1, as dnsjava renders it: names inside RDATA keep their trailing dot).
 */
public record ResourceRecord(String name, String type, long ttl, String data) {
}
