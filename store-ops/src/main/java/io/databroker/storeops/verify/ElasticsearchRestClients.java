package io.databroker.storeops.verify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;

/**
 * A low-level Elasticsearch client for services that only read the hot store (cold-writer's verify): hosts, then an
 * API key or basic credentials sent as a default header, and the TLS trust of {@link ElasticsearchTrust}.
 */
public final class ElasticsearchRestClients {

    private ElasticsearchRestClients() {
    }

    public static RestClient open(List<URI> hosts, String username, String password, String apiKey) {
        return open(hosts, username, password, apiKey, null);
    }

    /** @param trust the TLS trust for https hosts; null = the JVM's trust store */
    public static RestClient open(List<URI> hosts, String username, String password, String apiKey, SSLContext trust) {
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
        if (trust != null) {
            builder.setHttpClientConfigCallback(http -> http.setSSLContext(trust));
        }
        return builder.build();
    }
}
