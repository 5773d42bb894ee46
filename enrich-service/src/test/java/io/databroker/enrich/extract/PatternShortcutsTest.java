package io.databroker.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;

/**
 * The extractors try their patterns only where a match can start; on texts built from the tokens that matter
 * (digits, dots, slashes, 'arXiv:', '10.', word characters) they must find exactly what a plain {@code find()} loop
 * over the whole text finds.
 */
class PatternShortcutsTest {

    private static final List<String> TOKENS = List.of("2411", ".", "01234", "0123", "v2", "arXiv:", "ARXIV:", "xarxiv:", "hep-th",
            "/", "9901001", "10.", "1000", "/abc", ")", "(", " ", "-", "_", "a", "9", "1.", "doi:", "math.AG", "2413", "12");

    @Test
    void arxivIdsAsAPlainScanFindsThem() {
        Random random = new Random(17);
        for (int i = 0; i < 100_000; i++) {
            String text = randomText(random);
            Set<String> expected = new LinkedHashSet<>();
            Matcher m = ArxivIds.NEW_STYLE.matcher(text);
            while (m.find()) {
                expected.add(m.group(1).toLowerCase(Locale.ROOT));
            }
            Matcher old = ArxivIds.OLD_STYLE.matcher(text);
            while (old.find()) {
                if (ArxivIds.OLD_ARCHIVES.contains(old.group(2))) {
                    expected.add(old.group(1));
                }
            }
            Set<String> actual = new LinkedHashSet<>();
            ArxivIds.find(text, actual);
            assertThat(actual).as(text).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void doisAsAPlainScanFindsThem() {
        Random random = new Random(19);
        EntityExtractor extractor = new EntityExtractor();
        for (int i = 0; i < 100_000; i++) {
            String text = randomText(random);
            Set<String> expected = new LinkedHashSet<>();
            Matcher m = EntityExtractor.DOI.matcher(text);
            while (m.find()) {
                expected.add(EntityExtractor.trimTrailingPunctuation(m.group()).toLowerCase(Locale.ROOT));
            }
            assertThat(extractor.extract(List.of(), List.of(), List.of(text)).dois()).as(text).containsExactlyElementsOf(expected);
        }
    }

    private static String randomText(Random random) {
        List<String> parts = new ArrayList<>();
        int count = 1 + random.nextInt(12);
        for (int i = 0; i < count; i++) {
            parts.add(TOKENS.get(random.nextInt(TOKENS.size())));
        }
        return String.join("", parts);
    }
}
