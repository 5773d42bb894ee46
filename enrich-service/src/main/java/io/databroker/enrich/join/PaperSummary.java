package io.databroker.enrich.join;

import java.util.Objects;

import tools.jackson.core.JsonParser;


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
        return JoinJson.write(json -> {
            json.writeStringProperty("id", id);
            json.writeNumberProperty("version", version);
            json.writeStringProperty("title", title);
            json.writeStringProperty("primary_category", primaryCategory);
            json.writeBooleanProperty("deleted", deleted);
        });
    }

    public static PaperSummary fromJson(byte[] bytes) {
        String id = null;
        int version = 1;
        String title = null;
        String primaryCategory = null;
        boolean deleted = false;
        try (JsonParser json = JoinJson.objectParser(bytes)) {
            while (JoinJson.nextProperty(json)) {
                switch (json.currentName()) {
                    case "id" -> id = JoinJson.text(json);
                    case "version" -> version = json.getValueAsInt(1);
                    case "title" -> title = JoinJson.text(json);
                    case "primary_category" -> primaryCategory = JoinJson.text(json);
                    case "deleted" -> deleted = json.getValueAsBoolean(false);
                    default -> json.skipChildren();
                }
            }
        }
        return new PaperSummary(id, version, title, primaryCategory, deleted);
    }
}
