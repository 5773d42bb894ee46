package io.databroker.ingest.dns.dnstap;

/** A valid dnstap frame that carries no {@code Message} (a payload type from a later dnstap version). */
public class UnsupportedDnstapPayloadException extends MalformedDnstapException {

    public UnsupportedDnstapPayloadException(String message) {
        super(message);
    }
}
