package io.databroker.ingest.dns.dns;

/** A well-formed DNS message without a question: nothing to key a {@code dns_data} record by. */
public class MissingQuestionException extends MalformedDnsMessageException {

    public MissingQuestionException() {
        super("DNS message has no question");
    }
}
