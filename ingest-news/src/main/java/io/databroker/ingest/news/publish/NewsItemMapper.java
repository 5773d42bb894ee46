package io.databroker.ingest.news.publish;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.module.DCModule;
import com.rometools.rome.feed.rss.Guid;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;

import io.databroker.ingest.news.feed.FeedDates;
import io.databroker.ingest.news.feed.FeedSource;
import io.databroker.ingest.news.feed.HtmlText;
import io.databroker.ingest.news.feed.ParsedFeed;
import io.databroker.ingest.news.feed.RawEntries;
import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.id.LinkCanonicalizer;

/**
 * Turns a parsed feed into {@link NewsItem}s: ids per ARCHITECTURE §4 (canonical link, else configured feed URL +
 * guid), links and enclosures resolved against the URL the document came from, dates as written (see
 * {@link FeedDates}; Rome's reading as a fallback), text reduced to plain text ({@link HtmlText}), and a content hash
 * over title, summary and content that changes exactly when an edit is visible. Items with neither link nor guid
 * cannot get a stable id and are left out (counted by the caller).
 */
public final class NewsItemMapper {

    /**
     * Cap on summary and content, in characters. Feeds put whole articles into content:encoded; this keeps a record
     * well below Kafka's default 1 MB message size (and enrich-service's record limit) even in 4-byte UTF-8.
     */
    static final int MAX_TEXT_CHARS = 100_000;
    /** news_feed.schema.json limits. */
    private static final int MAX_TITLE_CHARS = 65_536;
    private static final int MAX_URL_CHARS = 8_192;
    private static final int MAX_LIST_ITEMS = 1_000;
    private static final int MAX_LIST_ITEM_CHARS = 1_024;
    private static final int MAX_LANGUAGE_CHARS = 64;
    /** RSS 2.0 {@code <author>}: "email (Name)"; the name is what people search for. */
    private static final Pattern EMAIL_WITH_NAME = Pattern.compile("^\\S+@\\S+\\s*\\((.+)\\)$");

    /** The mapped items plus how many entries had to be left out. */
    public record Mapped(List<NewsItem> items, int unidentifiable) {
    }

    /**
     * @param source      the configured feed (identity, label, OPML title)
     * @param documentUrl the URL the document was finally fetched from (after redirects): the base of relative links
     * @param fetchedAt   when the document was fetched ({@code fetched_at}; {@code published} of undated items)
     */
    public Mapped map(ParsedFeed parsed, FeedSource source, URI documentUrl, Instant fetchedAt) {
        SyndFeed feed = parsed.feed();
        boolean atom = feed.originalWireFeed() instanceof Feed;
        // RSS 0.90 and 1.0 are RDF: an item's rdf:about is its identifier; other RSS identifies items by <guid> only.
        boolean rdf = feed.getFeedType() != null && (feed.getFeedType().equals("rss_1.0") || feed.getFeedType().equals("rss_0.9"));
        String feedUrl = source.url().toString();
        String sourceName = cap(firstNonNull(HtmlText.fromText(feed.getTitle()), source.title()), MAX_LIST_ITEM_CHARS);
        String feedLanguage = firstNonNull(blankToNull(feed.getLanguage()), blankToNull(parsed.xmlLang()));
        Map<String, NewsItem> byId = new LinkedHashMap<>();
        int unidentifiable = 0;
        List<SyndEntry> entries = feed.getEntries();
        for (int i = 0; i < entries.size(); i++) {
            SyndEntry entry = entries.get(i);
            RawEntries.RawEntry raw = parsed.raw(i);
            String link = cap(resolve(documentUrl, entryLink(entry)), MAX_URL_CHARS);
            String guid = cap(guid(entry, rdf), 4_096);
            if (link == null && guid == null) {
                unidentifiable++;
                continue;
            }
            String id = link != null
                    ? DocumentIds.newsByLink(LinkCanonicalizer.canonicalize(link))
                    : DocumentIds.newsByGuid(feedUrl, guid);
            String title = cap(atom && entry.getTitleEx() != null
                    ? HtmlText.of(entry.getTitle(), entry.getTitleEx().getType())
                    : HtmlText.fromText(entry.getTitle()), MAX_TITLE_CHARS);
            String summary = cap(text(entry.getDescription(), atom));
            String content = cap(firstContent(entry.getContents(), atom));
            Instant published = date(raw.published(), entry.getPublishedDate());
            Instant updated = date(raw.updated(), entry.getUpdatedDate());
            boolean undated = published == null && updated == null;
            List<String> enclosures = new ArrayList<>(names(entry.getEnclosures(), e -> resolve(documentUrl, e.getUrl())));
            raw.media().stream().map(url -> resolve(documentUrl, url)).filter(url -> !enclosures.contains(url))
                    .limit(MAX_LIST_ITEMS - (long) enclosures.size()).forEach(enclosures::add);
            NewsItem item = new NewsItem(id, feedUrl, source.label(), sourceName, guid, link, title, authors(entry),
                    undated ? fetchedAt : published, updated, undated, summary, content,
                    categories(entry),
                    cap(firstNonNull(blankToNull(raw.language()), feedLanguage), MAX_LANGUAGE_CHARS),
                    enclosures.stream().map(url -> cap(url, MAX_URL_CHARS)).toList(),
                    contentHash(title, summary, content), fetchedAt);
            // The same article listed twice in one document (it happens) is one record; the first listing wins.
            byId.putIfAbsent(id, item);
        }
        return new Mapped(List.copyOf(byId.values()), unidentifiable);
    }

    /** SHA-256 over title, summary and content (as published), so an edited item is republished as an update. */
    static String contentHash(String title, String summary, String content) {
        return DocumentIds.sha256Hex(Objects.toString(title, "") + "\n" + Objects.toString(summary, "") + "\n"
                + Objects.toString(content, ""));
    }

    /**
     * The guid as the feed wrote it: RSS {@code <guid>} (Rome would otherwise report the link for an item without
     * one), RSS 1.0 {@code rdf:about}, Atom {@code <id>}.
     */
    private static String guid(SyndEntry entry, boolean rdf) {
        if (entry.getWireEntry() instanceof Item item) {
            Guid guid = item.getGuid();
            return guid != null ? blankToNull(guid.getValue()) : rdf ? blankToNull(item.getUri()) : null;
        }
        return blankToNull(entry.getUri());
    }

    private static String entryLink(SyndEntry entry) {
        String link = blankToNull(entry.getLink());
        if (link != null) {
            return link.strip();
        }
        for (SyndLink candidate : entry.getLinks()) {
            String rel = candidate.getRel();
            if ((rel == null || rel.equals("alternate")) && blankToNull(candidate.getHref()) != null) {
                return candidate.getHref().strip();
            }
        }
        return null;
    }

    /** Relative links (legal in Atom, common in sloppy RSS) are resolved against the document's URL (RFC 3986 §5.1.3). */
    static String resolve(URI base, String link) {
        if (link == null || link.isBlank()) {
            return null;
        }
        String trimmed = link.strip();
        try {
            URI uri = new URI(trimmed);
            return uri.isAbsolute() ? trimmed : base.resolve(uri).toString();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            // Not parseable as a URI (spaces, pipes): keep it as given; LinkCanonicalizer copes with such strings.
            return trimmed;
        }
    }

    private static Instant date(String raw, Date romeDate) {
        Optional<Instant> ours = FeedDates.parse(raw);
        return ours.orElse(romeDate == null ? null : romeDate.toInstant());
    }

    private static String text(SyndContent content, boolean atom) {
        if (content == null) {
            return null;
        }
        // Rome marks RSS descriptions text/plain, but they are HTML by convention: only Atom's type is trusted.
        return atom ? HtmlText.of(content.getValue(), content.getType()) : HtmlText.fromHtml(content.getValue());
    }

    private static String firstContent(List<SyndContent> contents, boolean atom) {
        for (SyndContent c : contents) {
            String value = text(c, atom);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** Atom persons, then Dublin Core creators (Rome puts RSS {@code <author>} there too), without duplicates. */
    private static List<String> authors(SyndEntry entry) {
        List<String> raw = new ArrayList<>(names(entry.getAuthors(), SyndPerson::getName));
        if (entry.getModule(DCModule.URI) instanceof DCModule dc) {
            raw.addAll(dc.getCreators());
        }
        if (raw.isEmpty() && entry.getAuthor() != null) {
            raw.add(entry.getAuthor());
        }
        return names(raw, author -> {
            String text = HtmlText.fromText(author);
            if (text == null) {
                return null;
            }
            Matcher m = EMAIL_WITH_NAME.matcher(text);
            return m.matches() ? m.group(1).strip() : text;
        });
    }

    /** RSS/Atom categories, then Dublin Core subjects (RSS 1.0 feeds categorise with {@code dc:subject}). */
    private static List<String> categories(SyndEntry entry) {
        List<String> raw = new ArrayList<>();
        entry.getCategories().stream().map(SyndCategory::getName).forEach(raw::add);
        if (entry.getModule(DCModule.URI) instanceof DCModule dc) {
            dc.getSubjects().forEach(subject -> raw.add(subject.getValue()));
        }
        return names(raw, HtmlText::fromText);
    }

    private static <T> List<String> names(Collection<T> values, Function<T, String> name) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (T value : values) {
            String text = blankToNull(name.apply(value));
            if (text != null && out.size() < MAX_LIST_ITEMS) {
                out.add(cap(text.strip(), MAX_LIST_ITEM_CHARS));
            }
        }
        return new ArrayList<>(out);
    }

    private static String cap(String text) {
        return cap(text, MAX_TEXT_CHARS);
    }

    private static String cap(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return text.substring(0, end);
    }

    private static <T> T firstNonNull(T a, T b) {
        return a != null ? a : b;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
