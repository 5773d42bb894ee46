package io.databroker.ingest.news.feed;

/**
 * Repairs decoded feed text that no XML parser would accept but every feed reader shows: a BOM left as a character,
 * whitespace before the XML declaration (PHP templates), and characters XML 1.0 forbids (§2.2: C0 controls other than
 * tab, CR and LF; U+FFFE/U+FFFF; unpaired surrogates), which broken encodings leave behind.
 */
final class XmlText {

    private XmlText() {
    }

    static String clean(String text) {
        int start = 0;
        while (start < text.length() && (Character.isWhitespace(text.charAt(start)) || text.charAt(start) == '\uFEFF')) {
            start++;
        }
        StringBuilder out = new StringBuilder(text.length() - start);
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (isXmlChar(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isXmlChar(char c) {
        return c == '\t' || c == '\n' || c == '\r'
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD);
    }
}
