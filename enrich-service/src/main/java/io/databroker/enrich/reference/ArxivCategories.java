package io.databroker.enrich.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * arXiv's category taxonomy (https://arxiv.org/category_taxonomy, legacy archives included), from the bundled
 * {@code reference/arxiv-categories.tsv}: code → human name and archive ({@code cs.LG} → Machine Learning, cs).
 */
public final class ArxivCategories {

    private static final String RESOURCE = "reference/arxiv-categories.tsv";

    /** One row of the taxonomy. */
    public record Category(String code, String archive, String name) {
    }

    private final Map<String, Category> byCode;

    private ArxivCategories(Map<String, Category> byCode) {
        this.byCode = Map.copyOf(byCode);
    }

    /** The bundled taxonomy; fails at start-up, not on the first record, if the resource is missing or broken. */
    public static ArxivCategories load() {
        try (InputStream in = ArxivCategories.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            Map<String, Category> byCode = new HashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                if (columns.length != 3) {
                    throw new IllegalStateException(RESOURCE + ": expected code, archive, name in '" + line + "'");
                }
                byCode.put(columns[0], new Category(columns[0], columns[1], columns[2]));
            }
            return new ArxivCategories(byCode);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }

    public Optional<Category> find(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(code));
    }

    /**
     * The archive of a code, also for codes the taxonomy does not list yet (a category arXiv added later): the part
     * before the first dot, which is how arXiv builds its codes.
     */
    public static String archiveOf(String code) {
        int dot = code.indexOf('.');
        return dot < 0 ? code : code.substring(0, dot);
    }

    public int size() {
        return byCode.size();
    }
}
