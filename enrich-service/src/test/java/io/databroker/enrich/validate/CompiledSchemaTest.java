package io.databroker.enrich.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The compiled schemas against the full JSON Schema validator, on the same schema files: every fixture and thousands
 * of variants of them (fields removed, nulled, retyped, out of range, odd timestamps and patterns). What the compiled
 * form accepts, the full validator must accept; and it must accept the ordinary records, or it would save nothing.
 */
class CompiledSchemaTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<JsonNode> ODD_VALUES = new ArrayList<>();

    static {
        ODD_VALUES.addAll(List.of(NODES.nullNode(), NODES.stringNode(""), NODES.stringNode(" "), NODES.numberNode(0),
                NODES.numberNode(1), NODES.numberNode(1.0), NODES.numberNode(-1), NODES.numberNode(65535), NODES.numberNode(65536),
                NODES.numberNode(2.5), NODES.numberNode(-0.0), NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")),
                NODES.numberNode(new java.math.BigDecimal("1.000")), NODES.booleanNode(false), NODES.arrayNode(), NODES.objectNode(),
                NODES.arrayNode().add("x").add(1), NODES.objectNode().put("keyname", "K").put("name", "n").put("type", "A"),
                NODES.stringNode("x".repeat(1025)), NODES.stringNode("\uD83D\uDE00".repeat(600)), NODES.stringNode("\uD83D\uDE00".repeat(1100))));
        for (String text : List.of("2025-01-01T00:00:00Z", "2025-01-01t00:00:00z", "2024-12-31T23:59:60Z", "2025-01-01T00:00:00.123456789+05:30",
                "2025-01-01T00:00:00+0530", "2025-01-01T00:00:00", "2025-02-30T00:00:00Z", "2025-01-01T00:00:00.5-00:00",
                "2025-01-01T24:00:00Z", "2025-01-01T00:00:00+23:59", "2025-01-01T00:00:00.1234567891Z", "2025-01-01", "2024-02-29",
                "2023-02-29", "2025-1-01", "0000-01-01T00:00:00Z", "1900-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "0000-01-01",
                "1900-02-29", "9999-12-31T23:59:59.999999999+17:59", "2025-06-30T12:00:00.000000001Z", "news:" + "a".repeat(64), "news:" + "a".repeat(64) + "\n", "news:" + "A".repeat(64),
                "dns:" + "0".repeat(64), "dns:" + "0".repeat(64) + "\n", "12345", "012345678901234567890", "12a", "1\n",
                "hep-th/9901001", "hep-th/9901001\n", "2411.01234", "2411.012345", "math.AG/0101001", "HEP-TH/9901001",
                "CLIENT_QUERY", "client_query", "INET6", "DOQ", "DNSCryptUDP", "café")) {
            ODD_VALUES.add(NODES.stringNode(text));
        }
    }

    @Test
    void everySchemaCompilesCompletely() {
        JsonSchemas schemas = new JsonSchemas();
        for (Source source : Source.values()) {
            assertThat(schemas.forSource(source).compiled().isComplete()).as(source.id()).isTrue();
        }
    }

    @Test
    void acceptsOnlyWhatTheFullValidatorAccepts() {
        JsonSchemas schemas = new JsonSchemas();
        Random random = new Random(5);
        int checked = 0;
        int fastAccepted = 0;
        for (Source source : Source.values()) {
            RawTopicSchema schema = schemas.forSource(source);
            for (JsonNode fixture : fixtures(source)) {
                assertThat(schema.compiled().accepts(fixture)).as("fixture of " + source.id() + ": " + fixture).isTrue();
                for (JsonNode variant : variants(fixture, random)) {
                    boolean full = schema.full().validate(variant).isEmpty();
                    boolean fast = schema.compiled().accepts(variant);
                    if (fast) {
                        assertThat(full).as(source.id() + " variant the full validator rejects: " + variant).isTrue();
                        fastAccepted++;
                    }
                    checked++;
                }
            }
            // Other sources' fixtures: mostly invalid here, a good source of mismatched shapes.
            for (Source other : Source.values()) {
                for (JsonNode fixture : fixtures(other)) {
                    if (schema.compiled().accepts(fixture)) {
                        assertThat(schema.full().validate(fixture)).as(source.id() + " on " + other.id()).isEmpty();
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(5_000);
        assertThat(fastAccepted).isGreaterThan(1_000);
    }

    private static List<JsonNode> variants(JsonNode base, Random random) {
        List<JsonNode> out = new ArrayList<>();
        ObjectNode object = (ObjectNode) base;
        List<String> names = new ArrayList<>(object.propertyNames());
        names.addAll(List.of("id", "ingested_at", "deleted", "latency_ms", "query_port", "message_type", "socket_family", "guid",
                "link", "authors", "answers", "flags", "version", "datestamp", "created", "updated", "submitted"));
        for (String name : names) {
            ObjectNode removed = object.deepCopy();
            removed.remove(name);
            out.add(removed);
            for (JsonNode odd : ODD_VALUES) {
                out.add(object.deepCopy().set(name, odd));
            }
            JsonNode value = object.get(name);
            if (value != null && value.isContainer() && !name.equals("payload")) {
                for (JsonNode nested : nestedVariants(value, random)) {
                    out.add(object.deepCopy().set(name, nested));
                }
            }
        }
        out.add(NODES.arrayNode().add(object));
        out.add(NODES.stringNode("x"));
        out.add(NODES.nullNode());
        return out;
    }

    private static List<JsonNode> nestedVariants(JsonNode value, Random random) {
        List<JsonNode> out = new ArrayList<>();
        if (value instanceof ObjectNode object) {
            for (String name : object.propertyNames()) {
                ObjectNode removed = object.deepCopy();
                removed.remove(name);
                out.add(removed);
                for (int i = 0; i < 8; i++) {
                    out.add(object.deepCopy().set(name, ODD_VALUES.get(random.nextInt(ODD_VALUES.size()))));
                }
            }
        } else if (value instanceof ArrayNode array) {
            for (JsonNode odd : ODD_VALUES) {
                out.add(array.deepCopy().add(odd));
            }
            for (int i = 0; i < Math.min(2, array.size()); i++) {
                for (JsonNode nested : nestedVariants(array.get(i), random)) {
                    out.add(array.deepCopy().set(i, nested));
                }
            }
        }
        return out;
    }

    static List<JsonNode> fixtures(Source source) {
        String dir = switch (source) {
            case ARXIV -> "arxiv";
            case GITHUB -> "github";
            case NEWS -> "news";
            case DNS -> "dns";
        };
        try (Stream<Path> files = Files.list(Path.of(CompiledSchemaTest.class.getResource("/fixtures/" + dir).toURI()))) {
            List<JsonNode> out = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    out.add(Json.mapper().readTree(in));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
