package io.databroker.hot.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.databroker.hot.config.TestSettings;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class IndexTemplatesTest {

    /** The canonical document contract; each template must map every field it lists, with its type. */
    private static final Path DOCUMENTS_MD = Path.of("..", "docs", "documents.md");
    /** A table row: | `field`[, `field`…] | JSON | Elasticsearch | … */
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| ((?:`[a-z_]+`(?:, )?)+) \\|[^|]*\\| *([a-z_]+)[^|]*\\|");
    private static final Pattern FIELD = Pattern.compile("`([a-z_]+)`");
    private static final String COMMON = "Fields every source has";
    private static final String ENTITIES = "Entities and joins";

    @ParameterizedTest
    @EnumSource(Source.class)
    void packagedFileIsAnOperatorReadyTemplate(Source source) {
        ObjectNode file = JsonResources.load(IndexTemplates.RESOURCE.formatted(source.id()));

        assertThat(file.get("index_patterns").toString()).isEqualTo("[\"" + source.id() + "_recent-*\"]");
        assertThat(file.at("/template/aliases").has(source.id() + "_recent")).isTrue();
        assertThat(file.at("/template/mappings/dynamic").asBoolean(true)).isFalse();
        assertThat(file.at("/template/settings/index/lifecycle/name").asString()).isEqualTo(IndexLifecycle.POLICY);
        assertThat(file.at("/template/settings/index/lifecycle/parse_origination_date").asBoolean()).isTrue();
        assertThat(file.at("/template/settings/index/analysis/analyzer/default/type").asString()).isEqualTo("english");
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void everyTemplateMapsTheCommonFieldsOfTheDocumentContract(Source source) throws IOException {
        JsonNode properties = templates(Map.of()).render(source).at("/template/mappings/properties");

        assertThat(mappedTypes(properties, documentedFields("Fields every source has").keySet()))
                .isEqualTo(documentedFields("Fields every source has"));
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void everyTemplateMapsExactlyTheFieldsOfItsSourceInTheDocumentContract(Source source) throws IOException {
        JsonNode properties = templates(Map.of()).render(source).at("/template/mappings/properties");
        Map<String, String> expected = new LinkedHashMap<>(documentedFields(COMMON));
        Map<String, String> entities = documentedFields(ENTITIES);
        if (source == Source.ARXIV) {
            // arxiv has the entity fields but no joins (docs/documents.md#arxiv).
            entities.remove("linked_papers");
            entities.remove("domains");
        }
        if (source != Source.DNS) {
            expected.putAll(entities);
        }
        expected.putAll(documentedFields(source.id()));

        assertThat(mappedTypes(properties, expected.keySet())).isEqualTo(expected);
        assertThat(properties.propertyNames()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    @Test
    void theFieldsAnalystsQueryHaveTheTypesTheirQueriesNeed() throws IOException {
        JsonNode news = templates(Map.of()).render(Source.NEWS).at("/template/mappings/properties");
        JsonNode arxiv = templates(Map.of()).render(Source.ARXIV).at("/template/mappings/properties");
        JsonNode github = templates(Map.of()).render(Source.GITHUB).at("/template/mappings/properties");
        JsonNode dns = templates(Map.of()).render(Source.DNS).at("/template/mappings/properties");

        assertThat(documentedFields("news")).containsKeys("title", "published", "summary", "content", "categories");
        assertThat(news.at("/linked_papers/properties/title/type").asString()).isEqualTo("text");
        assertThat(news.at("/domains/properties/first_seen/type").asString()).isEqualTo("date");
        assertThat(news.at("/domains/properties/name/type").asString()).isEqualTo("keyword");
        assertThat(arxiv.at("/author_names/fields/keyword/type").asString()).isEqualTo("keyword");
        assertThat(arxiv.at("/authors/properties/keyname/type").asString()).isEqualTo("keyword");
        // The payload is kept in _source for readers but never indexed: its shape varies per event type.
        assertThat(github.at("/payload/enabled").asBoolean(true)).isFalse();
        assertThat(dns.at("/answers/properties/ttl/type").asString()).isEqualTo("long");
        assertThat(dns.at("/answers/properties/data/type").asString()).isEqualTo("keyword");
    }

    @Test
    void eventDateIsMappedAsAStrictDay() {
        JsonNode eventDate = templates(Map.of()).render(Source.NEWS).at("/template/mappings/properties/event_date");

        assertThat(eventDate.get("format").asString()).isEqualTo("strict_date");
    }

    @Test
    void appliesTheConfiguredIndexSettings() {
        ObjectNode body = templates(Map.of(
                "hot.number-of-shards", "3",
                "hot.number-of-replicas", "0",
                "hot.refresh-interval", "30s",
                "hot.text-analyzer", "standard")).render(Source.NEWS);

        JsonNode index = body.at("/template/settings/index");
        assertThat(index.get("number_of_shards").asInt()).isEqualTo(3);
        assertThat(index.get("number_of_replicas").asInt()).isEqualTo(0);
        assertThat(index.get("refresh_interval").asString()).isEqualTo("30s");
        assertThat(index.at("/analysis/analyzer/default/type").asString()).isEqualTo("standard");
    }

    @Test
    void attachesTheIlmPolicyWhenIlmIsEnabled() {
        JsonNode lifecycle = templates(Map.of()).render(Source.NEWS).at("/template/settings/index/lifecycle");

        assertThat(lifecycle.get("name").asString()).isEqualTo("hot_store_policy");
        assertThat(lifecycle.get("parse_origination_date").asBoolean()).isTrue();
    }

    @Test
    void leavesOutEveryIlmSettingWhenIlmIsDisabled() {
        ObjectNode body = templates(Map.of("hot.ilm.enabled", "false")).render(Source.NEWS);

        assertThat(body.at("/template/settings/index").has("lifecycle")).isFalse();
        assertThat(body.toString()).doesNotContain("lifecycle");
    }

    @Test
    void prefixesPatternAndAlias() {
        ObjectNode body = templates(Map.of("hot.index-prefix", "t9_")).render(Source.NEWS);

        assertThat(body.get("index_patterns").toString()).isEqualTo("[\"t9_news_recent-*\"]");
        assertThat(fieldNames(body.at("/template/aliases"))).containsExactly("t9_news_recent");
    }

    private static IndexTemplates templates(Map<String, String> overrides) {
        var hot = TestSettings.hot(overrides);
        // render() never touches the client
        return new IndexTemplates(null, new DailyIndexRouter(hot.indexPrefix()), hot);
    }

    /**
     * field → Elasticsearch type (first word of the column, e.g. "text" of "text + keyword sub-field") from the table
     * under the {@code ## } heading starting with {@code heading} in docs/documents.md. Rows without a type (the
     * "entities, as above" reminders) are left out.
     */
    private static Map<String, String> documentedFields(String heading) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(DOCUMENTS_MD)) {
            if (line.startsWith("## ")) {
                inSection = line.substring(3).trim().startsWith(heading);
                continue;
            }
            Matcher row = TABLE_ROW.matcher(line);
            if (inSection && row.find()) {
                Matcher field = FIELD.matcher(row.group(1));
                while (field.find()) {
                    fields.put(field.group(1), row.group(2));
                }
            }
        }
        assertThat(fields).as("fields under '## %s' in %s", heading, DOCUMENTS_MD).isNotEmpty();
        return fields;
    }

    private static Map<String, String> mappedTypes(JsonNode properties, Iterable<String> fields) {
        Map<String, String> types = new LinkedHashMap<>();
        for (String field : fields) {
            JsonNode mapping = properties.get(field);
            types.put(field, mapping == null ? "<unmapped>" : mapping.path("type").asString("object"));
        }
        return types;
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().toList();
    }
}
