package io.databroker.ingest.core;

/**
 * The source answered well-formed content that reports an error of its own protocol (an OAI-PMH {@code <error>}
 * in a 200 response, a JSON error object). Sources handle the codes they understand; the rest fail the poll.
 */
public class SourceErrorException extends RuntimeException {

    private final String code;

    public SourceErrorException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The source's own error code, e.g. {@code badArgument}. */
    public String code() {
        return code;
    }
}
