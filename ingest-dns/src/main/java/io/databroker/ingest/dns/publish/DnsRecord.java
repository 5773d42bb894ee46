package io.databroker.ingest.dns.publish;

import io.databroker.shared.envelope.CloudEvent;

/** One record ready for {@code dns_data}: key (qname), JSON value and CloudEvents envelope. */
public record DnsRecord(String key, byte[] value, CloudEvent cloudEvent) {
}
