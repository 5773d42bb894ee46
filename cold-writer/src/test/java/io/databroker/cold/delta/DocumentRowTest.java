package io.databroker.cold.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.topic.Source;

class DocumentRowTest {

    private final RowCoercer coercer = new RowCoercer(TableSchemas.of(Source.NEWS));

    @Test
    void keepsTheBytesAndGivesTheSameValuesAsTheCoercer() {
        byte[] document = RowCoercerTest.fixture("news-full.json");
        CoercedRow coerced = coercer.coerce(document);

        DocumentRow row = DocumentRow.of(document, coercer);

        assertThat(row.document()).isSameAs(document);
        assertThat(row.eventDate()).isEqualTo(coerced.eventDate());
        assertThat(row.eventTimeMicros()).isEqualTo(coerced.eventTimeMicros());
        // recursive: struct values are Object[] inside lists, which List.equals compares by identity
        assertThat(row.values()).usingRecursiveComparison().isEqualTo(coerced.values());
    }

    @Test
    void aDocumentThatDoesNotFitFailsWhenBuffered() {
        // at buffering time, so the sink dead-letters it then and never meets it at commit time
        assertThatThrownBy(() -> DocumentRow.of(RowCoercerTest.json("{\"id\":\"n:1\",\"source\":\"news\"}"), coercer))
                .isInstanceOf(RecordRejectedException.class);
    }
}
