package io.databroker.ingest.arxiv.metadata;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits {@code arXivRaw}'s single author string ("D.V. Shetty, S.J. Yennello, and G.A. Souliotis",
 * "A. Smith (MIT), B. Jones (Caltech)") into authors shaped like the {@code arXiv} format's, following arXiv's
 * own author-list conventions (https://info.arxiv.org/help/prep.html#authors): authors separated by commas and
 * "and", affiliations in parentheses after the name. Best effort by nature: the last name word (with a lower-case
 * particle such as "van" or "de" before it) becomes the keyname, a trailing Jr./Sr./II/III/IV the suffix.
 */
public final class AuthorListParser {

    private static final Set<String> PARTICLES = Set.of("van", "von", "de", "der", "den", "da", "del", "della", "di",
            "du", "la", "le", "ter", "dos", "das", "zu", "af", "al", "el", "bin", "ibn");
    private static final Pattern SUFFIX = Pattern.compile("(?i)(jr\\.?|sr\\.?|ii|iii|iv)");
    private static final Pattern ET_AL = Pattern.compile("(?i)et\\.? al\\.?");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** The authors of {@code text}; empty for null or blank. Never fails. */
    public List<ArxivAuthor> parse(String text) {
        List<ArxivAuthor> authors = new ArrayList<>();
        if (text == null) {
            return authors;
        }
        for (String chunk : splitTopLevel(text)) {
            ArxivAuthor author = author(chunk);
            if (author != null) {
                authors.add(author);
            }
        }
        return authors;
    }

    /** Splits on commas and on the word "and", outside parentheses. */
    private static List<String> splitTopLevel(String text) {
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            }
            if (depth == 0 && c == ',') {
                chunks.add(current.toString());
                current.setLength(0);
            } else if (depth == 0 && isAndAt(text, i)) {
                chunks.add(current.toString());
                current.setLength(0);
                i += 2; // skip "and"; the whitespace after it is trimmed later
            } else {
                current.append(c);
            }
        }
        chunks.add(current.toString());
        return chunks;
    }

    private static boolean isAndAt(String text, int i) {
        boolean startsWord = i == 0 || Character.isWhitespace(text.charAt(i - 1));
        boolean endsWord = i + 3 == text.length() || (i + 3 < text.length() && Character.isWhitespace(text.charAt(i + 3)));
        return startsWord && endsWord && text.regionMatches(true, i, "and", 0, 3);
    }

    private static ArxivAuthor author(String chunk) {
        List<String> affiliations = new ArrayList<>();
        StringBuilder name = new StringBuilder();
        StringBuilder group = new StringBuilder();
        int depth = 0;
        for (char c : chunk.toCharArray()) {
            if (c == '(') {
                if (depth > 0) {
                    group.append(c);
                }
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
                if (depth == 0) {
                    String affiliation = collapse(group.toString());
                    if (!affiliation.isEmpty()) {
                        affiliations.add(affiliation);
                    }
                    group.setLength(0);
                } else {
                    group.append(c);
                }
            } else if (depth > 0) {
                group.append(c);
            } else {
                name.append(c);
            }
        }
        String cleaned = collapse(name.toString());
        if (cleaned.isEmpty() || ET_AL.matcher(cleaned).matches()) {
            return null;
        }
        List<String> words = new ArrayList<>(Arrays.asList(cleaned.split(" ")));
        String suffix = null;
        if (words.size() > 2 && SUFFIX.matcher(words.get(words.size() - 1)).matches()) {
            suffix = words.remove(words.size() - 1);
        }
        int keyStart = words.size() - 1;
        while (keyStart > 1 && PARTICLES.contains(words.get(keyStart - 1).toLowerCase(Locale.ROOT))
                && Character.isLowerCase(words.get(keyStart - 1).charAt(0))) {
            keyStart--;
        }
        String keyname = String.join(" ", words.subList(keyStart, words.size()));
        String forenames = keyStart == 0 ? null : String.join(" ", words.subList(0, keyStart));
        return new ArxivAuthor(keyname, forenames, suffix, affiliations);
    }

    private static String collapse(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").strip();
    }
}
