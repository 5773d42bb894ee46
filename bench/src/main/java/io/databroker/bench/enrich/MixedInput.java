package io.databroker.bench.enrich;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.topic.Source;

/**
 * The benchmark's mixed raw input, generated record by record (1M records do not fit comfortably in a list): 35 %
 * GitHub issue comments, 35 % DNS responses, 20 % news items, 10 % arXiv papers, shaped like the real samples, that
 * mention each other's papers and domains so every join does work; one record in a hundred is bad (dead letter).
 */
final class MixedInput {

    /** One raw record for {@code source}'s raw topic. */
    record Raw(Source source, byte[] key, byte[] value) {
    }

    private final Instant base;

    MixedInput(Instant now) {
        this.base = now.truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.DAYS);
    }

    Raw record(int i) {
        String time = base.plusMillis(i * 10L).toString();
        if (i % 100 == 99) {
            return raw(Source.NEWS, "bad-" + i, "{\"feed_url\": oops " + i);
        }
        int slot = i % 20;
        if (slot < 7) {
            String id = Integer.toString(40_000_000 + i);
            return raw(Source.GITHUB, id, """
                    {"id":"%s","type":"IssueCommentEvent","actor":{"id":%d,"login":"user%d","url":"https://api.github.com/users/user%d"},
                     "repo":{"id":%d,"name":"org%d/repo%d","url":"https://api.github.com/repos/org%d/repo%d"},
                     "payload":{"action":"created","issue":{"number":%d,"title":"Issue %d","html_url":"https://github.com/org%d/repo%d/issues/%d"},
                     "comment":{"body":"This follows arXiv:24%02d.%05d; see https://www.site%d.example.com/p/%d?utm_source=gh and doi:10.1000/b%d for details."}},
                     "public":true,"created_at":"%s"}"""
                    .formatted(id, i, i % 977, i % 977, i % 311, i % 97, i % 311, i % 97, i % 311, i % 500, i, i % 97, i % 311,
                            i % 500, 1 + i % 12, i % 5000, i % 700, i, i, time));
        }
        if (slot < 14) {
            String qname = "host%d.site%d.example.com".formatted(i % 53, i % 700);
            return raw(Source.DNS, qname, """
                    {"id":"dns:%s","message_type":"CLIENT_RESPONSE","socket_family":"INET","socket_protocol":"UDP",
                     "query_address":"192.0.2.%d","query_port":%d,"query_time":"%s","message_id":%d,"qname":"%s.","qtype":"A",
                     "qclass":"IN","rcode":"NOERROR","flags":["qr","rd","ra"],
                     "answers":[{"name":"%s.","type":"A","ttl":300,"data":"198.51.100.%d"}]}"""
                    .formatted(DocumentIds.sha256Hex("bench-dns-" + i), i % 250, 1024 + i % 60000, time, i % 65536, qname,
                            qname, i % 250));
        }
        if (slot < 18) {
            String link = "https://news%d.example.org/story/%d".formatted(i % 40, i);
            String id = DocumentIds.newsByLink(link);
            return raw(Source.NEWS, id, """
                    {"id":"%s","feed_url":"https://news%d.example.org/feed.xml","source_name":"News %d","link":"%s?utm_source=rss",
                     "title":"Story <b>%d</b> &amp; more","authors":["Reporter %d"],
                     "summary":"<p>About <a href=\\"https://arxiv.org/abs/24%02d.%05d\\">a new paper</a> on stream processing.</p>",
                     "categories":["Science"],"language":"en-US","published":"%s","fetched_at":"%s"}"""
                    .formatted(id, i % 40, i % 40, link, i, i % 30, 1 + i % 12, i % 5000, time, time));
        }
        String arxivId = "24%02d.%05d".formatted(1 + i % 12, i / 12 % 100_000);
        return raw(Source.ARXIV, arxivId, """
                {"arxiv_id":"%s","version":1,"datestamp":"2024-%02d-15","title":"Paper %d on\\n  streams",
                 "abstract":"  An abstract that cites 10.1000/x%d and hep-th/9901001.\\n","authors":[{"keyname":"Author%d","forenames":"A."}],
                 "categories":["cs.LG","stat.ML"],"submitted":"2024-%02d-14T10:00:00Z"}"""
                .formatted(arxivId, 1 + i % 12, i, i, i % 100, 1 + i % 12));
    }

    private static Raw raw(Source source, String key, String value) {
        return new Raw(source, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
}
