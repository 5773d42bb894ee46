package io.databroker.cold;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Canonical documents (docs/documents.md) of the news and github sources, every field present, with ids
 * {@code <source>:<prefix>-<n>} and event times spread over a few days, so a run writes several partitions.
 */
final class CanonicalDocuments {

    private static final Instant START = Instant.parse("2026-11-18T00:00:00Z");

    private CanonicalDocuments() {
    }

    static String id(String source, String prefix, long n) {
        return source + ":" + prefix + "-" + n;
    }

    /** The n-th news document: even numbers are news, odd ones github events, half and half. */
    static String document(String prefix, long n) {
        return n % 2 == 0 ? news(id("news", prefix, n), n) : github(id("github", prefix, n), n);
    }

    static String sourceOf(long n) {
        return n % 2 == 0 ? "news" : "github";
    }

    static String news(String id, long n) {
        String time = eventTime(n);
        return "{\"id\":\"" + id + "\",\"source\":\"news\",\"event_time\":\"" + time + "\",\"event_date\":\""
                + time.substring(0, 10) + "\",\"ingested_at\":\"2026-11-21T08:00:00Z\",\"enriched_at\":\"2026-11-21T08:00:01Z\","
                + "\"feed_url\":\"https://example.org/feed.xml\",\"source_name\":\"Example News\",\"title\":\"Story " + n
                + " about Delta Lake\",\"link\":\"https://example.org/story/" + n + "\",\"authors\":[\"Ada Lovelace\"],"
                + "\"published\":\"" + time + "\",\"updated\":null,\"summary\":\"A summary of story " + n
                + ", citing arXiv:2411.01234v2.\",\"content\":\"The body of story " + n + ". It links to"
                + " https://github.com/delta-io/delta and doi 10.1103/PhysRevD.76.013009.\",\"categories\":[\"data\"],"
                + "\"language\":\"en\",\"content_hash\":\"" + Long.toHexString(n * 2654435761L) + "\","
                + "\"arxiv_ids\":[\"2411.01234v2\"],\"dois\":[\"10.1103/physrevd.76.013009\"],"
                + "\"github_repos\":[\"delta-io/delta\"],\"urls\":[\"https://github.com/delta-io/delta\"],"
                + "\"linked_papers\":[{\"id\":\"2411.01234\",\"title\":\"A paper\",\"primary_category\":\"cs.DB\"}],"
                + "\"domains\":[{\"name\":\"github.com\",\"first_seen\":\"2026-11-01T00:00:00Z\",\"resolves_to\":[\"140.82.121.4\"]}]}";
    }

    static String github(String id, long n) {
        String time = eventTime(n);
        return "{\"id\":\"" + id + "\",\"source\":\"github\",\"event_time\":\"" + time + "\",\"event_date\":\""
                + time.substring(0, 10) + "\",\"ingested_at\":\"2026-11-21T08:00:00Z\",\"enriched_at\":\"2026-11-21T08:00:01Z\","
                + "\"event_id\":\"" + (40_000_000_000L + n) + "\",\"type\":\"PushEvent\",\"actor_login\":\"user" + (n % 97)
                + "\",\"actor_id\":" + (1_000_000 + n % 97) + ",\"repo_name\":\"org/repo" + (n % 13) + "\",\"repo_id\":"
                + (5_000_000_000L + n % 13) + ",\"org_login\":\"org\",\"public\":true,\"action\":null,"
                + "\"ref\":\"refs/heads/main\",\"ref_type\":null,\"number\":null,\"title\":null,"
                + "\"text\":\"Commit " + n + " see https://example.org/x\",\"payload\":{\"push_id\":" + n
                + ",\"size\":1,\"ref\":\"refs/heads/main\",\"commits\":[{\"sha\":\"" + Long.toHexString(n)
                + "\",\"message\":\"Commit " + n + "\"}]},\"arxiv_ids\":[],\"dois\":[],\"github_repos\":[],"
                + "\"urls\":[\"https://example.org/x\"],\"linked_papers\":[],"
                + "\"domains\":[{\"name\":\"example.org\",\"first_seen\":null,\"resolves_to\":[]}]}";
    }

    private static String eventTime(long n) {
        return START.plus(n % 4, ChronoUnit.DAYS).plusSeconds(n % 86_400).toString();
    }
}
