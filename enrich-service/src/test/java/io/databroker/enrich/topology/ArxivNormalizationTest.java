package io.databroker.enrich.topology;

import static io.databroker.enrich.topology.EnrichTopologyFixture.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;

/** arxiv_raw records (mapped from real OAI-PMH responses) become canonical arXiv documents with category names. */
class ArxivNormalizationTest {

    private final EnrichTopologyFixture fixture = new EnrichTopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void normalizesPaperVersionWithReferenceDataAndEntities() {
        fixture.pipe(Source.ARXIV, "1706.09418", fixture("arxiv/1706.09418v2-journal-ref-doi.json"));

        var out = fixture.enriched.get(Source.ARXIV).readRecord();
        assertThat(out.key()).isEqualTo("arxiv:1706.09418v2");
        assertThat(Json.mapper().readTree(out.value())).isEqualTo(Json.mapper().readTree("""
                {
                  "id": "arxiv:1706.09418v2",
                  "source": "arxiv",
                  "event_time": "2017-11-26T00:00:00Z",
                  "event_date": "2017-11-26",
                  "ingested_at": "2025-02-28T06:00:00Z",
                  "enriched_at": "2025-07-01T12:00:00Z",
                  "arxiv_id": "1706.09418",
                  "version": 2,
                  "deleted": false,
                  "datestamp": "2017-12-14",
                  "title": "R-Parity Violation at the LHC",
                  "abstract": "We investigate the phenomenology of the MSSM extended by a single R-parity violating coupling at the unification scale. Using the program CheckMATE we recast existing LHC searches to set limits on the parameters of all R-parity violating CMSSMs, including the $\\\\bar U\\\\bar D\\\\bar D$ models.",
                  "authors": [
                    {"keyname": "Dercks", "forenames": "Daniel", "suffix": null, "affiliations": []},
                    {"keyname": "Dreiner", "forenames": "Herbi", "suffix": null, "affiliations": []},
                    {"keyname": "Krauss", "forenames": "Manuel E.", "suffix": null, "affiliations": ["Bonn University"]},
                    {"keyname": "Opferkuch", "forenames": "Toby", "suffix": null, "affiliations": []},
                    {"keyname": "Reinert", "forenames": "Annika", "suffix": null, "affiliations": []}
                  ],
                  "author_names": ["Daniel Dercks", "Herbi Dreiner", "Manuel E. Krauss", "Toby Opferkuch", "Annika Reinert"],
                  "categories": ["hep-ph", "hep-ex"],
                  "primary_category": "hep-ph",
                  "primary_category_name": "High Energy Physics - Phenomenology",
                  "primary_archive": "hep-ph",
                  "comments": "43 pages, 13 tables, 17 figures; updated Figs. 11-17 and Tab. 12 including NLO corrections; version accepted for publication in EPJC",
                  "journal_ref": "Eur. Phys. J. C (2017) 77:856",
                  "license": "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
                  "submitted": null,
                  "created": "2017-06-28",
                  "updated": "2017-11-26",
                  "arxiv_ids": [],
                  "dois": ["10.1140/epjc/s10052-017-5414-4"],
                  "github_repos": [],
                  "urls": []
                }"""));
        assertThat(CloudEventHeaders.text(out.headers(), CloudEventHeaders.ID)).isEqualTo("arxiv:1706.09418v2");
        assertThat(CloudEventHeaders.text(out.headers(), CloudEventHeaders.TYPE)).isEqualTo("io.databroker.arxiv.paper.v1");
        assertThat(fixture.joins("arxiv", "categories", "hit")).isEqualTo(1.0);
    }

    @Test
    void fallsBackToCreatedDateAndTheRecordTimestamp() {
        fixture.pipe(Source.ARXIV, "1606.04259", fixture("arxiv/1606.04259v1-thesis.json"));

        JsonNode doc = fixture.onlyDocument(Source.ARXIV);
        assertThat(doc.get("event_time").asString()).isEqualTo("2016-06-14T00:00:00Z");
        assertThat(doc.get("ingested_at").asString()).isEqualTo("2025-03-01T11:00:00Z");
        assertThat(doc.get("primary_category").asString()).isEqualTo("math.AP");
        assertThat(doc.get("primary_category_name").asString()).isEqualTo("Analysis of PDEs");
        assertThat(doc.get("primary_archive").asString()).isEqualTo("math");
        assertThat(doc.get("comments").asString()).isEqualTo(
                "Phd thesis in Fundamental and Applied Physics presented at University \"Federico II\" (Naples, Italy) on 29th April 2016");
    }

    @Test
    void usesTheSubmissionTimeOfTheVersion() {
        fixture.pipe(Source.ARXIV, "1302.2146", fixture("arxiv/1302.2146v2-raw.json"));

        JsonNode doc = fixture.onlyDocument(Source.ARXIV);
        assertThat(doc.get("id").asString()).isEqualTo("arxiv:1302.2146v2");
        assertThat(doc.get("event_time").asString()).isEqualTo("2013-04-02T01:50:08Z");
        assertThat(doc.get("submitted").asString()).isEqualTo("2013-04-02T01:50:08Z");
    }

    @Test
    void keepsDeletedRecordWithoutMetadata() {
        fixture.pipe(Source.ARXIV, "2411.01234", """
                {"arxiv_id":"2411.01234","version":1,"deleted":true,"datestamp":"2024-11-20","title":"Withdrawn"}""");

        JsonNode doc = fixture.onlyDocument(Source.ARXIV);
        assertThat(doc.get("deleted").asBoolean()).isTrue();
        assertThat(doc.get("title").isNull()).isTrue();
        assertThat(doc.get("authors")).isEmpty();
        assertThat(doc.get("primary_category").isNull()).isTrue();
        assertThat(doc.get("event_time").asString()).isEqualTo("2024-11-20T00:00:00Z");
    }

    @Test
    void unknownCategoryKeepsItsArchiveAndCountsAMiss() {
        fixture.pipe(Source.ARXIV, "2411.01234", """
                {"arxiv_id":"2411.01234","version":1,"datestamp":"2024-11-20","categories":["cs.ZZ"]}""");

        JsonNode doc = fixture.onlyDocument(Source.ARXIV);
        assertThat(doc.get("primary_category_name").isNull()).isTrue();
        assertThat(doc.get("primary_archive").asString()).isEqualTo("cs");
        assertThat(fixture.joins("arxiv", "categories", "miss")).isEqualTo(1.0);
    }
}
