package io.databroker.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the {@code {{rfc1123 now-Nh}}} placeholders of a feed fixture relative to {@code now}, so fixture
 * items always fall inside the hot store's 10-day window whatever day they are served.
 */
public final class FeedTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{rfc1123 now-(\\d+)h}}");

    private FeedTemplate() {
    }

    public static byte[] render(byte[] template, Instant now) {
        Matcher m = PLACEHOLDER.matcher(new String(template, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Instant at = now.minus(Duration.ofHours(Long.parseLong(m.group(1))));
            m.appendReplacement(out, DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC)));
        }
        m.appendTail(out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
