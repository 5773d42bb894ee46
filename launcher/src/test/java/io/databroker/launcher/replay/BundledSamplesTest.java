package io.databroker.launcher.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import io.databroker.testsupport.FeedTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The samples {@code ./run-local --replay} ships: complete, in their real formats, recent once rendered. */
class BundledSamplesTest {

    private static final Path SOURCES = Path.of("src/main/resources/samples");

    @TempDir
    Path dir;

    @Test
    void theIndexListsEverySampleFileAndUnpackingCopiesThemAll() throws IOException {
        List<String> inTree;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            inTree = files.filter(Files::isRegularFile).map(f -> SOURCES.relativize(f).toString())
                    .filter(name -> !name.equals("files.txt")).sorted().toList();
        }

        assertThat(ReplaySamples.bundledFiles()).containsExactlyInAnyOrderElementsOf(inTree);
        ReplaySamples samples = ReplaySamples.unpackBundled(dir.resolve("samples"));
        assertThat(samples.arxivPages()).hasSize(2);
        assertThat(samples.githubPages()).hasSize(1);
        assertThat(samples.feeds()).hasSize(2);
        assertThat(samples.dnsCaptures()).hasSize(1);
    }

    @Test
    void arxivPagesAreOaiPmhListRecordsWithRecentVersions() throws Exception {
        ReplaySamples samples = ReplaySamples.unpackBundled(dir);
        Document first = xml(samples.arxivPages().get(0));
        Document last = xml(samples.arxivPages().get(1));

        assertThat(first.getDocumentElement().getLocalName()).isEqualTo("OAI-PMH");
        assertThat(first.getElementsByTagNameNS("*", "record").getLength()).isEqualTo(2);
        assertThat(first.getElementsByTagNameNS("*", "resumptionToken").item(0).getTextContent()).isNotBlank();
        assertThat(last.getElementsByTagNameNS("*", "resumptionToken").item(0).getTextContent()).isEmpty();
        assertThat(first.getElementsByTagNameNS("http://arxiv.org/OAI/arXivRaw/", "version").getLength()).isEqualTo(3);
    }

    @Test
    void githubPageIsAnEventsArrayWithRecentEvents() throws IOException {
        ReplaySamples samples = ReplaySamples.unpackBundled(dir);
        Instant now = Instant.now();
        JsonNode events = JsonMapper.builder().build()
                .readTree(FeedTemplate.render(Files.readAllBytes(samples.githubPages().get(0)), now));

        assertThat(events.isArray()).isTrue();
        assertThat(events.size()).isEqualTo(4);
        for (JsonNode event : events) {
            assertThat(event.path("id").asString()).matches("\\d+");
            assertThat(Instant.parse(event.path("created_at").asString())).isBetween(now.minusSeconds(86_400), now);
        }
    }

    @Test
    void feedsAreRssAndAtom() throws Exception {
        ReplaySamples samples = ReplaySamples.unpackBundled(dir);

        assertThat(samples.feeds()).extracting(feed -> xml(feed).getDocumentElement().getLocalName())
                .containsExactlyInAnyOrder("rss", "feed");
    }

    @Test
    void dnsCaptureIsExactlyWhatTheGeneratorWrites() throws IOException {
        ReplaySamples samples = ReplaySamples.unpackBundled(dir);

        assertThat(Files.readAllBytes(samples.dnsCaptures().get(0))).isEqualTo(DnstapSampleCapture.build());
    }

    private static Document xml(Path file) throws Exception {
        byte[] rendered = FeedTemplate.render(Files.readAllBytes(file), Instant.now());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(rendered));
    }
}
