package io.databroker.enrich.crash;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.topic.Source;

/**
 * A deterministic mixed input for the crash test: schema-valid records of all four sources (35 % GitHub, 35 % DNS,
 * 20 % news, 10 % arXiv) that mention each other's papers and domains, and one bad record in every hundred, each
 * with the document id it must end up as (or, for a bad one, the key its dead letter keeps).
 */
final class MixedRawRecords {

    /** One raw record: its topic's source, key, value, and the id of its enriched document (null when it is bad). */
    record Raw(Source source, String key, byte[] value, String documentId) {
    }

    private MixedRawRecords() {
    }

    static List<Raw> generate(int count, Instant now) {
        List<Raw> out = new ArrayList<>(count);
        Instant base = now.truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.DAYS);
        for (int i = 0; i < count; i++) {
            String time = base.plusMillis(i * 10L).toString();
            if (i % 100 == 99) {
                out.add(bad(i, time));
                continue;
            }
            int slot = i % 20;
            if (slot < 7) {
                out.add(github(i, time));
            } else if (slot < 14) {
                out.add(dns(i, time));
            } else if (slot < 18) {
                out.add(news(i, time));
            } else {
                out.add(arxiv(i));
            }
        }
        return out;
    }

    private static Raw github(int i, String time) {
        String id = Integer.toString(40_000_000 + i);
        String value = """
                {"id":"%s","type":"IssueCommentEvent","actor":{"id":%d,"login":"user%d"},"repo":{"id":%d,"name":"org%d/repo%d"},
                 "payload":{"action":"created","issue":{"number":%d,"title":"Issue %d"},"comment":{"body":"See arXiv:24%02d.%05d and https://www.site%d.example.com/p/%d?utm_source=gh"}},
                 "public":true,"created_at":"%s"}"""
                .formatted(id, i, i % 977, i % 311, i % 97, i % 311, i % 500, i, 1 + i % 12, i % 5000, i % 700, i, time);
        return new Raw(Source.GITHUB, id, bytes(value), "github:" + id);
    }

    private static Raw dns(int i, String time) {
        String qname = "host%d.site%d.example.com".formatted(i % 53, i % 700);
        String id = "dns:" + DocumentIds.sha256Hex("crash-test-dns-" + i);
        String value = """
                {"id":"%s","message_type":"CLIENT_RESPONSE","socket_family":"INET","socket_protocol":"UDP","query_address":"192.0.2.%d",
                 "query_port":%d,"query_time":"%s","message_id":%d,"qname":"%s.","qtype":"A","qclass":"IN","rcode":"NOERROR",
                 "flags":["qr","rd","ra"],"answers":[{"name":"%s.","type":"A","ttl":300,"data":"198.51.100.%d"}]}"""
                .formatted(id, i % 250, 1024 + i % 60000, time, i % 65536, qname, qname, i % 250);
        return new Raw(Source.DNS, qname, bytes(value), id);
    }

    private static Raw news(int i, String time) {
        String link = "https://news%d.example.org/story/%d".formatted(i % 40, i);
        String id = DocumentIds.newsByLink(link);
        String value = """
                {"id":"%s","feed_url":"https://news%d.example.org/feed.xml","source_name":"News %d","link":"%s","title":"Story <b>%d</b>",
                 "summary":"<p>About <a href=\\"https://arxiv.org/abs/24%02d.%05d\\">a paper</a>.</p>","published":"%s","fetched_at":"%s"}"""
                .formatted(id, i % 40, i % 40, link, i, 1 + i % 12, i % 5000, time, time);
        return new Raw(Source.NEWS, id, bytes(value), id);
    }

    private static Raw arxiv(int i) {
        String arxivId = "24%02d.%05d".formatted(1 + i % 12, i / 12 % 100_000);
        int version = 1 + i / 1_200_000;
        String value = """
                {"arxiv_id":"%s","version":%d,"datestamp":"2024-%02d-15","title":"Paper %d","abstract":"An abstract with doi 10.1000/x%d.",
                 "authors":[{"keyname":"Author%d","forenames":"A."}],"categories":["cs.LG","stat.ML"],"submitted":"2024-%02d-14T10:00:00Z"}"""
                .formatted(arxivId, version, 1 + i % 12, i, i, i % 100, 1 + i % 12);
        return new Raw(Source.ARXIV, arxivId, bytes(value), DocumentIds.arxiv(arxivId, version));
    }

    /** Cycles through the bad-input classes: not JSON, invalid UTF-8, schema violation, impossible event time. */
    private static Raw bad(int i, String time) {
        String key = "bad-" + i;
        return switch ((i / 100) % 4) {
            case 0 -> new Raw(Source.NEWS, key, bytes("{\"feed_url\": oops " + i), null);
            case 1 -> new Raw(Source.DNS, key, ("{\"qname\":\"caf\u00e9" + i + ".example.\",\"qtype\":\"A\",\"message_type\":\"CLIENT_QUERY\","
                    + "\"query_time\":\"" + time + "\"}").getBytes(StandardCharsets.ISO_8859_1), null);
            case 2 -> new Raw(Source.GITHUB, key, bytes("{\"id\":\"" + i + "\",\"type\":\"PushEvent\",\"created_at\":\"" + time + "\"}"), null);
            default -> new Raw(Source.ARXIV, key, bytes("{\"arxiv_id\":\"2401.00001\",\"version\":1,\"datestamp\":\"9999-01-01\"}"), null);
        };
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
