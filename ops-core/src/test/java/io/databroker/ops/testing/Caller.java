package io.databroker.ops.testing;

import java.net.http.HttpRequest;

import io.databroker.ops.security.OpsRole;

/** Who calls, in the auth tables: nobody, a wrong password, or a user of each role. */
public enum Caller {
    NO_CREDENTIALS(null), WRONG_PASSWORD(null), VIEWER(OpsRole.VIEWER), OPERATOR(OpsRole.OPERATOR), ADMIN(OpsRole.ADMIN);

    private final OpsRole role;

    Caller(OpsRole role) {
        this.role = role;
    }

    /** Adds this caller's credentials (HTTP basic) to {@code request}. */
    public HttpRequest.Builder authenticate(HttpRequest.Builder request, OpsTestCredentials credentials) {
        return switch (this) {
            case NO_CREDENTIALS -> request;
            case WRONG_PASSWORD -> OpsTestCredentials.basic(request, credentials.user("admin").name(), "not-the-password");
            default -> {
                OpsTestCredentials.TestUser user = credentials.user(role.label());
                yield OpsTestCredentials.basic(request, user.name(), user.password());
            }
        };
    }

    /**
     * What the security layer must answer: 401 for no or wrong credentials, 403 for a too weak role, and otherwise
     * {@code 0} = let through (the endpoint's own answer, anything but 401 and 403).
     */
    public int expectedDenial(OpsEndpoint endpoint) {
        if (endpoint.needs() == null) {
            return 0;
        }
        if (role == null) {
            return 401;
        }
        return role.compareTo(endpoint.needs()) >= 0 ? 0 : 403;
    }
}
