package io.databroker.launcher;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.databroker.testsupport.Pipeline.Service;

/**
 * The ingest services' settings for the live sources: arXiv's OAI-PMH endpoint and the GitHub events API at their
 * service defaults, the well-known feeds of ingest-news' bundled OPML, and ingest-dns listening for dnstap. A
 * setting the user exported already is left alone (the services inherit the launcher's environment).
 */
final class LiveSources {

    static final String DEFAULT_OPML = "classpath:feeds/default.opml";
    /** Without a token GitHub allows 60 requests an hour; a poll takes up to three. */
    static final String ANONYMOUS_GITHUB_POLL_INTERVAL = "5m";

    private final Map<Service, Map<String, String>> environment = new EnumMap<>(Service.class);
    private final List<String> summary = new ArrayList<>();

    LiveSources(List<String> extraFeeds, Map<String, String> userEnv) {
        summary.add("arXiv OAI-PMH    " + userEnv.getOrDefault("BROKER_ARXIV_BASE_URL", "https://oaipmh.arxiv.org/oai")
                + "  (from yesterday, then hourly)");
        environment.put(Service.INGEST_ARXIV, Map.of());

        Map<String, String> news = new LinkedHashMap<>();
        if (!userEnv.containsKey("BROKER_NEWS_OPML")) {
            news.put("BROKER_NEWS_OPML", DEFAULT_OPML);
        }
        if (!extraFeeds.isEmpty()) {
            news.put("BROKER_NEWS_FEEDS", String.join(",", extraFeeds));
        }
        environment.put(Service.INGEST_NEWS, news);
        summary.add("news feeds       " + (news.containsKey("BROKER_NEWS_OPML")
                ? DEFAULT_OPML + " (ingest-news' bundled list of well-known feeds)" : userEnv.get("BROKER_NEWS_OPML"))
                + (extraFeeds.isEmpty() ? "" : " + " + String.join(", ", extraFeeds)));

        Map<String, String> github = new LinkedHashMap<>();
        boolean hasToken = userEnv.containsKey("BROKER_GITHUB_TOKEN") || userEnv.containsKey("BROKER_GITHUB_TOKEN_FILE");
        if (!hasToken && userEnv.containsKey("GITHUB_TOKEN")) {
            github.put("BROKER_GITHUB_TOKEN", userEnv.get("GITHUB_TOKEN"));
            hasToken = true;
        }
        if (!hasToken && !userEnv.containsKey("BROKER_GITHUB_POLL_INTERVAL")) {
            github.put("BROKER_GITHUB_POLL_INTERVAL", ANONYMOUS_GITHUB_POLL_INTERVAL);
        }
        environment.put(Service.INGEST_GITHUB, github);
        summary.add("GitHub events    " + userEnv.getOrDefault("BROKER_GITHUB_API_URL", "https://api.github.com") + "/events"
                + (hasToken ? "  (with your token)"
                : github.containsKey("BROKER_GITHUB_POLL_INTERVAL")
                ? "  (no token: one poll every " + ANONYMOUS_GITHUB_POLL_INTERVAL + "; export GITHUB_TOKEN for more)"
                : "  (no token: GitHub allows 60 requests an hour; export GITHUB_TOKEN for more)"));

        environment.put(Service.INGEST_DNS, Map.of());
    }

    /** Per ingest service, the environment for the live sources. */
    Map<Service, Map<String, String>> environment() {
        return environment;
    }

    /** One line per source: where it is read from. */
    List<String> summary() {
        return summary;
    }
}
