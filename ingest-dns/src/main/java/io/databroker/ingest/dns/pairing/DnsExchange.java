package io.databroker.ingest.dns.pairing;

import io.databroker.ingest.dns.dnstap.DnstapMessage;

/**
 * What becomes one {@code dns_data} record: a query and its response paired, or either one alone (the other was
 * not logged, not seen within the pairing timeout, or pairing is off).
 */
public record DnsExchange(DnstapMessage query, DnstapMessage response) {

    public DnsExchange {
        if (query == null && response == null) {
            throw new IllegalArgumentException("an exchange needs a query or a response");
        }
    }

    /** One message on its own, on the side its type says. */
    public static DnsExchange of(DnstapMessage message) {
        return message.type().isQuery() ? new DnsExchange(message, null) : new DnsExchange(null, message);
    }

    public PairingResult result() {
        if (query != null && response != null) {
            return PairingResult.PAIRED;
        }
        return query != null ? PairingResult.QUERY_ONLY : PairingResult.RESPONSE_ONLY;
    }

    /** The message the record's metadata (type, identity, sockets) comes from: the response when there is one. */
    public DnstapMessage primary() {
        return response != null ? response : query;
    }
}
