package io.databroker.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the date placeholders of a fixture relative to {@code now}, so fixture items always fall inside the hot
 * store's 10-day window whatever day they are served: {@code {{rfc1123 now-Nh}}} (RSS, arXivRaw version dates),
 * {@code {{iso now-Nh}}} (RFC 3339, e.g. GitHub's {@code created_at}) and {@code {{date now-Nh}}} (YYYY-MM-DD, e.g.
 * OAI-PMH datestamps).
 */
public final class FeedTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(rfc1123|iso|date) now-(\\d+)h}}");

    private FeedTemplate() {
    }

    public static byte[] render(byte[] template, Instant now) {
        Matcher m = PLACEHOLDER.matcher(new String(template, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Instant at = now.minus(Duration.ofHours(Long.parseLong(m.group(2)))).truncatedTo(ChronoUnit.SECONDS);
            DateTimeFormatter format = switch (m.group(1)) {
                case "rfc1123" -> DateTimeFormatter.RFC_1123_DATE_TIME;
                case "iso" -> DateTimeFormatter.ISO_OFFSET_DATE_TIME;
                default -> DateTimeFormatter.ISO_LOCAL_DATE;
            };
            m.appendReplacement(out, format.format(at.atOffset(ZoneOffset.UTC)).replace("+00:00", "Z"));
        }
        m.appendTail(out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
