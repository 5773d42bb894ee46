package io.databroker.ingest.arxiv.oaipmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class HarvestCursorTest {

    private static final LocalDate FROM = LocalDate.of(2014, 10, 1);
    private static final Instant RESPONSE = Instant.parse("2015-01-06T20:49:59Z");
    private final HarvestCursor initial = HarvestCursor.initial("arXivRaw", "physics:hep-th", FROM);

    @Test
    void keyNamesPrefixAndSet() {
        assertThat(initial.key()).isEqualTo("arxiv:arXivRaw:physics:hep-th");
        assertThat(HarvestCursor.initial("arXiv", null, FROM).key()).isEqualTo("arxiv:arXiv:*");
    }

    @Test
    void aPageWithATokenMovesToTheTokenAndRemembersTheHighestDatestamp() {
        HarvestCursor next = initial.afterPage(page("726959|1001"), LocalDate.of(2014, 12, 22))
                .afterPage(page("726959|2001"), LocalDate.of(2014, 11, 20));

        assertThat(next.resumptionToken()).isEqualTo("726959|2001");
        assertThat(next.from()).isEqualTo(FROM);
        assertThat(next.maxDatestamp()).isEqualTo(LocalDate.of(2014, 12, 22));
        assertThat(next.nextRequest(URI.create("http://h/oai")).toUri().toString())
                .isEqualTo("http://h/oai?verb=ListRecords&resumptionToken=726959%7C2001");
    }

    @Test
    void theLastPageOpensTheNextWindowAtTheHighestDatestampSeen() {
        HarvestCursor done = initial.afterPage(page("726959|1001"), LocalDate.of(2014, 12, 22))
                .afterPage(page(""), LocalDate.of(2014, 11, 18));

        assertThat(done.midWindow()).isFalse();
        assertThat(done.from()).isEqualTo(LocalDate.of(2014, 12, 22));
        assertThat(done.maxDatestamp()).isNull();
        assertThat(done.harvestedUntil()).isEqualTo(RESPONSE);
        assertThat(done.position()).isEqualTo(RESPONSE);
        assertThat(done.nextRequest(URI.create("http://h/oai")).toUri().toString())
                .isEqualTo("http://h/oai?verb=ListRecords&metadataPrefix=arXivRaw&from=2014-12-22&set=physics%3Ahep-th");
    }

    @Test
    void caughtUpKeepsFromAndRecordsWhen() {
        HarvestCursor caughtUp = initial.caughtUp(RESPONSE);

        assertThat(caughtUp.from()).isEqualTo(FROM);
        assertThat(caughtUp.harvestedUntil()).isEqualTo(RESPONSE);
    }

    @Test
    void aBadTokenRestartsTheWindowFromItsFrom() {
        HarvestCursor restarted = initial.afterPage(page("726959|1001"), LocalDate.of(2014, 12, 22)).restartWindow();

        assertThat(restarted.resumptionToken()).isNull();
        assertThat(restarted.from()).isEqualTo(FROM);
        assertThat(restarted.maxDatestamp()).isEqualTo(LocalDate.of(2014, 12, 22));
    }

    @Test
    void survivesAJsonRoundTrip() {
        HarvestCursor cursor = initial.afterPage(page("726959|1001"), LocalDate.of(2014, 12, 22));

        assertThat(HarvestCursor.fromJson(cursor.toJson())).isEqualTo(cursor);
        assertThat(HarvestCursor.fromJson(HarvestCursor.initial("arXiv", null, null).toJson()).from()).isNull();
    }

    @Test
    void rejectsWhatIsNotACursor() {
        assertThatThrownBy(() -> HarvestCursor.fromJson("{\"feed_url\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HarvestCursor.fromJson("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ListRecordsPage page(String token) {
        return new ListRecordsPage(RESPONSE, new ResumptionToken(token, null, null), 3);
    }

    @Test
    void aBoundedWindowKeepsItsBoundsAndIsCompleteAfterItsLastPageOrNoRecords() {
        HarvestCursor bounded = HarvestCursor.bounded("arXivRaw", null, FROM, FROM.plusDays(30));
        assertThat(bounded.nextRequest(java.net.URI.create("http://oai.test/oai")).toUri().toString())
                .endsWith("&from=" + FROM + "&until=" + FROM.plusDays(30));
        assertThat(bounded.complete()).isFalse();

        HarvestCursor caughtUp = bounded.caughtUp(null);
        assertThat(caughtUp.complete()).isTrue();
        assertThat(caughtUp.from()).isEqualTo(FROM);
        assertThat(HarvestCursor.fromJson(caughtUp.toJson())).isEqualTo(caughtUp);
        assertThat(HarvestCursor.initial("arXivRaw", null, FROM).caughtUp(null).complete()).as("live cursors never end").isFalse();
    }
}
