package io.databroker.enrich.normalize;

import java.util.List;

/**
 * Where the entity extractor looks in a document (docs/documents.md, "Entities and joins"): the human text,
 * links given as links (a feed item's link, URLs in a GitHub payload) and DOIs given as such (arXiv's {@code doi}).
 */
public record EntitySources(List<String> texts, List<String> urls, List<String> dois) {

    public static final EntitySources NONE = new EntitySources(List.of(), List.of(), List.of());

    public EntitySources {
        texts = texts.stream().filter(t -> t != null && !t.isEmpty()).toList();
        urls = urls.stream().filter(u -> u != null && !u.isEmpty()).toList();
        dois = dois.stream().filter(d -> d != null && !d.isEmpty()).toList();
    }
}
