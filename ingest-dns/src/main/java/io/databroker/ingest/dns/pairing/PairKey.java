package io.databroker.ingest.dns.pairing;

import java.net.InetAddress;

import io.databroker.ingest.dns.dns.DnsMessage;
import io.databroker.ingest.dns.dnstap.DnstapMessage;

/**
 * What a query and its response have in common: the sender, the arrow of the resolution diagram, both socket ends,
 * and the DNS message id and question (RFC 5452 §4.3: a resolver matches answers the same way). Times are not part
 * of it: senders such as unbound log a response without the query time.
 */
record PairKey(String identity, int exchange, InetAddress queryAddress, Integer queryPort,
               InetAddress responseAddress, Integer responsePort, int messageId, String qname, String qtype) {

    static PairKey of(DnstapMessage message, DnsMessage dns) {
        return new PairKey(message.identity(), message.type().exchange(), message.queryAddress(), message.queryPort(),
                message.responseAddress(), message.responsePort(), dns.id(), dns.qname(), dns.qtype());
    }
}
