package io.databroker.hot.connect;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransportBase;
import co.elastic.clients.transport.rest_client.RestClientHttpClient;
import io.databroker.hot.config.HotWriterProperties;
import io.databroker.storeops.verify.ElasticsearchTrust;

/**
 * The HTTP connection to Elasticsearch: the low-level {@link RestClient} (templates, ILM: plain JSON bodies) and the
 * typed {@link ElasticsearchClient} on top of it (bulk, cluster health), with Jackson 3 for JSON. elasticsearch-java
 * 8.19 has no Rest5Client transport, so this is the Apache HttpAsyncClient 4 based RestClient, under the transport
 * {@code RestClientTransport} would make, with request bodies joined into a few large buffers
 * ({@link CoalescingHttpClient}).
 */
public final class ElasticsearchConnection implements AutoCloseable {

    private final RestClient restClient;
    private final ElasticsearchClient client;

    private ElasticsearchConnection(RestClient restClient) {
        this.restClient = restClient;
        this.client = new ElasticsearchClient(new Transport(restClient, new Jackson3JsonpMapper()));
    }

    /** Connects as configured: hosts, credentials and TLS trust of {@code broker.hot.*}. */
    public static ElasticsearchConnection open(HotWriterProperties.Hot settings) {
        return open(settings.hosts(), settings.username(), settings.password(), settings.apiKey(), sslContext(settings.ssl()));
    }

    /** As {@link #open(List, String, String, String, SSLContext)} with the JVM's default trust store. */
    public static ElasticsearchConnection open(List<URI> hosts, String username, String password, String apiKey) {
        return open(hosts, username, password, apiKey, null);
    }

    /**
     * Connects to {@code hosts} (requests are spread over them; a path in the first one is used as path prefix for
     * all). An API key wins over username/password; blank values mean "not set". Secrets go into request headers and
     * the credentials provider only.
     *
     * @param ssl trust for {@code https://} hosts; null = the JVM's trust store ({@code javax.net.ssl.trustStore})
     */
    public static ElasticsearchConnection open(List<URI> hosts, String username, String password, String apiKey,
                                               SSLContext ssl) {
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
        BasicCredentialsProvider credentials = null;
        if (isSet(apiKey)) {
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "ApiKey " + apiKey.trim())});
        } else if (isSet(username)) {
            credentials = new BasicCredentialsProvider();
            credentials.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(username, password == null ? "" : password));
        }
        BasicCredentialsProvider basicAuth = credentials;
        builder.setHttpClientConfigCallback(http -> {
            if (basicAuth != null) {
                http.setDefaultCredentialsProvider(basicAuth);
            }
            if (ssl != null) {
                http.setSSLContext(ssl);
            }
            return http;
        });
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

    /** The configured trust, or null for the JVM's default trust store. */
    static SSLContext sslContext(HotWriterProperties.Ssl ssl) {
        return ssl == null ? null : ElasticsearchTrust.configured(ssl.certificateAuthorities(), ssl.caFingerprint());
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /** {@code RestClientTransport} with the body of every request handed to the RestClient in a few large buffers. */
    private static final class Transport extends ElasticsearchTransportBase {

        Transport(RestClient restClient, JsonpMapper mapper) {
            super(new CoalescingHttpClient(new RestClientHttpClient(restClient)), null, mapper);
        }
    }
}
