package io.databroker.ingest.github.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import io.databroker.ingest.github.GithubFixtures;
import io.databroker.shared.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * Every record value we produce from every fixture validates against the published contract,
 * schemas/github_events.schema.json (copied onto the test classpath by the build, never duplicated in git), with
 * formats asserted as enrich-service does.
 */
class GithubEventsSchemaTest {

    private static final byte[] INGESTED = GithubEventParser.ingestedAtField(Instant.parse("2026-01-06T06:00:00Z"));
    private static Schema schema;
    private final GithubEventParser parser = new GithubEventParser(1_000_000);

    @BeforeAll
    static void loadSchema() throws IOException {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        try (InputStream in = GithubEventsSchemaTest.class.getClassLoader().getResourceAsStream("schemas/github_events.schema.json")) {
            assertThat(in).as("schemas/github_events.schema.json on the test classpath").isNotNull();
            schema = registry.getSchema(in);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"public-events-2025-06.json", "public-events-e00-e09.json", "public-events-e10-e19.json",
            "public-events-e20-e29.json"})
    void everyEventsApiRecordIsValid(String page) {
        List<GithubEvent> produced = new ArrayList<>();
        for (JsonNode element : Json.mapper().readTree(GithubFixtures.eventsPage(page))) {
            byte[] bytes = Json.mapper().writeValueAsBytes(element);
            produced.add(parser.parse(bytes, 0, bytes.length, INGESTED));
        }
        assertValid(produced);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2015-01-01-12.json", "2015-01-01-14.json"})
    void everyGhArchiveRecordIsValid(String hour) {
        List<GithubEvent> produced = new ArrayList<>();
        for (String line : GithubFixtures.archiveLines(hour)) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            produced.add(parser.parse(bytes, 0, bytes.length, INGESTED));
        }
        assertValid(produced);
    }

    private static void assertValid(List<GithubEvent> produced) {
        assertThat(produced).isNotEmpty();
        for (GithubEvent event : produced) {
            List<Error> errors = schema.validate(Json.mapper().readTree(event.json()));
            assertThat(errors).as("schema violations of %s", event.id()).isEmpty();
        }
    }
}
