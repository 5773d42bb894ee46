package io.databroker.ops.testing;

import java.util.List;

import io.databroker.ops.security.OpsRole;

/**
 * One call of the Operations API contract and the weakest role that may make it (null = open to anyone).
 *
 * @param body JSON sent with POST, or null
 */
public record OpsEndpoint(String method, String path, String body, OpsRole needs) {

    public static OpsEndpoint open(String path) {
        return new OpsEndpoint("GET", path, null, null);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }

    /** Backfill on an ingest service (body = a valid start request of that service). */
    public static List<OpsEndpoint> backfill(String startBody) {
        return List.of(new OpsEndpoint("GET", "/ops/backfill", null, OpsRole.VIEWER),
                new OpsEndpoint("POST", "/ops/backfill", startBody, OpsRole.OPERATOR),
                new OpsEndpoint("DELETE", "/ops/backfill", null, OpsRole.OPERATOR));
    }

    /** What every service answers the same way: health and metrics open, config admin, unknown paths authenticated. */
    public static List<OpsEndpoint> common() {
        return List.of(open("/actuator/health"), open("/actuator/health/liveness"), open("/actuator/prometheus"),
                new OpsEndpoint("GET", "/ops/config", null, OpsRole.ADMIN),
                new OpsEndpoint("POST", "/ops/not-in-the-contract", "{}", OpsRole.ADMIN));
    }
}
