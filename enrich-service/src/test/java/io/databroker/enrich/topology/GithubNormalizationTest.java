package io.databroker.enrich.topology;

import static io.databroker.enrich.topology.EnrichTopologyFixture.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;

/** GitHub events, verbatim from GH Archive and the Events API, keep their payload and gain the searched-on fields. */
class GithubNormalizationTest {

    private final EnrichTopologyFixture fixture = new EnrichTopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void ghArchiveIssueCommentKeepsPayloadVerbatimAndExtractsSearchFields() {
        String raw = fixture("github/gharchive-2015-issue-comment.json");

        fixture.pipe(Source.GITHUB, "2489582725", raw);

        var out = fixture.enriched.get(Source.GITHUB).readRecord();
        JsonNode doc = Json.mapper().readTree(out.value());
        assertThat(out.key()).isEqualTo("github:2489582725");
        assertThat(doc.get("id").asString()).isEqualTo("github:2489582725");
        assertThat(doc.get("source").asString()).isEqualTo("github");
        assertThat(doc.get("event_id").asString()).isEqualTo("2489582725");
        assertThat(doc.get("type").asString()).isEqualTo("IssueCommentEvent");
        assertThat(doc.get("actor_login").asString()).isEqualTo("GrahamCampbell");
        assertThat(doc.get("actor_id").asLong()).isEqualTo(2829600);
        assertThat(doc.get("repo_name").asString()).isEqualTo("cachethq/Cachet");
        assertThat(doc.get("repo_id").asLong()).isEqualTo(26730195);
        assertThat(doc.get("action").asString()).isEqualTo("created");
        assertThat(doc.get("number").asLong()).isEqualTo(188);
        assertThat(doc.get("title").asString()).isEqualTo("Use Of Facades :(");
        assertThat(doc.get("text").asString()).startsWith("Use Of Facades :( Can we only uses facades in controllers");
        assertThat(doc.get("event_time").asString()).isEqualTo("2015-01-01T12:00:17Z");
        assertThat(doc.get("event_date").asString()).isEqualTo("2015-01-01");
        assertThat(doc.get("ingested_at").asString()).isEqualTo("2025-03-01T11:00:00Z");
        assertThat(doc.get("payload")).isEqualTo(Json.mapper().readTree(raw).get("payload"));
        assertThat(doc.get("github_repos")).extracting(JsonNode::asString).containsExactly("cachethq/cachet");
        assertThat(doc.get("urls")).extracting(JsonNode::asString).doesNotContain("https://api.github.com/repos/cachethq/Cachet/issues/188");
        assertThat(CloudEventHeaders.text(out.headers(), CloudEventHeaders.SOURCE)).isEqualTo("https://github.com/cachethq/Cachet");
    }

    @Test
    void pushEventHasRefAndCommitMessagesAsText() {
        fixture.pipe(Source.GITHUB, "50486820386", fixture("github/rest-2025-push.json"));

        JsonNode doc = fixture.onlyDocument(Source.GITHUB);
        assertThat(doc.get("type").asString()).isEqualTo("PushEvent");
        assertThat(doc.get("ref").asString()).isEqualTo("refs/heads/master");
        assertThat(doc.get("action").isNull()).isTrue();
        assertThat(doc.get("number").isNull()).isTrue();
        assertThat(doc.get("title").isNull()).isTrue();
        assertThat(doc.get("text").asString()).startsWith("Refactor: Use token_get_all in Registry::getClassFromFile I replaced");
        assertThat(doc.get("org_login").isNull()).isTrue();
    }

    @Test
    void pullRequestEventHasNumberTitleActionAndOrg() {
        fixture.pipe(Source.GITHUB, "50473413775", fixture("github/rest-2025-pull-request-opened.json"));

        JsonNode doc = fixture.onlyDocument(Source.GITHUB);
        assertThat(doc.get("type").asString()).isEqualTo("PullRequestEvent");
        assertThat(doc.get("action").asString()).isEqualTo("opened");
        assertThat(doc.get("number").asLong()).isEqualTo(547);
        assertThat(doc.get("title").asString()).isEqualTo("wbgame.mukvmxqx.com");
        assertThat(doc.get("org_login").asString()).isEqualTo("github");
        assertThat(doc.get("public").asBoolean()).isTrue();
    }

    @Test
    void ghArchivePushOf2015HasNoTextOutsideCommits() {
        fixture.pipe(Source.GITHUB, "2489582592", fixture("github/gharchive-2015-push.json"));

        JsonNode doc = fixture.onlyDocument(Source.GITHUB);
        assertThat(doc.get("type").asString()).isEqualTo("PushEvent");
        assertThat(doc.get("ref").asString()).startsWith("refs/heads/");
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void capsTextAt32KiB() {
        String body = "word ".repeat(10_000);
        fixture.pipe(Source.GITHUB, "1", """
                {"id":"1","type":"IssuesEvent","actor":{"login":"a"},"repo":{"name":"o/r"},"created_at":"2025-02-01T00:00:00Z",
                 "payload":{"action":"opened","issue":{"number":1,"title":"Long","body":"%s"}}}""".formatted(body));

        JsonNode doc = fixture.onlyDocument(Source.GITHUB);
        assertThat(doc.get("text").asString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(32 * 1024);
        assertThat(doc.get("payload").get("issue").get("body").asString()).isEqualTo(body);
    }
}
