package io.databroker.ingest.news.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import io.databroker.ingest.news.Fixtures;
import io.databroker.ingest.news.feed.FeedParser;
import io.databroker.ingest.news.feed.FeedSource;
import io.databroker.shared.json.Json;

/**
 * Every record we produce from every fixture validates against the published contract, schemas/news_feed.schema.json
 * (copied onto the test classpath by the build, never duplicated in git), with formats asserted as enrich-service does.
 */
class NewsFeedSchemaTest {

    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        try (InputStream in = NewsFeedSchemaTest.class.getClassLoader().getResourceAsStream("schemas/news_feed.schema.json")) {
            assertThat(in).as("schemas/news_feed.schema.json on the test classpath").isNotNull();
            schema = registry.getSchema(in);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rss091-iso-8859-1-no-dates.xml", "rss092-enclosure-no-guid.xml", "rss1-rdf-dc-date.xml", "rss1-rdf-iso-8859-1-content-encoded.xml",
            "rss2-cdata-html-rfc822.xml", "rss2-utf8-bom-crlf.xml", "rss2-gb2312-slash-dates.xml", "rss2-awkward-dates.xml",
            "rss2-relative-links-no-guids.xml", "rss2-no-xmldecl-leading-whitespace.xml", "atom-html-content.xml",
            "atom10-xml-base-relative.xml", "atom10-media-group.xml", "atom03-feed.xml"})
    void everyProducedRecordIsValidAgainstTheSchema(String fixture) {
        FeedSource source = new FeedSource(URI.create("https://feeds.example.org/" + fixture), "label", null, Duration.ofMinutes(10));
        List<NewsItem> items = new NewsItemMapper().map(new FeedParser().parse(Fixtures.feed(fixture), null), source,
                source.url(), Instant.parse("2025-03-01T12:00:00Z")).items();

        assertThat(items).isNotEmpty();
        for (NewsItem item : items) {
            List<Error> errors = schema.validate(Json.mapper().readTree(item.toJson()));
            assertThat(errors).as("schema violations of %s in %s", item.id(), fixture).isEmpty();
        }
    }
}
