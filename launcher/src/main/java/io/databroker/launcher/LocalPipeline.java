package io.databroker.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.FeedTemplate;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.KafkaBroker;
import io.databroker.testsupport.Pipeline;

/**
 * The README's first command: the whole pipeline on this machine, no Docker. A real KRaft broker and a real
 * Elasticsearch node (the integ-test distribution, which has no ILM, so retention is not enforced locally),
 * the seven services as child JVMs, Delta tables under {@code ./data/cold-store}. Ctrl-C stops everything.
 */
public final class LocalPipeline {

    private static final String VERSION = "0.1.0-SNAPSHOT";

    private final List<AutoCloseable> running = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args, Path.of(""));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        // The embedded servers log through slf4j-simple: warnings and errors only, into a file, not over the console.
        Files.createDirectories(options.dataDir().resolve("logs"));
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", options.dataDir().resolve("logs/servers.log").toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        LocalPipeline pipeline = new LocalPipeline();
        Runtime.getRuntime().addShutdownHook(new Thread(pipeline::stop, "local-pipeline-shutdown"));
        try {
            pipeline.start(options);
        } catch (RuntimeException e) {
            System.err.println("[data-broker] start failed: " + e.getMessage());
            System.exit(1);
        }
        new CountDownLatch(1).await();
    }

    void start(LauncherOptions options) throws IOException {
        Path data = options.dataDir();
        Files.createDirectories(data);
        say("data directory " + data);

        say("starting Kafka (KRaft) on 127.0.0.1:" + options.kafkaPort());
        KafkaBroker kafka = KafkaBroker.start(options.kafkaPort(), data.resolve("kafka"));
        running.add(kafka);

        say("starting Elasticsearch on 127.0.0.1:" + options.elasticsearchPort() + " (first start unpacks the distribution)");
        ElasticsearchNode elasticsearch = ElasticsearchNode.start(ElasticsearchNode.Options.defaults()
                .withHttpPort(options.elasticsearchPort()).withDataDir(data.resolve("elasticsearch")).withClusterName("data-broker-local"));
        running.add(elasticsearch);
        say("WARNING: this local Elasticsearch has no ILM: hot-writer runs with broker.hot.ilm.enabled=false, "
                + "so the 10-day retention (hot_store_policy) is not enforced here. Production clusters enforce it.");

        String feeds = String.join(",", options.feeds());
        if (feeds.isEmpty()) {
            // A fixed port: the feed URL is part of ingest-news' cursor key, so it must not change between runs.
            FixtureHttpServer demo = FixtureHttpServer.start(options.demoFeedPort());
            demo.respond("/demo/news.xml", FixtureHttpServer.Response.ok("application/rss+xml; charset=utf-8", demoFeed()));
            running.add(demo);
            feeds = demo.url("/demo/news.xml");
            say("serving the bundled demo feed at " + feeds + " (use --feeds URL,... for real feeds)");
        }

        Path coldStore = data.resolve("cold-store");
        Pipeline services = Pipeline.start(new Pipeline.Settings(options.buildRoot(), VERSION, kafka.bootstrapServers(),
                        elasticsearch.httpUrl(), coldStore.toUri().toString(), feeds, data.resolve("logs"), false, Map.of()),
                Duration.ofMinutes(3), LocalPipeline::say);
        running.add(services);

        say("""
                all services ready
                  Kafka             %s
                  Elasticsearch     %s   (try: curl '%s/news_recent/_search?pretty')
                  Delta tables      %s
                  service logs      %s
                  management ports  8081 ingest-arxiv, 8082 ingest-github, 8083 ingest-news, 8084 ingest-dns,
                                    8085 enrich-service, 8086 hot-writer, 8087 cold-writer (/actuator/health, /actuator/prometheus)
                Press Ctrl-C to stop.""".formatted(kafka.bootstrapServers(), elasticsearch.httpUrl(),
                elasticsearch.httpUrl(), coldStore, data.resolve("logs")));
    }

    /** Stops in reverse order: services first, so they can finish their last commits while Kafka is still up. */
    void stop() {
        say("stopping");
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("[data-broker] error while stopping: " + e);
            }
        }
        running.clear();
        say("stopped");
    }

    private static byte[] demoFeed() throws IOException {
        try (InputStream in = LocalPipeline.class.getResourceAsStream("/demo/news.xml")) {
            return FeedTemplate.render(in.readAllBytes(), Instant.now());
        }
    }

    private static void say(String line) {
        System.out.println("[data-broker] " + line);
    }
}
