package io.databroker.ingest.dns.dnstap;

/**
 * dnstap {@code Message.Type}: which end of which arrow of the resolution diagram a message was seen at. Queries
 * have odd codes and their responses the next even code, which is what pairing relies on.
 */
public enum MessageType {
    AUTH_QUERY(1), AUTH_RESPONSE(2),
    RESOLVER_QUERY(3), RESOLVER_RESPONSE(4),
    CLIENT_QUERY(5), CLIENT_RESPONSE(6),
    FORWARDER_QUERY(7), FORWARDER_RESPONSE(8),
    STUB_QUERY(9), STUB_RESPONSE(10),
    TOOL_QUERY(11), TOOL_RESPONSE(12),
    UPDATE_QUERY(13), UPDATE_RESPONSE(14);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isQuery() {
        return code % 2 == 1;
    }

    /** Same for a query type and its response type (CLIENT_QUERY and CLIENT_RESPONSE share one). */
    public int exchange() {
        return (code + 1) / 2;
    }
}
