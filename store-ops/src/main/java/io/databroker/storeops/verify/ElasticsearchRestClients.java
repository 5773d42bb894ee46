package io.databroker.storeops.verify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;

/**
 * A low-level Elasticsearch client for services that only read the hot store (cold-writer's verify): hosts, then an
 * API key or basic credentials sent as a default header. TLS trust is the JVM's.
 */
public final class ElasticsearchRestClients {

    private ElasticsearchRestClients() {
    }

    public static RestClient open(List<URI> hosts, String username, String password, String apiKey) {
        HttpHost[] httpHosts = hosts.stream().map(h -> new HttpHost(h.getHost(), h.getPort(), h.getScheme()))
                .toArray(HttpHost[]::new);
        String authorization = null;
        if (apiKey != null && !apiKey.isBlank()) {
            authorization = "ApiKey " + apiKey.trim();
        } else if (username != null && !username.isBlank()) {
            String pair = username + ":" + (password == null ? "" : password);
            authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        var builder = RestClient.builder(httpHosts);
        if (authorization != null) {
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", authorization)});
        }
        return builder.build();
    }
}
