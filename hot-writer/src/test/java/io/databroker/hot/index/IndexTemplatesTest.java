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

    /** The canonical document contract; the news template must map every field it lists, with its type. */
    private static final Path DOCUMENTS_MD = Path.of("..", "docs", "documents.md");
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([a-z_]+)` \\| [^|]+ \\| ([a-z_]+) \\|");

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

    @Test
    void newsTemplateMapsEveryNewsFieldOfTheDocumentContract() throws IOException {
        JsonNode properties = templates(Map.of()).render(Source.NEWS).at("/template/mappings/properties");
        Map<String, String> expected = new LinkedHashMap<>(documentedFields("Fields every source has"));
        expected.putAll(documentedFields("news"));

        assertThat(expected).containsKeys("title", "published", "summary", "content", "categories");
        assertThat(mappedTypes(properties, expected.keySet())).isEqualTo(expected);
        assertThat(properties.size()).isEqualTo(expected.size());
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

    /** field → Elasticsearch type from the table under {@code ## <heading>} in docs/documents.md. */
    private static Map<String, String> documentedFields(String heading) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(DOCUMENTS_MD)) {
            if (line.startsWith("## ")) {
                inSection = line.substring(3).trim().equals(heading);
                continue;
            }
            Matcher row = TABLE_ROW.matcher(line);
            if (inSection && row.find()) {
                fields.put(row.group(1), row.group(2));
            }
        }
        assertThat(fields).as("fields under '## %s' in %s", heading, DOCUMENTS_MD).isNotEmpty();
        return fields;
    }

    private static Map<String, String> mappedTypes(JsonNode properties, Iterable<String> fields) {
        Map<String, String> types = new LinkedHashMap<>();
        for (String field : fields) {
            JsonNode mapping = properties.get(field);
            types.put(field, mapping == null ? "<unmapped>" : mapping.get("type").asString());
        }
        return types;
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().toList();
    }
}
