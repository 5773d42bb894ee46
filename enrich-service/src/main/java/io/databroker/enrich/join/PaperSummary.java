package io.databroker.enrich.join;

import java.util.Objects;

import io.databroker.shared.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the paper-mentions join knows about one arXiv paper: the latest version seen on {@code arxiv_raw}. Keyed by the
 * arXiv id without version in the papers table.
 *
 * @param id              arXiv id without version ({@code 2411.01234}, {@code hep-th/9901001})
 * @param version         the version this summary comes from
 * @param title           its title (null when unknown, e.g. a deletion record)
 * @param primaryCategory its primary category
 * @param deleted         true when the latest record says the paper was withdrawn
 */
public record PaperSummary(String id, int version, String title, String primaryCategory, boolean deleted) {

    public PaperSummary {
        Objects.requireNonNull(id, "id");
    }

    /**
     * The summary to keep when {@code newer} arrives: the higher version wins, the later arrival on a tie (arXiv
     * updates a version's metadata, e.g. a journal reference). A deletion without metadata keeps the last known
     * title and category, so mentions of a withdrawn paper still say what it was.
     */
    public static PaperSummary latest(PaperSummary current, PaperSummary newer) {
        if (current == null) {
            return newer;
        }
        if (newer.version < current.version) {
            return current;
        }
        if (newer.deleted && newer.title == null) {
            return new PaperSummary(newer.id, newer.version, current.title, current.primaryCategory, true);
        }
        return newer;
    }

    public byte[] toJson() {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("id", id);
        node.put("version", version);
        node.put("title", title);
        node.put("primary_category", primaryCategory);
        node.put("deleted", deleted);
        return Json.mapper().writeValueAsBytes(node);
    }

    public static PaperSummary fromJson(byte[] json) {
        JsonNode node = Json.mapper().readTree(json);
        return new PaperSummary(node.get("id").asString(), node.path("version").asInt(1), JsonFields.text(node, "title"),
                JsonFields.text(node, "primary_category"), node.path("deleted").asBoolean(false));
    }
}
