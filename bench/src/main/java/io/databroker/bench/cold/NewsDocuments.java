package io.databroker.bench.cold;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Canonical news documents (docs/documents.md, every field present), ~1.3 KB each with varied text, spread over
 * seven event dates: what enrich-service writes to {@code news_enriched}.
 */
final class NewsDocuments {

    private static final Instant START = Instant.parse("2026-11-14T00:00:00Z");
    private static final String[] WORDS = ("delta lake kafka stream exactly once commit parquet snapshot checkpoint "
            + "offset partition broker writer reader table schema column timestamp arxiv paper github repository "
            + "domain resolver query answer latency entropy feed article summary content author category").split(" ");

    private NewsDocuments() {
    }

    static String id(long n) {
        return "news:bench-" + n;
    }

    static String document(long n) {
        String time = START.plus(n % 7, ChronoUnit.DAYS).plusSeconds((n * 7919) % 86_400).toString();
        return "{\"id\":\"" + id(n) + "\",\"source\":\"news\",\"event_time\":\"" + time + "\",\"event_date\":\""
                + time.substring(0, 10) + "\",\"ingested_at\":\"2026-11-21T08:00:00Z\",\"enriched_at\":\"2026-11-21T08:00:01Z\","
                + "\"feed_url\":\"https://feeds.example.org/" + (n % 50) + ".xml\",\"source_name\":\"Example feed " + (n % 50)
                + "\",\"title\":\"" + words(n, 9) + "\",\"link\":\"https://news.example.org/" + (n % 50) + "/story/" + n
                + "\",\"authors\":[\"Author " + (n % 311) + "\"],\"published\":\"" + time + "\",\"updated\":null,"
                + "\"summary\":\"" + words(n * 31, 30) + "\",\"content\":\"" + words(n * 17, 90) + "\","
                + "\"categories\":[\"" + WORDS[(int) (n % WORDS.length)] + "\"],\"language\":\"en\",\"content_hash\":\""
                + Long.toHexString(n * 0x9E3779B97F4A7C15L) + "\",\"arxiv_ids\":[\"2411.0" + (1000 + n % 9000) + "v1\"],"
                + "\"dois\":[],\"github_repos\":[\"org/repo" + (n % 97) + "\"],\"urls\":[\"https://github.com/org/repo"
                + (n % 97) + "\"],\"linked_papers\":[{\"id\":\"2411.0" + (1000 + n % 9000) + "\",\"title\":\"" + words(n * 3, 6)
                + "\",\"primary_category\":\"cs.DB\"}],\"domains\":[{\"name\":\"github.com\",\"first_seen\":"
                + "\"2026-11-01T00:00:00Z\",\"resolves_to\":[\"140.82.121.4\"]}]}";
    }

    private static String words(long seed, int count) {
        StringBuilder text = new StringBuilder();
        long x = seed * 6364136223846793005L + 1442695040888963407L;
        for (int i = 0; i < count; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            if (i > 0) {
                text.append(' ');
            }
            text.append(WORDS[(int) Math.floorMod(x >>> 33, (long) WORDS.length)]);
        }
        return text.toString();
    }
}
