package io.databroker.enrich.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jsoup.nodes.Entities;

/**
 * The text and links of the HTML that news feeds mostly carry ({@code <p>}, {@code <a href>}, {@code <br>}, lists,
 * emphasis, entities) without building a jsoup DOM, which was ~8 % of the enrichment stream thread. It answers only
 * for fragments whose tree is exactly as written: known tags, each end tag closing the element opened last, nothing
 * that HTML parsing would close, reopen or move (a block opened inside {@code <p>}, {@code <li>} inside an open
 * {@code <li>}, {@code <a>} inside {@code <a>}), entities written in full with their {@code ;}. For anything else
 * ({@code <script>}, comments, tables, misnesting, {@code &copy} without {@code ;}…) it returns null and the caller
 * asks jsoup. What it returns, once collapsed, is what jsoup's {@code Element.text()} and {@code a[href]} give
 * (jsoup 1.21: a space at each block element's start, and after its end when text or an inline element follows it;
 * U+00AD and U+200B dropped); {@code SimpleHtmlTest} compares the two on feed-shaped and generated markup.
 */
final class SimpleHtml {

    /** The text (not yet collapsed) and the hrefs of the anchors, in document order. */
    record Parsed(String text, List<String> hrefs) {
    }

    /** Block elements that close an open {@code <p>} when they start (HTML's "p closers"). */
    private static final Set<String> BLOCKS = Set.of("p", "div", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3",
            "h4", "h5", "h6", "blockquote", "article", "section", "aside", "nav", "header", "footer", "figure",
            "figcaption", "main", "address", "hr");
    /** Inline elements without special parsing rules: not {@code nobr}, nor {@code ins}/{@code del} (jsoup blocks). */
    private static final Set<String> INLINES = Set.of("a", "b", "i", "u", "s", "em", "strong", "small", "big", "code",
            "sub", "sup", "span", "abbr", "cite", "time", "mark", "q", "font", "tt", "strike", "dfn", "kbd", "samp",
            "var", "bdi", "bdo", "data", "img", "wbr");
    /** Void elements: no content, no end tag. {@code br} is a block to jsoup's text(), and does not close a p. */
    private static final Set<String> VOIDS = Set.of("br", "hr", "img", "wbr");
    private static final Set<String> HEADINGS = Set.of("h1", "h2", "h3", "h4", "h5", "h6");
    private static final Set<String> LIST_ITEMS = Set.of("li");
    private static final Set<String> LISTS = Set.of("ul", "ol");
    private static final Set<String> DEFINITION_ITEMS = Set.of("dd", "dt");
    private static final Set<String> DEFINITION_LISTS = Set.of("dl");
    /** Well below the depth up to which jsoup's scope checks look (100). */
    private static final int MAX_DEPTH = 64;

    private final String html;
    private final StringBuilder text;
    private final List<String> hrefs = new ArrayList<>();
    private final String[] open = new String[MAX_DEPTH];
    private int depth;
    private int pos;
    /** A block element just ended: jsoup adds a space if a text or an inline element follows it as a sibling. */
    private boolean blockEnded;

    private SimpleHtml(String html) {
        this.html = html;
        this.text = new StringBuilder(html.length());
    }

    /** The fragment's text and hrefs, or null when only a real HTML parser can say. */
    static Parsed parse(String html) {
        SimpleHtml parser = new SimpleHtml(html);
        return parser.run() ? new Parsed(parser.text.toString(), parser.hrefs) : null;
    }

    private boolean run() {
        int n = html.length();
        while (pos < n) {
            char c = html.charAt(pos);
            if (c == '<') {
                if (!markup()) {
                    return false;
                }
            } else {
                spaceAfterEndedBlock();
                if (c == '&') {
                    if (!characterReference(text, true)) {
                        return false;
                    }
                } else if (c == 0) {
                    return false; // jsoup drops a NUL text token, which can remove a text node: leave that to it
                } else {
                    if (c != '\u00AD' && c != '\u200B') {
                        text.append(c);
                    }
                    pos++;
                }
            }
        }
        return true;
    }

    /** At a {@code <}: a start or end tag, or a literal {@code <}; false for anything else (comments, doctype…). */
    private boolean markup() {
        int next = pos + 1;
        if (next == html.length()) {
            return literalLessThan();
        }
        char c = html.charAt(next);
        if (c == '/') {
            return endTag();
        }
        if (isAsciiLetter(c)) {
            return startTag();
        }
        if (c == '!' || c == '?') {
            return false;
        }
        return literalLessThan();
    }

    private boolean literalLessThan() {
        spaceAfterEndedBlock();
        text.append('<');
        pos++;
        return true;
    }

    private boolean startTag() {
        pos++;
        String name = tagName();
        if (name == null) {
            return false;
        }
        boolean block = BLOCKS.contains(name) || name.equals("br");
        if (!block && !INLINES.contains(name) || !startsCleanly(name)) {
            return false;
        }
        String href = null;
        boolean selfClosing = false;
        while (true) {
            skipWhitespace();
            if (pos >= html.length()) {
                return false;
            }
            char c = html.charAt(pos);
            if (c == '>') {
                pos++;
                break;
            }
            if (c == '/') {
                if (pos + 1 < html.length() && html.charAt(pos + 1) == '>') {
                    selfClosing = true;
                    pos += 2;
                    break;
                }
                return false;
            }
            int nameStart = pos;
            if (!attributeName()) {
                return false;
            }
            boolean anchorHref = name.equals("a") && pos - nameStart == 4
                    && html.regionMatches(true, nameStart, "href", 0, 4);
            String value = "";
            skipWhitespace();
            if (pos < html.length() && html.charAt(pos) == '=') {
                pos++;
                skipWhitespace();
                value = attributeValue(anchorHref);
                if (value == null) {
                    return false;
                }
            }
            if (anchorHref) {
                if (href != null) {
                    return false; // a second href: leave which one counts to the real parser
                }
                href = value;
            }
        }
        boolean isVoid = VOIDS.contains(name);
        if (selfClosing && !isVoid) {
            return false;
        }
        if (block) {
            text.append(' ');
            blockEnded = false;
        } else {
            spaceAfterEndedBlock();
        }
        if (href != null) {
            hrefs.add(href);
        }
        if (isVoid) {
            blockEnded = block; // a void block (br, hr) ends where it starts
            return true;
        }
        if (depth == MAX_DEPTH) {
            return false;
        }
        open[depth++] = name;
        return true;
    }

    /** After a block element's end, the space jsoup puts before a following text or inline element. */
    private void spaceAfterEndedBlock() {
        if (blockEnded) {
            text.append(' ');
            blockEnded = false;
        }
    }

    /** False when HTML parsing would close or rearrange open elements for this start tag. */
    private boolean startsCleanly(String name) {
        if (BLOCKS.contains(name) && isOpen("p")) {
            return false;
        }
        if (HEADINGS.contains(name) && depth > 0 && HEADINGS.contains(open[depth - 1])) {
            return false;
        }
        if (name.equals("a") && isOpen("a")) {
            return false;
        }
        if (name.equals("li")) {
            return !openBefore(LIST_ITEMS, LISTS);
        }
        if (name.equals("dd") || name.equals("dt")) {
            return !openBefore(DEFINITION_ITEMS, DEFINITION_LISTS);
        }
        return true;
    }

    private boolean isOpen(String name) {
        for (int i = depth - 1; i >= 0; i--) {
            if (open[i].equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether, walking up from the current element, one of {@code found} comes before any of {@code stop}. */
    private boolean openBefore(Set<String> found, Set<String> stop) {
        for (int i = depth - 1; i >= 0; i--) {
            if (found.contains(open[i])) {
                return true;
            }
            if (stop.contains(open[i])) {
                return false;
            }
        }
        return false;
    }

    private boolean endTag() {
        pos += 2;
        if (pos >= html.length() || !isAsciiLetter(html.charAt(pos))) {
            return false;
        }
        String name = tagName();
        skipWhitespace();
        if (name == null || pos >= html.length() || html.charAt(pos) != '>') {
            return false;
        }
        pos++;
        if (depth == 0 || !open[depth - 1].equals(name)) {
            return false;
        }
        depth--;
        blockEnded = BLOCKS.contains(name);
        return true;
    }

    /** A tag name of ASCII letters and digits, lower-cased, ended by whitespace, '/' or '>'; else null. */
    private String tagName() {
        int start = pos;
        while (pos < html.length() && isAsciiLetterOrDigit(html.charAt(pos))) {
            pos++;
        }
        if (pos >= html.length()) {
            return null;
        }
        char end = html.charAt(pos);
        if (!isHtmlWhitespace(end) && end != '/' && end != '>') {
            return null;
        }
        return html.substring(start, pos).toLowerCase(Locale.ROOT);
    }

    private boolean attributeName() {
        int start = pos;
        while (pos < html.length()) {
            char c = html.charAt(pos);
            if (isAsciiLetterOrDigit(c) || c == '-' || c == '_' || c == ':' || c == '.') {
                pos++;
            } else {
                break;
            }
        }
        return pos > start && isAsciiLetter(html.charAt(start));
    }

    /** A quoted or unquoted value: decoded when {@code decode} (an anchor's href), else "" (nothing reads it). */
    private String attributeValue(boolean decode) {
        if (pos >= html.length()) {
            return null;
        }
        char quote = html.charAt(pos);
        int start;
        int end;
        if (quote == '"' || quote == '\'') {
            start = pos + 1;
            end = html.indexOf(quote, start);
            if (end < 0) {
                return null;
            }
            pos = end + 1;
        } else {
            start = pos;
            while (pos < html.length()) {
                char c = html.charAt(pos);
                if (isHtmlWhitespace(c) || c == '>') {
                    break;
                }
                if (c == '"' || c == '\'' || c == '<') {
                    return null; // kept by HTML too, but a sign the markup is not what its author meant
                }
                pos++;
            }
            end = pos;
            if (end == start) {
                return null;
            }
        }
        if (!decode) {
            return "";
        }
        return decodeAttribute(start, end);
    }

    private String decodeAttribute(int start, int end) {
        StringBuilder value = new StringBuilder(end - start);
        int saved = pos;
        pos = start;
        try {
            while (pos < end) {
                char c = html.charAt(pos);
                if (c < 0x20 || c == 0x7F) {
                    return null; // line breaks and NULs in a URL: the parser's own rules apply
                }
                if (c == '&') {
                    if (!characterReference(value, false) || pos > end) {
                        return null;
                    }
                } else {
                    value.append(c);
                    pos++;
                }
            }
            return value.toString();
        } finally {
            pos = saved;
        }
    }

    /**
     * At a {@code &}: a complete named ({@code &amp;}) or numeric ({@code &#233;}, {@code &#xE9;}) reference is
     * decoded; a {@code &} that starts no reference stays as it is; false for the forms whose meaning depends on
     * HTML's legacy rules (a name without its {@code ;}, a text's {@code &quality} read as {@code &quot;} +
     * {@code ality}, numbers that map to other characters). In text, the characters jsoup's text() drops are dropped.
     */
    private boolean characterReference(StringBuilder out, boolean inText) {
        int start = pos + 1;
        int n = html.length();
        if (start < n && html.charAt(start) == '#') {
            return numericReference(out, start + 1, inText);
        }
        // jsoup reads letters then digits as the name, and treats the & as text if that is no entity's name.
        int i = start;
        while (i < n && isAsciiLetter(html.charAt(i))) {
            i++;
        }
        while (i < n && isAsciiDigit(html.charAt(i))) {
            i++;
        }
        String name = html.substring(start, i);
        boolean semicolon = i < n && html.charAt(i) == ';';
        if (name.isEmpty() || !Entities.isNamedEntity(name) && !Entities.isBaseNamedEntity(name)) {
            if (inText && !Entities.findPrefix(name).isEmpty()) {
                return false;
            }
            out.append('&');
            pos++;
            return true;
        }
        if (!semicolon) {
            return false;
        }
        String decoded = Entities.getByName(name);
        if (decoded.isEmpty()) {
            return false;
        }
        for (int k = 0; k < decoded.length(); k++) {
            char c = decoded.charAt(k);
            if (!inText || c != '\u00AD' && c != '\u200B') {
                out.append(c);
            }
        }
        pos = i + 1;
        return true;
    }

    private boolean numericReference(StringBuilder out, int start, boolean inText) {
        int n = html.length();
        boolean hex = start < n && (html.charAt(start) == 'x' || html.charAt(start) == 'X');
        int i = hex ? start + 1 : start;
        int digitsStart = i;
        long value = 0;
        while (i < n && i - digitsStart < 7) {
            int digit = Character.digit(html.charAt(i), hex ? 16 : 10);
            if (digit < 0) {
                break;
            }
            value = value * (hex ? 16 : 10) + digit;
            i++;
        }
        if (i == digitsStart || i >= n || html.charAt(i) != ';') {
            return false;
        }
        // Only code points that decode to themselves: not 0, not the C1 range (read as windows-1252), not
        // surrogates, not beyond Unicode, no other controls.
        boolean plain = value >= 0x20 && value < 0x7F || value >= 0xA0 && value < 0xD800
                || value >= 0xE000 && value <= 0x10FFFF && (value & 0xFFFE) != 0xFFFE
                && !(value >= 0xFDD0 && value <= 0xFDEF);
        if (!plain) {
            return false;
        }
        int codePoint = (int) value;
        if (!inText || codePoint != 0xAD && codePoint != 0x200B) {
            out.appendCodePoint(codePoint);
        }
        pos = i + 1;
        return true;
    }

    private void skipWhitespace() {
        while (pos < html.length() && isHtmlWhitespace(html.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isHtmlWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || isAsciiDigit(c);
    }
}
