package io.databroker.enrich.normalize;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where the entity extractor looks in a document (docs/documents.md, "Entities and joins"): the human text,
 * links given as links (a feed item's link, URLs in a GitHub payload) and DOIs given as such (arXiv's {@code doi}).
 */
public record EntitySources(List<String> texts, List<String> urls, List<String> dois) {

    public static final EntitySources NONE = new EntitySources(List.of(), List.of(), List.of());

    public EntitySources {
        texts = present(texts);
        urls = present(urls);
        dois = present(dois);
    }

    /** The non-null, non-empty values, in order (a plain loop: this runs for every record). */
    private static List<String> present(List<String> values) {
        List<String> out = new ArrayList<>(values.size());
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                out.add(value);
            }
        }
        return Collections.unmodifiableList(out);
    }
}
