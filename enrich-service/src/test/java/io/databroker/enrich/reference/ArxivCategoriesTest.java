package io.databroker.enrich.reference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArxivCategoriesTest {

    private final ArxivCategories categories = ArxivCategories.load();

    @Test
    void namesCurrentLegacyAndArchiveLevelCategories() {
        assertThat(categories.find("cs.LG")).hasValue(new ArxivCategories.Category("cs.LG", "cs", "Machine Learning"));
        assertThat(categories.find("hep-th")).hasValue(new ArxivCategories.Category("hep-th", "hep-th", "High Energy Physics - Theory"));
        assertThat(categories.find("astro-ph.GA").orElseThrow().archive()).isEqualTo("astro-ph");
        assertThat(categories.find("physics.optics").orElseThrow().archive()).isEqualTo("physics");
        assertThat(categories.find("alg-geom").orElseThrow().name()).isEqualTo("Algebraic Geometry");
        assertThat(categories.find("cond-mat").orElseThrow().name()).isEqualTo("Condensed Matter");
        assertThat(categories.size()).isGreaterThan(150);
    }

    @Test
    void unknownCodesHaveNoEntryButAnArchive() {
        assertThat(categories.find("cs.XX")).isEmpty();
        assertThat(categories.find(null)).isEmpty();
        assertThat(ArxivCategories.archiveOf("cs.XX")).isEqualTo("cs");
        assertThat(ArxivCategories.archiveOf("quant-ph")).isEqualTo("quant-ph");
    }
}
