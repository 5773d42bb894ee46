package io.databroker.ops.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every endpoint × every {@link Caller} against a real server and lists the answers that break the contract
 * (an empty list = the rules hold). Order: per endpoint, callers from weakest to strongest, so a job started by the
 * operator is running (409) when the admin calls.
 */
public final class AuthTable {

    private AuthTable() {
    }

    public static List<String> violations(String baseUrl, List<OpsEndpoint> endpoints, OpsTestCredentials credentials)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        List<String> violations = new ArrayList<>();
        for (OpsEndpoint endpoint : endpoints) {
            for (Caller caller : Caller.values()) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + endpoint.path()))
                        .method(endpoint.method(), endpoint.body() == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(endpoint.body()))
                        .header("Content-Type", "application/json");
                int status = client.send(caller.authenticate(request, credentials).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                int denial = caller.expectedDenial(endpoint);
                boolean ok = denial == 0 ? status != 401 && status != 403 && status < 500 : status == denial;
                if (!ok) {
                    violations.add(endpoint + " as " + caller + ": got " + status + ", expected "
                            + (denial == 0 ? "to pass (not 401/403/5xx)" : String.valueOf(denial)));
                }
            }
        }
        return violations;
    }
}
