package io.databroker.enrich.validate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;

/**
 * Loads the raw-topic JSON Schemas (the published contract in {@code schemas/}, packaged into this jar under
 * {@code schemas/}) so the contract and the check can never drift apart. Draft 2020-12; {@code format} is
 * asserted (2020-12 makes it an annotation by default), so {@code "format": "date-time"} really means RFC 3339.
 */
public final class JsonSchemas {

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    /** The schema of {@code source}'s raw topic, e.g. {@code schemas/news_feed.schema.json}. */
    public RawTopicSchema forSource(Source source) {
        String resource = "schemas/" + source.rawTopic().name() + ".schema.json";
        try (InputStream in = JsonSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " is not on the classpath");
            }
            JsonNode document = Json.mapper().readTree(in);
            Schema schema = registry.getSchema(document);
            schema.initializeValidators(); // fail at start-up, not on the first record
            return new RawTopicSchema(schema, CompiledSchema.compile(document));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }
}
