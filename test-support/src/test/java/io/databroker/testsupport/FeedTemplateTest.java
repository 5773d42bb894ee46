package io.databroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class FeedTemplateTest {

    private static final Instant NOW = Instant.parse("2026-11-21T07:30:15.250Z");

    private static String render(String template) {
        return new String(FeedTemplate.render(template.getBytes(StandardCharsets.UTF_8), NOW), StandardCharsets.UTF_8);
    }

    @Test
    void fillsEveryPlaceholderKindRelativeToNow() {
        assertThat(render("<pubDate>{{rfc1123 now-2h}}</pubDate>")).isEqualTo("<pubDate>Sat, 21 Nov 2026 05:30:15 GMT</pubDate>");
        assertThat(render("\"created_at\": \"{{iso now-1h}}\"")).isEqualTo("\"created_at\": \"2026-11-21T06:30:15Z\"");
        assertThat(render("<datestamp>{{date now-8h}}</datestamp>")).isEqualTo("<datestamp>2026-11-20</datestamp>");
    }

    @Test
    void leavesOtherTextAlone() {
        assertThat(render("{{unknown now-1h}} and {{iso now-xh}}")).isEqualTo("{{unknown now-1h}} and {{iso now-xh}}");
    }
}
