package io.databroker.launcher.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.databroker.testsupport.FreePorts;
import io.databroker.testsupport.HttpProbe;
import io.databroker.testsupport.Pipeline.Service;

/** The replay server answers as the sources would, on a real local port. */
class ReplayServerTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void arxivPagesComeInOrderThenTheHarvestIsCaughtUp() {
        try (ReplayServer server = start()) {
            String oai = server.environment().get(Service.INGEST_ARXIV).get("BROKER_ARXIV_BASE_URL");

            assertThat(HttpProbe.get(oai + "?verb=ListRecords&metadataPrefix=arXivRaw&from=2026-11-20").body())
                    .contains("<identifier>oai:arXiv.org:2611.04321</identifier>", "<datestamp>2026-11-21</datestamp>")
                    .contains("<date>Thu, 19 Nov 2026 18:00:00 GMT</date>")
                    .doesNotContain("{{");
            assertThat(HttpProbe.get(oai + "?verb=ListRecords&resumptionToken=sample-harvest%7C2").body())
                    .contains("oai:arXiv.org:2611.09999");
            assertThat(HttpProbe.get(oai + "?verb=ListRecords&metadataPrefix=arXivRaw&from=2026-11-21").body())
                    .contains("<error code=\"noRecordsMatch\">");
        }
    }

    @Test
    void githubAndFeedsAnswerNothingUntilReleasedThenTheSamples() {
        try (ReplayServer server = start()) {
            String events = server.environment().get(Service.INGEST_GITHUB).get("BROKER_GITHUB_API_URL") + "/events?per_page=100";
            String[] feeds = server.environment().get(Service.INGEST_NEWS).get("BROKER_NEWS_FEEDS").split(",");
            assertThat(feeds).hasSize(2);
            assertThat(HttpProbe.get(events).body()).isEqualTo("[]");
            assertThat(HttpProbe.get(feeds[1]).body()).contains("<channel>").doesNotContain("<item>");

            server.releaseGithubAndNews();

            var page = HttpProbe.get(events);
            assertThat(page.headers().firstValue("ETag")).hasValue("\"replay-1\"");
            assertThat(page.body()).contains("\"created_at\": \"2026-11-21T09:00:00Z\"");
            var rss = HttpProbe.get(feeds[1]);
            assertThat(rss.headers().firstValue("Content-Type")).hasValue("application/rss+xml");
            assertThat(rss.body()).contains("<item>").contains("<pubDate>Sat, 21 Nov 2026 08:00:00 GMT</pubDate>");
            assertThat(HttpProbe.get(feeds[0]).body()).contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">");
        }
    }

    @Test
    void servicesArePointedAtTheServerAndTheRetimedCaptures() throws IOException {
        try (ReplayServer server = start()) {
            Map<Service, Map<String, String>> env = server.environment();

            assertThat(env.get(Service.INGEST_GITHUB)).containsEntry("BROKER_GITHUB_TOKEN", "")
                    .containsEntry("BROKER_GITHUB_API_URL", server.url() + "/github");
            assertThat(env.get(Service.INGEST_NEWS)).containsEntry("BROKER_NEWS_OPML", "");
            Path capture = Path.of(env.get(Service.INGEST_DNS).get("BROKER_DNS_REPLAY_FILES"));
            assertThat(capture).isEqualTo(dir.resolve("work/dns/resolver-clients.dnstap"));
            FrameStreamsFile file = FrameStreamsFile.parse(Files.readAllBytes(capture));
            assertThat(file.frames().stream().mapToLong(f -> DnstapCaptureRetimer.newestSecond(f).orElseThrow()).max())
                    .hasValue(NOW.getEpochSecond());
        }
    }

    @Test
    void aDirectoryWithoutSamplesReplaysNothing() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        try (ReplayServer server = ReplayServer.start(new ReplaySamples(dir.resolve("empty")), FreePorts.one(),
                dir.resolve("work"), NOW)) {
            server.releaseGithubAndNews();

            assertThat(HttpProbe.get(server.url() + "/github/events").body()).isEqualTo("[]");
            assertThat(HttpProbe.get(server.environment().get(Service.INGEST_ARXIV).get("BROKER_ARXIV_BASE_URL")).body())
                    .contains("noRecordsMatch");
            assertThat(server.environment().get(Service.INGEST_NEWS)).containsEntry("BROKER_NEWS_FEEDS", "");
            assertThat(server.environment().get(Service.INGEST_DNS)).containsEntry("BROKER_DNS_REPLAY_FILES", "");
        }
    }

    private ReplayServer start() {
        ReplaySamples samples = ReplaySamples.unpackBundled(dir.resolve("samples"));
        return ReplayServer.start(samples, FreePorts.one(), dir.resolve("work"), NOW);
    }
}
