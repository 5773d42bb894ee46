package io.databroker.ingest.dns.dns;

/** Bytes that are not a parseable wire-format DNS message. */
public class MalformedDnsMessageException extends RuntimeException {

    public MalformedDnsMessageException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedDnsMessageException(String message) {
        super(message);
    }
}
