package io.databroker.ingest.news.feed;

import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;

/**
 * Feed text to plain text: HTML (RSS descriptions, {@code content:encoded}, Atom {@code type="html"/"xhtml"}) reduced
 * to its visible text with jsoup, scripts, styles and embedded objects dropped; text constructs only entity-decoded
 * (double-escaped {@code &amp;amp;} is common), so a title such as {@code Vec<T> in C} keeps its angle brackets.
 * Whitespace is collapsed in both.
 */
public final class HtmlText {

    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\u00A0\\u2007\\u202F]+");
    private static final String INVISIBLE = "script, style, noscript, iframe, object, embed, template, svg, head";

    private HtmlText() {
    }

    /** The visible text of an HTML fragment; blank → null. */
    public static String fromHtml(String html) {
        if (html == null || html.isBlank()) {
            return null;
        }
        Document document = Jsoup.parseBodyFragment(html);
        document.select(INVISIBLE).remove();
        return collapse(document.body().text());
    }

    /** Text with any character references decoded; blank → null. */
    public static String fromText(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return collapse(Parser.unescapeEntities(text, false));
    }

    /** {@code fromHtml} for HTML and XHTML content types (Rome's {@code html}, {@code xhtml}, {@code text/html}). */
    public static String of(String value, String type) {
        return isMarkup(type) ? fromHtml(value) : fromText(value);
    }

    /**
     * RSS descriptions carry no type and are HTML by convention (RSS 2.0 spec, "entity-encoded HTML is allowed"), so
     * an unknown type counts as markup; only an explicit {@code text} or {@code text/plain} does not.
     */
    static boolean isMarkup(String type) {
        return type == null || !(type.equalsIgnoreCase("text") || type.equalsIgnoreCase("text/plain"));
    }

    private static String collapse(String text) {
        String collapsed = WHITESPACE.matcher(text).replaceAll(" ").strip();
        return collapsed.isEmpty() ? null : collapsed;
    }
}
