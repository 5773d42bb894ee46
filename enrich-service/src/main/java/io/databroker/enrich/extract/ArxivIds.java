package io.databroker.enrich.extract;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * arXiv identifiers in running text, both schemes of https://info.arxiv.org/help/arxiv_identifier.html: the new
 * {@code YYMM.NNNN(N)} (4 digits until 1412, 5 since 1501) and the old {@code archive(.XX)/YYMMNNN}, each with an
 * optional {@code vN} and an optional {@code arXiv:} prefix.
 */
public final class ArxivIds {

    /** The archives that had old-style identifiers; anything else before a slash is not an arXiv id. */
    static final Set<String> OLD_ARCHIVES = Set.of(
            "acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph", "bayes-an", "chao-dyn", "chem-ph",
            "cmp-lg", "comp-gas", "cond-mat", "cs", "dg-ga", "funct-an", "gr-qc", "hep-ex", "hep-lat", "hep-ph",
            "hep-th", "math", "math-ph", "mtrl-th", "nlin", "nucl-ex", "nucl-th", "patt-sol", "physics", "plasm-ph",
            "q-alg", "q-bio", "quant-ph", "solv-int", "supr-con");

    // The month must be 01–12, which keeps version strings and prices ("1234.5678") from looking like ids.
    static final Pattern NEW_STYLE = Pattern.compile(
            "(?<![\\w.\\-])(?:arxiv:)?(\\d{2}(?:0[1-9]|1[0-2])\\.\\d{4,5}(?:v\\d{1,3})?)(?!\\w|\\.\\d)",
            Pattern.CASE_INSENSITIVE);
    static final Pattern OLD_STYLE = Pattern.compile(
            "(?<![\\w.\\-])(?:arxiv:)?(([a-z]+(?:-[a-z]+)?)(?:\\.[A-Z]{2})?/\\d{2}(?:0[1-9]|1[0-2])\\d{3}(?:v\\d{1,3})?)(?!\\w)");
    private static final Pattern VERSION = Pattern.compile("v\\d+$");

    private ArxivIds() {
    }

    static void find(String text, Collection<String> out) {
        // The patterns look behind at every position of the text; most texts cannot hold an id at all, and a char scan
        // for the shape every id must contain (4 digits '.' 4 digits, or '/' 7 digits) tells so much faster.
        findNewStyle(text, out);
        if (hasDigitsAround(text, '/', 0, 7)) {
            Matcher old = OLD_STYLE.matcher(text);
            while (old.find()) {
                if (OLD_ARCHIVES.contains(old.group(2))) {
                    out.add(old.group(1));
                }
            }
        }
    }

    /**
     * What {@code NEW_STYLE.matcher(text)} finds, trying the pattern only where a match can start: 4 digits before a
     * '.' followed by 4 digits, or {@code arXiv:} just before those digits. Transparent bounds let the look-around
     * see past the region, so each try gives what find() would give at that position.
     */
    private static void findNewStyle(String text, Collection<String> out) {
        Matcher m = null;
        int end = 0;
        for (int dot = text.indexOf('.', 4); dot >= 0 && dot + 4 < text.length(); dot = text.indexOf('.', dot + 1)) {
            int digits = dot - 4;
            if (digits < end || !digits(text, digits, dot) || !digits(text, dot + 1, dot + 5)) {
                continue;
            }
            if (m == null) {
                m = NEW_STYLE.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            }
            int prefixed = digits - 6;
            boolean found = prefixed >= end && text.regionMatches(true, prefixed, "arxiv:", 0, 6)
                    && m.region(prefixed, text.length()).lookingAt();
            if (found || m.region(digits, text.length()).lookingAt()) {
                out.add(m.group(1).toLowerCase(Locale.ROOT));
                end = m.end();
            }
        }
    }

    /** Whether {@code separator} occurs with at least {@code before} ASCII digits before it and {@code after} after it. */
    static boolean hasDigitsAround(String text, char separator, int before, int after) {
        for (int at = text.indexOf(separator, before); at >= 0 && at + after < text.length(); at = text.indexOf(separator, at + 1)) {
            if (digits(text, at - before, at) && digits(text, at + 1, at + 1 + after)) {
                return true;
            }
        }
        return false;
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code 2411.01234v2} → {@code 2411.01234}: the paper, whatever its version. */
    public static String withoutVersion(String arxivId) {
        return VERSION.matcher(arxivId).replaceFirst("");
    }
}
