package io.databroker.ingest.dns.dnstap;

import java.net.InetAddress;
import java.time.Instant;

import io.databroker.ingest.dns.dns.DnsMessage;

/**
 * One decoded dnstap {@code Message} event: its metadata and the DNS messages it carried, already decoded.
 *
 * @param identity        the sender's identity, or null when absent or empty
 * @param version         the sender's software version, or null
 * @param type            which end of which arrow it was seen at
 * @param socketFamily    {@code INET} / {@code INET6}, or null
 * @param socketProtocol  {@code UDP}, {@code TCP}, {@code DOT}, … or null
 * @param queryAddress    the initiator's address (for CLIENT_* the client), or null
 * @param queryPort       the initiator's port, or null
 * @param responseAddress the responder's address, or null
 * @param responsePort    the responder's port, or null
 * @param queryTime       when the query was sent/received, or null
 * @param responseTime    when the response was sent/received, or null
 * @param query           the decoded query message, or null
 * @param response        the decoded response message, or null
 */
public record DnstapMessage(String identity, String version, MessageType type, String socketFamily,
                            String socketProtocol, InetAddress queryAddress, Integer queryPort,
                            InetAddress responseAddress, Integer responsePort, Instant queryTime,
                            Instant responseTime, DnsMessage query, DnsMessage response) {

    /** The DNS message the record is about: the response when there is one (it holds the answers), else the query. */
    public DnsMessage primary() {
        return response != null ? response : query;
    }
}
