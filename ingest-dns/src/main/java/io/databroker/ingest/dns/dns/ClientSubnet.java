package io.databroker.ingest.dns.dns;

import java.net.InetAddress;

/** The EDNS Client Subnet option of a message (RFC 7871 §6): the client's network and its source prefix length. */
public record ClientSubnet(InetAddress address, int sourcePrefixLength) {
}
