package io.databroker.launcher.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.databroker.testsupport.FeedTemplate;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.Pipeline.Service;

/**
 * Feeds replayed samples to the ingest services through their ordinary inputs: a local HTTP server answers as
 * arXiv's OAI-PMH endpoint, the GitHub events API and the feed sites would, and ingest-dns replays the captures
 * (re-timed copies under the work directory). The services run unchanged, only their base URLs differ.
 *
 * <p>GitHub events and feed items mention papers and names that enrich-service learns from the arXiv and DNS
 * streams, and it joins a record only with what it has seen before. So the papers and the captures go first, and
 * the events API and the feeds answer "nothing yet" until {@link #releaseGithubAndNews()} (called once every service
 * is ready); the services poll them every {@value #MENTIONING_POLL_INTERVAL}.
 */
public final class ReplayServer implements AutoCloseable {

    static final String ARXIV_PATH = "/arxiv/oai";
    static final String GITHUB_PATH = "/github";
    static final String NEWS_PATH = "/news/";

    static final String MENTIONING_POLL_INTERVAL = "15s";

    private static final String XML = "text/xml; charset=utf-8";
    private static final String JSON = "application/json; charset=utf-8";

    /** OAI-PMH's answer when a harvest finds nothing new (arXiv sends it with status 200); OAI-PMH 2.0 §3.6. */
    private static final String NO_RECORDS_MATCH = """
            <?xml version="1.0" encoding="UTF-8"?>
            <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
            <responseDate>%s</responseDate>
            <request verb="ListRecords" metadataPrefix="arXivRaw">https://oaipmh.arxiv.org/oai</request>
            <error code="noRecordsMatch">No records match the replayed harvest: every sample page has been served</error>
            </OAI-PMH>
            """;

    /** A feed without items: what the feed URLs answer until {@link #releaseGithubAndNews()}. */
    private static final String EMPTY_FEED = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Data Broker replay</title><link>http://127.0.0.1/</link>
            <description>The sample feed is served once every service is ready.</description></channel></rss>
            """;

    private final FixtureHttpServer http;
    private final Map<Service, Map<String, String>> environment = new EnumMap<>(Service.class);
    private final List<String> summary = new ArrayList<>();
    private final Map<String, Response[]> heldBack = new LinkedHashMap<>();

    private ReplayServer(FixtureHttpServer http) {
        this.http = http;
    }

    /**
     * Serves {@code samples} on 127.0.0.1:{@code port} with their dates filled in relative to {@code now}, and writes
     * the re-timed dnstap captures into {@code workDir}.
     */
    public static ReplayServer start(ReplaySamples samples, int port, Path workDir, Instant now) {
        ReplayServer server = new ReplayServer(FixtureHttpServer.start(port));
        try {
            server.serveArxiv(samples.arxivPages(), now);
            server.serveGithub(samples.githubPages(), now);
            server.serveFeeds(samples.feeds(), now);
            server.retimeCaptures(samples.dnsCaptures(), workDir, now);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Per ingest service, the environment that points it at the replayed samples instead of the live source. */
    public Map<Service, Map<String, String>> environment() {
        return environment;
    }

    /** One line per source: what is replayed from where. */
    public List<String> summary() {
        return summary;
    }

    /** From now on, the events API and the feed URLs answer with the samples. */
    public void releaseGithubAndNews() {
        heldBack.forEach(http::respond);
        heldBack.clear();
    }

    /** Base URL of the HTTP server. */
    public String url() {
        return http.url("");
    }

    @Override
    public void close() {
        http.close();
    }

    private void serveArxiv(List<Path> pages, Instant now) {
        List<Response> responses = new ArrayList<>();
        for (Path page : pages) {
            responses.add(Response.ok(XML, render(page, now)));
        }
        responses.add(Response.ok(XML, NO_RECORDS_MATCH.formatted(now.toString())));
        http.respond(ARXIV_PATH, responses.toArray(Response[]::new));
        environment.put(Service.INGEST_ARXIV, Map.of(
                "BROKER_ARXIV_BASE_URL", http.url(ARXIV_PATH),
                // arXiv's politeness gap is for arXiv; the local server answers at once.
                "BROKER_ARXIV_REQUEST_INTERVAL", "200ms"));
        summary.add("arXiv OAI-PMH    " + http.url(ARXIV_PATH) + "  (" + pages.size() + " ListRecords page(s), then noRecordsMatch)");
    }

    private void serveGithub(List<Path> pages, Instant now) {
        List<Response> responses = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            responses.add(Response.ok(JSON, render(pages.get(i), now)).withHeader("ETag", "\"replay-" + (i + 1) + "\""));
        }
        Response noEvents = Response.ok(JSON, "[]").withHeader("ETag", "\"replay-empty\"");
        if (responses.isEmpty()) {
            responses.add(noEvents);
        }
        http.respond(GITHUB_PATH + "/events", noEvents);
        heldBack.put(GITHUB_PATH + "/events", responses.toArray(Response[]::new));
        environment.put(Service.INGEST_GITHUB, Map.of(
                "BROKER_GITHUB_API_URL", http.url(GITHUB_PATH),
                "BROKER_GITHUB_POLL_INTERVAL", MENTIONING_POLL_INTERVAL,
                // The user's token is for api.github.com, not for the replay server.
                "BROKER_GITHUB_TOKEN", "",
                "BROKER_GITHUB_TOKEN_FILE", "",
                "BROKER_GITHUB_BACKFILL_FROM", "",
                "BROKER_GITHUB_BACKFILL_TO", ""));
        summary.add("GitHub events    " + http.url(GITHUB_PATH + "/events") + "  (" + pages.size()
                + " page(s), one per poll, once every service is ready)");
    }

    private void serveFeeds(List<Path> feeds, Instant now) {
        List<String> urls = new ArrayList<>();
        for (Path feed : feeds) {
            String path = NEWS_PATH + feed.getFileName();
            http.respond(path, Response.ok("application/rss+xml; charset=utf-8", EMPTY_FEED));
            heldBack.put(path, new Response[] {Response.ok(feedContentType(feed), render(feed, now))});
            urls.add(http.url(path));
        }
        environment.put(Service.INGEST_NEWS, Map.of(
                "BROKER_NEWS_FEEDS", String.join(",", urls),
                "BROKER_NEWS_POLL_INTERVAL", MENTIONING_POLL_INTERVAL,
                "BROKER_NEWS_OPML", ""));
        summary.add("news feeds       " + (urls.isEmpty() ? "(none)" : String.join(", ", urls))
                + "  (once every service is ready)");
    }

    private void retimeCaptures(List<Path> captures, Path workDir, Instant now) {
        List<String> files = new ArrayList<>();
        try {
            Path dir = Files.createDirectories(workDir.resolve("dns"));
            for (Path capture : captures) {
                Path copy = dir.resolve(capture.getFileName());
                Files.write(copy, DnstapCaptureRetimer.retime(Files.readAllBytes(capture), now));
                files.add(copy.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the dnstap captures in " + workDir, e);
        }
        environment.put(Service.INGEST_DNS, Map.of("BROKER_DNS_REPLAY_FILES", String.join(",", files)));
        summary.add("dnstap captures  " + (files.isEmpty() ? "(none)" : String.join(", ", files))
                + "  (times moved so the newest message is now)");
    }

    /**
     * The file with its date placeholders filled in. Files without any are served byte for byte: a feed in
     * ISO-8859-1 must reach the parser undecoded.
     */
    private static byte[] render(Path file, Instant now) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return containsPlaceholder(bytes) ? FeedTemplate.render(bytes, now) : bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read sample " + file, e);
        }
    }

    private static boolean containsPlaceholder(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1).contains("{{");
    }

    private static String feedContentType(Path feed) {
        String name = feed.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".rss")) {
            return "application/rss+xml";
        }
        return name.endsWith(".atom") ? "application/atom+xml" : "application/xml";
    }
}
