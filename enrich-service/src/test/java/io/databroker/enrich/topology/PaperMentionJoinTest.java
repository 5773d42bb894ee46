package io.databroker.enrich.topology;

import static io.databroker.enrich.topology.EnrichTopologyFixture.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.enrich.join.PaperSummary;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;

/** Paper mentions: GitHub events and news articles that mention arXiv ids link the papers seen on arxiv_raw. */
class PaperMentionJoinTest {

    private final EnrichTopologyFixture fixture = new EnrichTopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void newsArticleLinksAPaperSeenBefore() {
        fixture.pipe(Source.ARXIV, "1606.04259", fixture("arxiv/1606.04259v1-thesis.json"));

        fixture.pipe(Source.NEWS, null, fixture("news/rss2-arstechnica-item-mentions-paper.json"));

        JsonNode doc = fixture.onlyDocument(Source.NEWS);
        assertThat(doc.get("arxiv_ids")).extracting(JsonNode::asString).containsExactly("1606.04259", "hep-th/9901001");
        assertThat(doc.get("linked_papers")).isEqualTo(Json.mapper().readTree("""
                [{"id": "1606.04259", "title": "Extreme Regimes in Quantum Gravity", "primary_category": "math.AP"}]"""));
        assertThat(doc.get("link").asString()).isEqualTo("https://arstechnica.com/science/2019/02/quantum-gravity-thesis/");
        assertThat(fixture.joins("news", "paper_mentions", "hit")).isEqualTo(1.0);
        assertThat(fixture.joins("news", "paper_mentions", "miss")).isEqualTo(1.0);
    }

    @Test
    void mentionOfAnUnseenPaperIsEmittedAtOnceWithoutLinkAndCounted() {
        fixture.pipe(Source.GITHUB, "50473417741", fixture("github/rest-2025-issue-comment-mentions-papers.json"));

        JsonNode doc = fixture.onlyDocument(Source.GITHUB);
        assertThat(doc.get("arxiv_ids")).extracting(JsonNode::asString).containsExactly("2411.01234v2", "hep-th/9901001");
        assertThat(doc.get("linked_papers")).isEmpty();
        assertThat(doc.get("dois")).extracting(JsonNode::asString).containsExactly("10.1103/physrevd.76.013009");
        assertThat(doc.get("github_repos")).extracting(JsonNode::asString).contains("apache/kafka");
        assertThat(fixture.joins("github", "paper_mentions", "miss")).isEqualTo(2.0);
        assertThat(fixture.joins("github", "paper_mentions", "hit")).isEqualTo(0.0);
    }

    @Test
    void githubCommentLinksTheLatestVersionWhateverTheOrderTheyArrived() {
        String v2 = """
                {"arxiv_id":"2411.01234","version":2,"datestamp":"2024-12-02","title":"Streams, revised","categories":["cs.DC"]}""";
        String v1 = """
                {"arxiv_id":"2411.01234","version":1,"datestamp":"2024-11-20","title":"Streams","categories":["cs.DB"]}""";
        fixture.pipe(Source.ARXIV, "2411.01234", v2);
        fixture.pipe(Source.ARXIV, "2411.01234", v1);
        fixture.pipe(Source.ARXIV, "hep-th/9901001", """
                {"arxiv_id":"hep-th/9901001","version":1,"datestamp":"1999-01-04","title":"Old style","categories":["hep-th"]}""");

        fixture.pipe(Source.GITHUB, "50473417741", fixture("github/rest-2025-issue-comment-mentions-papers.json"));

        JsonNode doc = fixture.onlyDocument(Source.GITHUB);
        assertThat(doc.get("linked_papers")).isEqualTo(Json.mapper().readTree("""
                [{"id": "2411.01234", "title": "Streams, revised", "primary_category": "cs.DC"},
                 {"id": "hep-th/9901001", "title": "Old style", "primary_category": "hep-th"}]"""));
        Map<String, PaperSummary> table = new java.util.HashMap<>();
        fixture.papers.readKeyValuesToList().forEach(kv -> table.put(kv.key, PaperSummary.fromJson(kv.value)));
        assertThat(table.get("2411.01234").version()).isEqualTo(2);
        assertThat(fixture.joins("github", "paper_mentions", "hit")).isEqualTo(2.0);
    }
}
