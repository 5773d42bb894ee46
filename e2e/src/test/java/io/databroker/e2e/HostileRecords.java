package io.databroker.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Topics;
import tools.jackson.databind.node.ObjectNode;

/**
 * The records of the hostile-input test, per raw topic: good ones built from enrich-service's raw-record fixtures
 * (the published formats, each given its own id and a current event time), and hostile ones of every kind the
 * issue lists. Keys are markers ({@code hostile-<topic>-<kind>-<n>}) that the dead-letter queue keeps, so the test
 * can match dead letters to what it sent. No value holds a newline byte (kcat's record delimiter).
 */
final class HostileRecords {

    /** A kind of hostile record and the dead-letter reasons it may legitimately get. */
    enum Kind {
        INVALID_JSON("malformed"),
        WRONG_TYPES("schema_violation"),
        INVALID_UTF8("malformed"),
        NUL_BYTES("malformed"),
        /** 1000 levels of objects: beyond the parser's nesting limit, or (if within it) an object missing every field. */
        DEEP_NESTING("malformed", "schema_violation"),
        HUGE_ARRAY("schema_violation"),
        DUPLICATE_KEYS("malformed"),
        /** A valid body under an incomplete CloudEvents envelope (ce_specversion without ce_id, ce_source…). */
        MISSING_HEADERS("invalid_envelope"),
        /** A valid body under junk envelope headers (bad spec version, time that is not a time). */
        JUNK_HEADERS("invalid_envelope"),
        /** Invalid JSON as large as the broker's default 1 MiB batch limit allows: its dead letter is larger still. */
        NEAR_LIMIT("malformed");

        final Set<String> reasons;

        Kind(String... reasons) {
            this.reasons = Set.of(reasons);
        }

        /** The kinds produced {@code count / 9} times each, interleaved; NEAR_LIMIT is produced once per topic. */
        static final List<Kind> SCALED = List.of(INVALID_JSON, WRONG_TYPES, INVALID_UTF8, NUL_BYTES, DEEP_NESTING,
                HUGE_ARRAY, DUPLICATE_KEYS, MISSING_HEADERS, JUNK_HEADERS);
    }

    /** Elements of the huge array: 25,000 numbers (~50 KB) where the schema wants a scalar. */
    static final int HUGE_ARRAY_ELEMENTS = 25_000;
    static final int NESTING_DEPTH = 1_000;
    /**
     * A value this size still fits the broker's default {@code message.max.bytes} (1,048,588 bytes per record batch)
     * with its key and record overhead; its dead letter, with the error headers added, does not.
     */
    static final int NEAR_LIMIT_BYTES = 1_048_400;
    /** "10 MB values": far above the raw topics' limit, so the broker must refuse them. */
    static final int TEN_MB = 10 * 1024 * 1024;

    /** One raw topic's way of building good records and of getting their types wrong. */
    record Source(String topic, String fixture, String wrongTypeField, Object wrongTypeValue,
                  GoodBody good) {
    }

    @FunctionalInterface
    interface GoodBody {
        /** Fills {@code body} (a copy of the fixture) for record {@code n} of {@code family}; returns its document id. */
        String fill(ObjectNode body, String family, int n, Instant now);
    }

    /** A good record: its key, value bytes and the document id the stores must end up holding. */
    record Good(String key, byte[] value, String documentId) {
    }

    static final List<Source> SOURCES = List.of(
            new Source(Topics.ARXIV_RAW.name(), "arxiv/1606.04259v1-thesis.json", "version", "one", (body, family, n, now) -> {
                // arXiv ids YYMM.NNNNN: a month per family keeps good and envelope-hostile bodies apart.
                String arxivId = (family.equals("good") ? "2611." : "2610.") + String.format("%05d", n);
                String today = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
                body.put("arxiv_id", arxivId).put("version", 1).put("datestamp", today).put("created", today);
                return DocumentIds.arxiv(arxivId, 1);
            }),
            new Source(Topics.GITHUB_EVENTS.name(), "github/rest-2025-push.json", "id", 12345, (body, family, n, now) -> {
                String eventId = Long.toString((family.equals("good") ? 77_000_000_000L : 88_000_000_000L) + n);
                body.put("id", eventId).put("created_at", now.truncatedTo(ChronoUnit.SECONDS).toString());
                return DocumentIds.github(eventId);
            }),
            new Source(Topics.NEWS_FEED.name(), "news/rss2-arstechnica-item-mentions-paper.json", "feed_url", 42, (body, family, n, now) -> {
                String link = "https://news.example.org/hostile-suite/" + family + "-" + n;
                String id = DocumentIds.newsByLink(link);
                body.put("id", id).put("link", link).put("guid", link)
                        .put("published", now.truncatedTo(ChronoUnit.SECONDS).toString())
                        .put("fetched_at", now.truncatedTo(ChronoUnit.SECONDS).toString());
                return id;
            }),
            new Source(Topics.DNS_DATA.name(), "dns/client-query-reachms-corp-com.json", "qname", 7, (body, family, n, now) -> {
                String qname = family + "-" + n + ".example.com.";
                String time = now.truncatedTo(ChronoUnit.MILLIS).toString();
                int port = 20_000 + n % 40_000;
                int messageId = n % 65_536;
                body.put("qname", qname).put("query_time", time).put("query_port", port).put("message_id", messageId);
                String id = DocumentIds.dns(null, time, "127.0.0.1", port, messageId, qname, "A");
                body.put("id", id);
                return id;
            }));

    private final Path fixtures;
    private final Instant now;
    private final Map<String, byte[]> templates = new ConcurrentHashMap<>();

    /** @param fixtures enrich-service's {@code src/test/resources/fixtures} directory */
    HostileRecords(Path fixtures, Instant now) {
        this.fixtures = fixtures;
        this.now = now;
    }

    Good good(Source source, int n) {
        ObjectNode body = template(source);
        String id = source.good().fill(body, "good", n, now);
        return new Good(goodKey(source, body), bytes(body), id);
    }

    /** The key a real producer would use: the natural key of ARCHITECTURE §3. */
    private static String goodKey(Source source, ObjectNode body) {
        return switch (source.topic()) {
            case "arxiv_raw" -> body.path("arxiv_id").asString();
            case "github_events" -> body.path("id").asString();
            case "dns_data" -> body.path("qname").asString();
            default -> body.path("id").asString();
        };
    }

    static String hostileKey(Source source, Kind kind, int n) {
        return "hostile-" + source.topic() + "-" + kind.name().toLowerCase() + "-" + n;
    }

    static String tenMbKey(Source source) {
        return "hostile-" + source.topic() + "-ten_mb";
    }

    /** The value of hostile record {@code n} of {@code kind} for {@code source}. */
    byte[] hostile(Source source, Kind kind, int n) {
        String marker = hostileKey(source, kind, n);
        return switch (kind) {
            case INVALID_JSON -> ("{\"" + source.wrongTypeField() + "\": \"" + marker + "\", oops").getBytes(StandardCharsets.UTF_8);
            case WRONG_TYPES -> {
                ObjectNode body = validBody(source, n);
                body.set(source.wrongTypeField(), Json.mapper().valueToTree(source.wrongTypeValue()));
                yield bytes(body);
            }
            case INVALID_UTF8 -> concat("{\"marker\": \"" + marker + "\", \"title\": \"", new byte[] {(byte) 0xC3, 0x28, (byte) 0xA0,
                    (byte) 0xA1, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}");
            case NUL_BYTES -> concat("{\"marker\": \"" + marker + "\", \"title\": \"a", new byte[] {0, 0, 0}, "b\"}");
            case DEEP_NESTING -> ("{\"a\":".repeat(NESTING_DEPTH) + "\"" + marker + "\"" + "}".repeat(NESTING_DEPTH))
                    .getBytes(StandardCharsets.UTF_8);
            case HUGE_ARRAY -> {
                StringBuilder array = new StringBuilder(HUGE_ARRAY_ELEMENTS * 2 + 2).append('[');
                for (int i = 0; i < HUGE_ARRAY_ELEMENTS; i++) {
                    array.append(i == 0 ? "" : ",").append(i % 10);
                }
                ObjectNode body = validBody(source, n);
                body.set(source.wrongTypeField(), Json.mapper().readTree(array.append(']').toString()));
                yield bytes(body);
            }
            case DUPLICATE_KEYS -> {
                // The field twice: the first copy is valid-looking, the second is the one a last-wins parser keeps.
                String body = new String(bytes(validBody(source, n)), StandardCharsets.UTF_8);
                yield ("{\"" + source.wrongTypeField() + "\": \"" + marker + "\", " + body.substring(1)).getBytes(StandardCharsets.UTF_8);
            }
            case MISSING_HEADERS, JUNK_HEADERS -> bytes(validBody(source, n));
            case NEAR_LIMIT -> {
                String head = "{\"marker\": \"" + marker + "\", \"title\": \"";
                yield (head + "x".repeat(NEAR_LIMIT_BYTES - head.length())).getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    /** A 10 MiB value: valid JSON, so only its size can be what stops it. */
    static byte[] tenMb(Source source) {
        String head = "{\"marker\": \"" + tenMbKey(source) + "\", \"title\": \"";
        return (head + "y".repeat(TEN_MB - head.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The headers kcat sends with a hostile kind (kcat applies -H to every record of a run). */
    static List<String> headers(Kind kind) {
        return switch (kind) {
            case MISSING_HEADERS -> List.of("ce_specversion=1.0");
            case JUNK_HEADERS -> List.of("ce_specversion=0.3-junk", "ce_id=", "ce_source=\u0001\u0002", "ce_type=???",
                    "ce_time=yesterday-ish", "content-type=application/x-garbage");
            default -> List.of();
        };
    }

    /** A schema-valid body whose id is in the hostile range (never one of the good ids). */
    private ObjectNode validBody(Source source, int n) {
        ObjectNode body = template(source);
        source.good().fill(body, "hostile", n, now);
        return body;
    }

    private ObjectNode template(Source source) {
        byte[] fixture = templates.computeIfAbsent(source.fixture(), name -> {
            try {
                return Files.readAllBytes(fixtures.resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException("fixture " + name, e);
            }
        });
        return (ObjectNode) Json.mapper().readTree(fixture);
    }

    private static byte[] bytes(ObjectNode body) {
        return Json.mapper().writeValueAsBytes(body);
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
