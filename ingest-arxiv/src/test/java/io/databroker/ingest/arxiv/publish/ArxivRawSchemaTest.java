package io.databroker.ingest.arxiv.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
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

import io.databroker.ingest.arxiv.oaipmh.Fixtures;
import io.databroker.ingest.arxiv.oaipmh.OaiRecord;
import io.databroker.shared.json.Json;

/**
 * Every record we produce from every fixture validates against the published contract, schemas/arxiv_raw.schema.json
 * (copied onto the test classpath by the build, never duplicated in git), with formats asserted as enrich-service does.
 */
class ArxivRawSchemaTest {

    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        try (InputStream in = ArxivRawSchemaTest.class.getClassLoader().getResourceAsStream("schemas/arxiv_raw.schema.json")) {
            assertThat(in).as("schemas/arxiv_raw.schema.json on the test classpath").isNotNull();
            schema = registry.getSchema(in);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"list-records-arxivraw-page-1.xml", "list-records-arxivraw-page-2.xml",
            "list-records-arxivraw-page-3-last.xml", "list-records-arxiv-schemas-namespace.xml"})
    void everyProducedRecordIsValidAgainstTheSchema(String fixture) throws IOException {
        ArxivRecordMapper mapper = new ArxivRecordMapper();
        List<ArxivRecord> produced = new ArrayList<>();
        for (OaiRecord record : Fixtures.records(fixture)) {
            produced.addAll(mapper.map(record, Instant.parse("2026-01-06T06:00:00Z")).records());
        }

        assertThat(produced).isNotEmpty();
        for (ArxivRecord record : produced) {
            List<Error> errors = schema.validate(Json.mapper().readTree(record.toJson()));
            assertThat(errors).as("schema violations of %s", record.id()).isEmpty();
        }
    }
}
