package io.databroker.ops;

/** A request the Operations API rejects (bad parameters, nothing to stop): answered 400 or 404 with the message. */
public final class OpsRequestException extends RuntimeException {

    private final int status;

    private OpsRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 400: the parameters are wrong; the message says which and why. */
    public static OpsRequestException badRequest(String message) {
        return new OpsRequestException(400, message);
    }

    /** 404: e.g. no job of that kind has run since the service started. */
    public static OpsRequestException notFound(String message) {
        return new OpsRequestException(404, message);
    }

    public int status() {
        return status;
    }
}
