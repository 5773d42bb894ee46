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
import java.util.function.Function;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;

import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.id.LinkCanonicalizer;

/**
 * Turns a parsed feed into {@link NewsItem}s: ids per ARCHITECTURE §4 (canonical link, else feed URL + guid),
 * relative links resolved against the feed URL, dates to instants, and a content hash that changes when the
 * title, summary or content change. Items with neither link nor guid cannot get a stable id and are left out.
 */
public final class NewsItemMapper {

    /**
     * Cap on summary and content, in characters. Feeds put whole articles into content:encoded; this keeps a record
     * well below Kafka's default 1 MB message size (and enrich-service's record limit) even in 4-byte UTF-8.
     */
    static final int MAX_TEXT_CHARS = 100_000;
    /** news_feed.schema.json limits. */
    private static final int MAX_TITLE_CHARS = 65_536;
    private static final int MAX_LIST_ITEMS = 1_000;
    private static final int MAX_LIST_ITEM_CHARS = 1_024;

    /** The mapped items plus how many entries had to be left out. */
    public record Mapped(List<NewsItem> items, int unidentifiable) {
    }

    public Mapped map(SyndFeed feed, String feedUrl, Instant fetchedAt) {
        Map<String, NewsItem> byId = new LinkedHashMap<>();
        int unidentifiable = 0;
        String sourceName = blankToNull(feed.getTitle());
        String language = blankToNull(feed.getLanguage());
        for (SyndEntry entry : feed.getEntries()) {
            String link = resolve(feedUrl, entryLink(entry));
            String guid = blankToNull(entry.getUri());
            if (link == null && guid == null) {
                unidentifiable++;
                continue;
            }
            String id = link != null
                    ? DocumentIds.newsByLink(LinkCanonicalizer.canonicalize(link))
                    : DocumentIds.newsByGuid(feedUrl, guid);
            String title = cap(blankToNull(entry.getTitle()), MAX_TITLE_CHARS);
            String summary = cap(entry.getDescription() == null ? null : blankToNull(entry.getDescription().getValue()));
            String content = cap(firstContent(entry.getContents()));
            NewsItem item = new NewsItem(id, feedUrl, sourceName, guid, link, title, authors(entry),
                    instant(entry.getPublishedDate()), instant(entry.getUpdatedDate()), summary, content,
                    names(entry.getCategories(), SyndCategory::getName), language,
                    names(entry.getEnclosures(), SyndEnclosure::getUrl), contentHash(title, summary, content), fetchedAt);
            // The same article listed twice in one document (it happens) is one record; the first listing wins.
            byId.putIfAbsent(id, item);
        }
        return new Mapped(List.copyOf(byId.values()), unidentifiable);
    }

    /** SHA-256 over title, summary and content, so an edited item is republished as an update. */
    static String contentHash(String title, String summary, String content) {
        return DocumentIds.sha256Hex(Objects.toString(title, "") + "\n" + Objects.toString(summary, "") + "\n"
                + Objects.toString(content, ""));
    }

    private static String entryLink(SyndEntry entry) {
        String link = blankToNull(entry.getLink());
        if (link != null) {
            return link;
        }
        for (SyndLink candidate : entry.getLinks()) {
            String rel = candidate.getRel();
            if ((rel == null || rel.equals("alternate")) && blankToNull(candidate.getHref()) != null) {
                return candidate.getHref().strip();
            }
        }
        return null;
    }

    /** Relative links (legal in Atom, common in sloppy RSS) are resolved against the feed URL. */
    static String resolve(String feedUrl, String link) {
        if (link == null) {
            return null;
        }
        try {
            URI uri = new URI(link);
            return uri.isAbsolute() ? link : URI.create(feedUrl).resolve(uri).toString();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            // Not parseable as a URI (spaces, pipes): keep it as given; LinkCanonicalizer copes with such strings.
            return link;
        }
    }

    private static List<String> authors(SyndEntry entry) {
        List<String> names = names(entry.getAuthors(), SyndPerson::getName);
        if (names.isEmpty() && blankToNull(entry.getAuthor()) != null) {
            return List.of(cap(entry.getAuthor().strip(), MAX_LIST_ITEM_CHARS));
        }
        return names;
    }

    private static String firstContent(List<SyndContent> contents) {
        for (SyndContent c : contents) {
            String value = blankToNull(c.getValue());
            if (value != null) {
                return value;
            }
        }
        return null;
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

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
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

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
