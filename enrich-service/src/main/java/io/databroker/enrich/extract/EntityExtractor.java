package io.databroker.enrich.extract;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.databroker.shared.id.LinkCanonicalizer;

/**
 * Finds the entities of docs/documents.md in human text: arXiv ids ({@link ArxivIds}), DOIs, GitHub
 * {@code owner/repo} references and http(s) URLs. Pure and thread-safe.
 */
public final class EntityExtractor {

    /** documents.md: {@code urls} holds at most 100 entries, so one link farm cannot bloat a document. */
    public static final int MAX_URLS = 100;

    // RFC 3986 characters that can appear in a URL; quotes, angle brackets and whitespace end it.
    private static final Pattern URL = Pattern.compile("(?i)\\bhttps?://[^\\s<>\"'`{}|\\\\^\\[\\]]+");
    // Crossref's recommended pattern for modern DOIs (https://www.crossref.org/blog/dois-and-matching-regular-expressions/).
    static final Pattern DOI = Pattern.compile("(?<![\\w/])10\\.\\d{4,9}/[-._;()/:\\w]+");
    private static final Pattern GITHUB_REPO = Pattern.compile(
            "(?i)^https?://(?:www\\.)?github\\.com/([a-z0-9](?:[a-z0-9-]{0,38}))/([\\w.-]{1,100})(?:[/?#].*)?$");
    /** First path segments of github.com that are GitHub's own pages, not users or organisations. */
    private static final Set<String> GITHUB_RESERVED = Set.of("about", "apps", "collections", "contact", "customer-stories",
            "enterprise", "events", "explore", "features", "issues", "join", "login", "marketplace", "new", "notifications",
            "orgs", "organizations", "pricing", "pulls", "search", "security", "settings", "site", "sponsors", "topics",
            "trending", "users");

    /** Scans every text; null entries are skipped. {@code extraUrls} are links given as such (a feed item's link). */
    public Entities extract(Collection<String> texts, Collection<String> extraUrls, Collection<String> extraDois) {
        LinkedHashSet<String> arxivIds = new LinkedHashSet<>();
        LinkedHashSet<String> dois = new LinkedHashSet<>();
        LinkedHashSet<String> urls = new LinkedHashSet<>();
        for (String url : extraUrls) {
            addUrl(url, urls);
        }
        for (String doi : extraDois) {
            findDois(doi, dois);
        }
        for (String text : texts) {
            if (text == null || text.isEmpty()) {
                continue;
            }
            ArxivIds.find(text, arxivIds);
            findDois(text, dois);
            if (text.contains("://")) { // every URL the pattern finds has it; skip the scan of texts without any
                Matcher m = URL.matcher(text);
                while (m.find()) {
                    addUrl(trimTrailingPunctuation(m.group()), urls);
                }
            }
        }
        LinkedHashSet<String> repos = new LinkedHashSet<>();
        for (String url : urls) {
            String repo = githubRepo(url);
            if (repo != null) {
                repos.add(repo);
            }
        }
        return new Entities(new ArrayList<>(arxivIds), new ArrayList<>(dois), new ArrayList<>(repos), new ArrayList<>(urls));
    }

    /** {@code owner/repo} (lower-case) of a github.com URL, else null. */
    static String githubRepo(String url) {
        if (!mayBeGithub(url)) {
            return null;
        }
        Matcher m = GITHUB_REPO.matcher(url);
        if (!m.matches()) {
            return null;
        }
        String owner = m.group(1).toLowerCase(Locale.ROOT);
        String repo = m.group(2).toLowerCase(Locale.ROOT);
        if (repo.endsWith(".git")) {
            repo = repo.substring(0, repo.length() - 4);
        }
        if (GITHUB_RESERVED.contains(owner) || repo.isEmpty() || repo.equals(".") || repo.equals("..")) {
            return null;
        }
        return owner + "/" + repo;
    }

    /** What {@link #GITHUB_REPO} needs at the start of a URL, checked without running it on every URL. */
    private static boolean mayBeGithub(String url) {
        int host = url.regionMatches(true, 0, "https://", 0, 8) ? 8 : url.regionMatches(true, 0, "http://", 0, 7) ? 7 : -1;
        return host > 0 && (url.regionMatches(true, host, "github.com/", 0, 11) || url.regionMatches(true, host, "www.github.com/", 0, 15));
    }

    private static void addUrl(String url, Set<String> urls) {
        if (url == null || url.isBlank() || urls.size() >= MAX_URLS) {
            return;
        }
        String canonical = LinkCanonicalizer.canonicalize(url);
        if (canonical.regionMatches(true, 0, "http://", 0, 7) || canonical.regionMatches(true, 0, "https://", 0, 8)) {
            urls.add(canonical);
        }
    }

    private static void findDois(String text, Set<String> dois) {
        if (text == null) {
            return;
        }
        // Every DOI starts with "10.": try the pattern only there (what find() would do, without testing its
        // look-behind at every position of the text). Transparent bounds let the look-behind see before the region.
        Matcher m = DOI.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        for (int at = text.indexOf("10."); at >= 0; ) {
            m.region(at, text.length());
            if (m.lookingAt()) {
                // DOIs are case-insensitive (DOI Handbook §2.4); lower case makes them comparable.
                dois.add(trimTrailingPunctuation(m.group()).toLowerCase(Locale.ROOT));
                at = text.indexOf("10.", m.end());
            } else {
                at = text.indexOf("10.", at + 1);
            }
        }
    }

    /** Sentence punctuation and an unbalanced closing bracket after a URL or DOI belong to the prose. */
    static String trimTrailingPunctuation(String candidate) {
        String s = candidate;
        while (!s.isEmpty()) {
            char last = s.charAt(s.length() - 1);
            if (".,;:!?'\"*".indexOf(last) >= 0) {
                s = s.substring(0, s.length() - 1);
            } else if (last == ')' && count(s, '(') < count(s, ')')) {
                s = s.substring(0, s.length() - 1);
            } else {
                break;
            }
        }
        return s;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
