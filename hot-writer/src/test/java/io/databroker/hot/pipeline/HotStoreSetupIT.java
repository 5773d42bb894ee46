package io.databroker.hot.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.databroker.hot.config.HotWriterProperties;
import io.databroker.hot.config.TestSettings;
import io.databroker.hot.index.IndexTemplates;
import io.databroker.shared.topic.Source;
import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.KafkaBroker;
import tools.jackson.databind.JsonNode;

/** Installing the ILM policy and index templates against the real (integ-test, ILM-less) node. */
class HotStoreSetupIT {

    private HotStoreFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new HotStoreFixture(KafkaBroker.shared().bootstrapServers(), ElasticsearchNode.shared().httpUrl(), 1);
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void installingTwiceLeavesOneTemplateWhoseAliasAndMappingsApplyToNewDailyIndices() {
        fixture.installTemplates();
        fixture.installTemplates();

        String template = fixture.router.templateName(Source.NEWS);
        JsonNode templates = fixture.perform("GET", "/_index_template/" + template, null).get("index_templates");
        assertThat(templates).hasSize(1);
        assertThat(templates.get(0).at("/index_template/index_patterns/0").asString())
                .isEqualTo(fixture.router.indexPattern(Source.NEWS));

        String index = fixture.router.index(Source.NEWS, LocalDate.of(2026, 11, 20));
        fixture.perform("PUT", "/" + index + "/_doc/news:1?refresh=true",
                "{\"id\":\"news:1\",\"event_date\":\"2026-11-20\",\"title\":\"Aliases work\",\"unmapped\":{\"x\":1}}");

        JsonNode alias = fixture.perform("GET", "/_alias/" + fixture.router.alias(Source.NEWS), null);
        assertThat(alias.propertyNames()).containsExactly(index);
        JsonNode mapping = fixture.perform("GET", "/" + index + "/_mapping", null).at("/" + index + "/mappings");
        assertThat(mapping.get("dynamic").asString()).isEqualTo("false");
        assertThat(mapping.at("/properties/title/type").asString()).isEqualTo("text");
        assertThat(mapping.at("/properties").has("unmapped")).isFalse();
        JsonNode settings = fixture.perform("GET", "/" + index + "/_settings", null).at("/" + index + "/settings/index");
        assertThat(settings.get("number_of_replicas").asString()).isEqualTo("0");
        assertThat(settings.at("/analysis/analyzer/default/type").asString()).isEqualTo("standard");
        assertThat(fixture.count()).isEqualTo(1);
    }

    @Test
    void aChangedTemplateIsUpdatedInPlaceAndAppliesToTheNextDailyIndex() throws Exception {
        fixture.installTemplates();
        HotWriterProperties.Hot changed = TestSettings.hot(Map.of(
                "hot.hosts", fixture.settings.hosts().get(0).toString(),
                "hot.index-prefix", fixture.settings.indexPrefix(),
                "hot.sources", "news",
                "hot.text-analyzer", "standard",
                "hot.ilm.enabled", "false",
                "hot.number-of-replicas", "0",
                "hot.refresh-interval", "30s"));
        // The next start-up, with a changed setting.
        new IndexTemplates(fixture.connection.restClient(), fixture.router, changed).install(List.of(Source.NEWS));

        JsonNode templates = fixture.perform("GET", "/_index_template/" + fixture.router.templateName(Source.NEWS),
                null).get("index_templates");
        assertThat(templates).hasSize(1);
        assertThat(templates.get(0).at("/index_template/template/settings/index/refresh_interval").asString())
                .isEqualTo("30s");
        String index = fixture.router.index(Source.NEWS, LocalDate.of(2026, 11, 21));
        fixture.perform("PUT", "/" + index + "/_doc/news:2?refresh=true", "{\"id\":\"news:2\",\"event_date\":\"2026-11-21\"}");
        JsonNode settings = fixture.perform("GET", "/" + index + "/_settings", null).at("/" + index + "/settings/index");
        assertThat(settings.get("refresh_interval").asString()).isEqualTo("30s");
    }

    @Test
    void refusesToStartWhenIlmIsWantedButTheClusterHasNone() {
        assertThatThrownBy(() -> fixture.setup(true).run(fixture.settings.sources()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no index lifecycle management")
                .hasMessageContaining("broker.hot.ilm.enabled=false");

        JsonNode templates = fixture.perform("GET", "/_index_template/" + fixture.router.templateName(Source.NEWS)
                + "?ignore=404", null);
        assertThat(templates.path("index_templates").isMissingNode() || templates.path("index_templates").isEmpty())
                .as("no template installed after the refusal: %s", templates).isTrue();
    }
}
