package io.databroker.ingest.core;

/**
 * The source answered, but with something we cannot read: malformed or truncated XML/JSON, an HTML error page sent
 * with status 200, the wrong content type, a body over the size cap. The poll fails, the cursor stays where it
 * was and a later poll retries; the service itself never stops on bad input.
 */
public class MalformedSourceDataException extends RuntimeException {

    public MalformedSourceDataException(String message) {
        super(message);
    }

    public MalformedSourceDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
