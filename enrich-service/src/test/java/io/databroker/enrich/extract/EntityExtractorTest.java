package io.databroker.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class EntityExtractorTest {

    private final EntityExtractor extractor = new EntityExtractor();

    private Entities extract(String text) {
        return extractor.extract(List.of(text), List.of(), List.of());
    }

    @Test
    void findsNewStyleArxivIdsWithAndWithoutVersionAndPrefix() {
        Entities entities = extract("See arXiv:2411.01234v2, also https://arxiv.org/abs/1606.04259 and (0704.0001).");

        assertThat(entities.arxivIds()).containsExactly("2411.01234v2", "1606.04259", "0704.0001");
    }

    @Test
    void findsOldStyleArxivIdsOfKnownArchivesOnly() {
        Entities entities = extract("cf. hep-th/9901001v3, math.AG/0309136 and arXiv:cond-mat/0211034, not foo/9901001");

        assertThat(entities.arxivIds()).containsExactly("hep-th/9901001v3", "math.AG/0309136", "cond-mat/0211034");
    }

    @Test
    void ignoresNumbersThatOnlyLookLikeArxivIds() {
        // month 13, version strings, six digits, part of a longer dotted number
        assertThat(extract("v1313.12345 build 2413.01234, 2411.012345, 1.2411.01234 and 2411.01234.5").arxivIds()).isEmpty();
    }

    @Test
    void findsDoisLowerCasedWithoutTrailingPunctuation() {
        Entities entities = extract("Published as doi:10.1103/PhysRevD.76.013009. Also (10.1140/epjc/s10052-017-5414-4).");

        assertThat(entities.dois()).containsExactly("10.1103/physrevd.76.013009", "10.1140/epjc/s10052-017-5414-4");
    }

    @Test
    void canonicalisesUrlsAndDerivesGithubRepos() {
        Entities entities = extract("Code: https://GitHub.com/Apache/Kafka.git, docs https://kafka.apache.org/documentation/?utm_source=x#intro; "
                + "issues at https://github.com/apache/kafka/issues/1 and https://github.com/features/actions.");

        assertThat(entities.urls()).containsExactly("https://github.com/Apache/Kafka.git", "https://kafka.apache.org/documentation/",
                "https://github.com/apache/kafka/issues/1", "https://github.com/features/actions");
        assertThat(entities.githubRepos()).containsExactly("apache/kafka");
    }

    @Test
    void keepsAtMostOneHundredUrls() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            text.append("https://example.org/page/").append(i).append(' ');
        }

        assertThat(extract(text.toString()).urls()).hasSize(EntityExtractor.MAX_URLS).first().isEqualTo("https://example.org/page/0");
    }

    @Test
    void takesGivenLinksAndDoisToo() {
        Entities entities = extractor.extract(List.of(), List.of("https://Example.org/a?fbclid=1"), List.of("10.1000/XYZ"));

        assertThat(entities.urls()).containsExactly("https://example.org/a");
        assertThat(entities.dois()).containsExactly("10.1000/xyz");
    }

    @Test
    void stripsTheVersionOfAnArxivId() {
        assertThat(ArxivIds.withoutVersion("2411.01234v12")).isEqualTo("2411.01234");
        assertThat(ArxivIds.withoutVersion("hep-th/9901001")).isEqualTo("hep-th/9901001");
    }
}
