package io.databroker.ingest.news.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Date strings copied from real feeds (see fixtures/README.md for where each form was seen). */
class FeedDatesTest {

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {
            "Tue, 14 Jan 2025 09:30:00 +0100 | 2025-01-14T08:30:00Z",
            "Mon, 13 Jan 2025 23:59:59 GMT | 2025-01-13T23:59:59Z",
            "Mon, 13 Jan 2025 08:00:00 EST | 2025-01-13T13:00:00Z",
            "Tue, 4 Nov 2025 14:25:56  EST | 2025-11-04T19:25:56Z",
            "Fri, 08 May 2020 11:11:02 -0000 | 2020-05-08T11:11:02Z",
            "Tue, 10 Nov 20 10:00:00 Z | 2020-11-10T10:00:00Z",
            "10 Nov 2020 10:00 UT | 2020-11-10T10:00:00Z",
            "Sun, 17 Jan 2021 23:46:22 +0100 | 2021-01-17T22:46:22Z",
            "mer, 16 nov 2022 05:33:59 +0100 | 2022-11-16T04:33:59Z",
            "Dienstag, 3. Mai 2022 | ",
            "Di, 03 Mai 2022 10:00:00 +0200 | 2022-05-03T08:00:00Z",
            "Sat, Dec 16 2023 02:02:33 PM | 2023-12-16T14:02:33Z",
            "Dec 16 2023 12:02:33 AM | 2023-12-16T00:02:33Z",
            "2020/1/10 14:33:00 | 2020-01-10T14:33:00Z",
            "16.11.2022 05:33 | 2022-11-16T05:33:00Z",
            "2013-01-01 | 2013-01-01T00:00:00Z",
            "2022-04-21T00:00:00+00:00 | 2022-04-21T00:00:00Z",
            "2020-01-19T16:08:59.123-07:00 | 2020-01-19T23:08:59.123Z",
            "2014-10-05T01:28:05.849-07:00 | 2014-10-05T08:28:05.849Z",
            "2024-12-17T00:00:00Z | 2024-12-17T00:00:00Z",
            "2020-01-10T14:33 | 2020-01-10T14:33:00Z",
            "2020-01-10 14:33:00 | 2020-01-10T14:33:00Z",
            "Thu, 05 Jun 2025 10:00:00 CEST | 2025-06-05T08:00:00Z",
            "Thu, 05 Jun 2025 10:00:00 GMT+0200 | 2025-06-05T08:00:00Z"})
    void readsTheFormsFeedsUse(String raw, String expected) {
        if (expected == null) {
            assertThat(FeedDates.parse(raw)).isEmpty();
        } else {
            assertThat(FeedDates.parse(raw)).contains(Instant.parse(expected));
        }
    }

    @ParameterizedTest(name = "''{0}'' is unknown")
    @ValueSource(strings = {"", "   ", "sometime last week", "Tue, 31 Nov 2025 10:00:00 GMT", "2025-13-01",
            "Tue, 4 Nov 2025 25:00:00 GMT", "Tue, 4 Foo 2025 10:00:00 GMT", "Tue, 4 Nov 2025 10:00:00 XYZT",
            "0000-00-00 00:00:00"})
    void refusesToGuess(String raw) {
        assertThat(FeedDates.parse(raw)).isEmpty();
    }
}
