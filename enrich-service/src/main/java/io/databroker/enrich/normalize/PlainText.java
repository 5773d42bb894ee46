package io.databroker.enrich.normalize;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/** Text clean-up shared by the normalizers: whitespace collapsed, HTML reduced to its text. */
public final class PlainText {

    /** Parsed once: {@code select(String)} would parse the query again for every record. */
    private static final Evaluator ANCHORS_WITH_HREF = QueryParser.parse("a[href]");

    private PlainText() {
    }

    /** Trimmed, runs of whitespace turned into one space, control characters removed; blank → null. */
    public static String collapse(String text) {
        if (text == null) {
            return null;
        }
        // One pass instead of two regex replacements: this runs on every text field of every record.
        StringBuilder out = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isWhitespace(c)) {
                pendingSpace = true;
            } else if (!isControlOrInvisible(c)) {
                if (pendingSpace && !out.isEmpty()) {
                    out.append(' ');
                }
                pendingSpace = false;
                out.append(c);
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** What {@code [\\s\\p{Z}]} matches: ASCII whitespace and the Unicode separators (NBSP, thin spaces…). */
    private static boolean isWhitespace(char c) {
        if (c < 128) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
        }
        int type = Character.getType(c);
        return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static boolean isControlOrInvisible(char c) {
        return Character.getType(c) == Character.CONTROL || c == '\u200B' || c == '\u2060' || c == '\uFEFF';
    }

    /**
     * The visible text of an HTML fragment (tags dropped, entities decoded, script/style content skipped),
     * collapsed. Simple markup is read by {@link SimpleHtml}, the rest parsed by jsoup, with the same result. Plain text goes through unchanged apart from entity decoding and whitespace.
     */
    public static String fromHtml(String html) {
        if (html == null || html.isBlank()) {
            return null;
        }
        if (!mayHoldMarkup(html)) {
            return collapse(html);
        }
        SimpleHtml.Parsed simple = SimpleHtml.parse(html);
        return collapse(simple != null ? simple.text() : Jsoup.parseBodyFragment(html).text());
    }

    /**
     * Without {@code <} or {@code &} there is no tag and no entity: jsoup would only collapse whitespace, which
     * {@link #collapse} does anyway. Skipping the parse matters on this hot path (most titles are plain text).
     */
    private static boolean mayHoldMarkup(String text) {
        return text.indexOf('<') >= 0 || text.indexOf('&') >= 0;
    }

    /** The visible text of an HTML fragment (as {@link #fromHtml}) and the absolute links of its anchors. */
    public record Html(String text, List<String> links) {
    }

    /** {@link #fromHtml} plus the {@code href}s of its {@code <a>} elements, parsed once. */
    public static Html fromHtmlWithLinks(String html) {
        if (html == null || html.isBlank()) {
            return new Html(null, List.of());
        }
        if (!mayHoldMarkup(html)) {
            return new Html(collapse(html), List.of());
        }
        SimpleHtml.Parsed simple = SimpleHtml.parse(html);
        if (simple != null) {
            return new Html(collapse(simple.text()), absoluteLinks(simple.hrefs()));
        }
        Document document = Jsoup.parseBodyFragment(html);
        List<String> hrefs = new ArrayList<>();
        for (Element anchor : document.select(ANCHORS_WITH_HREF)) {
            hrefs.add(anchor.attr("href"));
        }
        return new Html(collapse(document.text()), absoluteLinks(hrefs));
    }

    private static List<String> absoluteLinks(List<String> hrefs) {
        List<String> links = new ArrayList<>(hrefs.size());
        for (String raw : hrefs) {
            String href = raw.strip();
            if (href.regionMatches(true, 0, "http://", 0, 7) || href.regionMatches(true, 0, "https://", 0, 8)) {
                links.add(href);
            }
        }
        return links;
    }

    /** At most {@code maxBytes} of UTF-8, cut at a code point boundary; null stays null. */
    public static String truncateUtf8(String text, int maxBytes) {
        if (text == null || text.length() * 3L <= maxBytes) {
            return text;
        }
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                return text.substring(0, i);
            }
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return text;
    }

    /** Each value collapsed; blanks and duplicates dropped, first-seen order kept. */
    public static List<String> collapseAll(List<String> values) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String value : values) {
            String collapsed = collapse(value);
            if (collapsed != null) {
                out.add(collapsed);
            }
        }
        return new ArrayList<>(out);
    }
}
