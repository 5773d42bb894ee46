package io.databroker.bench.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.topic.Source;

/**
 * The fixed-rate producer's events, as an external producer would write them to the raw topics (schema-valid JSON,
 * no CloudEvents headers): 35 % GitHub issue comments, 35 % DNS responses, 20 % news items, 10 % arXiv papers,
 * drawn from a seeded random sequence (so sampling every n-th event does not pick one source). Every event has a
 * unique id and its event time is the moment it is produced, so each falls in the hot store's 10-day window; news
 * and GitHub events mention papers and domains that the arXiv and DNS events make known, so the joins do work.
 */
final class RawEvents {

    /** One raw record and the id of the canonical document it becomes. */
    record Event(Source source, String documentId, byte[] key, byte[] value) {
    }

    private final SplittableRandom random = new SplittableRandom(11);
    private final String run;
    private int arxivCount;

    /** {@code run} (digits: GitHub event ids are numeric) makes ids unique across runs sharing a broker or a store. */
    RawEvents(String run) {
        this.run = run;
    }

    Event next(long n, Instant now) {
        String time = now.toString();
        int slot = random.nextInt(20);
        if (slot < 7) {
            return github(n, time);
        }
        if (slot < 14) {
            return dns(n, time);
        }
        if (slot < 18) {
            return news(n, time);
        }
        return arxiv(time);
    }

    private Event github(long n, String time) {
        String eventId = run + n;
        int repo = (int) (n % 311);
        String value = """
                {"id":"%s","type":"IssueCommentEvent","actor":{"id":%d,"login":"user%d"},"repo":{"id":%d,"name":"org%d/repo%d"},\
                "payload":{"action":"created","issue":{"number":%d,"title":"Issue %d"},\
                "comment":{"body":"Builds on arXiv:%s; see https://www.site%d.example.com/p/%d?utm_source=gh"}},\
                "public":true,"created_at":"%s"}"""
                .formatted(eventId, n % 977, n % 977, repo, repo % 97, repo, n % 500, n, knownPaper(n), n % 700, n, time);
        return event(Source.GITHUB, DocumentIds.github(eventId), eventId, value);
    }

    private Event dns(long n, String time) {
        String qname = "host%d.site%d.example.com".formatted(n % 53, n % 700);
        String id = "dns:" + DocumentIds.sha256Hex(run + "-dns-" + n);
        String value = """
                {"id":"%s","message_type":"CLIENT_RESPONSE","socket_family":"INET","socket_protocol":"UDP",\
                "query_address":"192.0.2.%d","query_port":%d,"query_time":"%s","message_id":%d,"qname":"%s.","qtype":"A",\
                "qclass":"IN","rcode":"NOERROR","flags":["qr","rd","ra"],\
                "answers":[{"name":"%s.","type":"A","ttl":300,"data":"198.51.100.%d"}]}"""
                .formatted(id, n % 250, 1024 + n % 60000, time, n % 65536, qname, qname, n % 250);
        return event(Source.DNS, id, qname, value);
    }

    private Event news(long n, String time) {
        String link = "https://news%d.example.org/%s/story/%d".formatted(n % 40, run, n);
        String id = DocumentIds.newsByLink(link);
        String value = """
                {"id":"%s","feed_url":"https://news%d.example.org/feed.xml","source_name":"News %d","link":"%s",\
                "title":"Story <b>%d</b> &amp; more","authors":["Reporter %d"],\
                "summary":"<p>About <a href=\\"https://arxiv.org/abs/%s\\">a new paper</a> and www.site%d.example.com.</p>",\
                "categories":["Science"],"language":"en-US","published":"%s","fetched_at":"%s"}"""
                .formatted(id, n % 40, n % 40, link, n, n % 30, knownPaper(n), n % 700, time, time);
        return event(Source.NEWS, id, id, value);
    }

    private Event arxiv(String time) {
        int k = arxivCount++;
        // 12 months x 100,000 numbers: unique for 1.2M papers (a 5,000 events/s run of 300 s makes ~150,000).
        String arxivId = "26%02d.%05d".formatted(1 + k % 12, k / 12 % 100_000);
        String value = """
                {"arxiv_id":"%s","version":1,"datestamp":"%s","title":"Paper %d on\\n  streams",\
                "abstract":"  An abstract that cites 10.1000/x%d.\\n","authors":[{"keyname":"Author%d","forenames":"A."}],\
                "categories":["cs.DC"],"submitted":"%s"}"""
                .formatted(arxivId, time.substring(0, 10), k, k, k % 100, time);
        return event(Source.ARXIV, DocumentIds.arxiv(arxivId, 1), arxivId, value);
    }

    /** A paper among the first ones produced, so most mentions find it in the papers table. */
    private static String knownPaper(long n) {
        return "26%02d.%05d".formatted(1 + n % 12, n % 50);
    }

    private static Event event(Source source, String documentId, String key, String value) {
        return new Event(source, documentId, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
}
