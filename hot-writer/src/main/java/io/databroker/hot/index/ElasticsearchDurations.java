package io.databroker.hot.index;

import java.time.Duration;

/** Writes a {@link Duration} in Elasticsearch's time-unit syntax (e.g. {@code 10d}, {@code 1s}, {@code 250ms}). */
final class ElasticsearchDurations {

    private ElasticsearchDurations() {
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % Duration.ofDays(1).toMillis() == 0 && millis != 0) {
            return duration.toDays() + "d";
        }
        if (millis % Duration.ofHours(1).toMillis() == 0 && millis != 0) {
            return duration.toHours() + "h";
        }
        if (millis % Duration.ofMinutes(1).toMillis() == 0 && millis != 0) {
            return duration.toMinutes() + "m";
        }
        if (millis % 1000 == 0 && millis != 0) {
            return duration.toSeconds() + "s";
        }
        return millis + "ms";
    }
}
