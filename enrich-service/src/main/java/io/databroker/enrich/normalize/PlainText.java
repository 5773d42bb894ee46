package io.databroker.enrich.normalize;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;

/** Text clean-up shared by the normalizers: whitespace collapsed, HTML reduced to its text. */
public final class PlainText {

    // Unicode separators (NBSP, thin spaces…) count as whitespace too; feeds are full of &nbsp;.
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");
    private static final Pattern CONTROL_OR_INVISIBLE = Pattern.compile("[\\p{Cc}\\u200B\\u2060\\uFEFF]");

    private PlainText() {
    }

    /** Trimmed, runs of whitespace turned into one space, control characters removed; blank → null. */
    public static String collapse(String text) {
        if (text == null) {
            return null;
        }
        String collapsed = CONTROL_OR_INVISIBLE.matcher(WHITESPACE.matcher(text).replaceAll(" ")).replaceAll("").strip();
        return collapsed.isEmpty() ? null : collapsed;
    }

    /**
     * The visible text of an HTML fragment (tags dropped, entities decoded, script/style content skipped),
     * collapsed. Plain text goes through unchanged apart from entity decoding and whitespace.
     */
    public static String fromHtml(String html) {
        if (html == null || html.isBlank()) {
            return null;
        }
        return collapse(Jsoup.parseBodyFragment(html).text());
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
