package io.databroker.hot.connect;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;

/**
 * The HTTP connection to Elasticsearch: the low-level {@link RestClient} (templates, ILM: plain JSON bodies) and the
 * typed {@link ElasticsearchClient} on top of it (bulk, cluster health), with Jackson 3 for JSON. elasticsearch-java
 * 8.19 has no Rest5Client transport, so this is the Apache HttpAsyncClient 4 based RestClient.
 */
public final class ElasticsearchConnection implements AutoCloseable {

    private final RestClient restClient;
    private final ElasticsearchClient client;

    private ElasticsearchConnection(RestClient restClient) {
        this.restClient = restClient;
        this.client = new ElasticsearchClient(new RestClientTransport(restClient, new Jackson3JsonpMapper()));
    }

    /**
     * Connects to {@code hosts} (requests are spread over them; a path in the first one is used as path prefix for
     * all). An API key wins over username/password; blank values mean "not set". Secrets go into request headers and
     * the credentials provider only. HTTPS uses the JVM's trust store ({@code javax.net.ssl.trustStore}).
     */
    public static ElasticsearchConnection open(List<URI> hosts, String username, String password, String apiKey) {
        if (hosts == null || hosts.isEmpty()) {
            throw new IllegalStateException("no Elasticsearch host given (broker.hot.hosts / ELASTICSEARCH_HOSTS)");
        }
        RestClientBuilder builder = RestClient.builder(hosts.stream().map(ElasticsearchConnection::httpHost)
                .toArray(HttpHost[]::new));
        String path = hosts.get(0).getPath();
        if (path != null && !path.isBlank() && !path.equals("/")) {
            // Elasticsearch behind a reverse proxy under a path, e.g. https://gateway:443/elasticsearch
            builder.setPathPrefix(path);
        }
        if (isSet(apiKey)) {
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "ApiKey " + apiKey.trim())});
        } else if (isSet(username)) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(username, password == null ? "" : password));
            builder.setHttpClientConfigCallback(http -> http.setDefaultCredentialsProvider(credentials));
        }
        return new ElasticsearchConnection(builder.build());
    }

    public RestClient restClient() {
        return restClient;
    }

    public ElasticsearchClient client() {
        return client;
    }

    @Override
    public void close() throws IOException {
        restClient.close();
    }

    private static HttpHost httpHost(URI uri) {
        if (uri.getHost() == null || uri.getScheme() == null) {
            throw new IllegalStateException("Elasticsearch host '" + uri + "' must look like http(s)://host:port "
                    + "(broker.hot.hosts / ELASTICSEARCH_HOSTS)");
        }
        return new HttpHost(uri.getHost(), uri.getPort(), uri.getScheme());
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
