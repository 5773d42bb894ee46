package io.databroker.ingest.news.feed;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.filter.Filters;

/**
 * Reads from the parsed XML what Rome's object model loses: the date strings exactly as written (Rome turns a date it
 * cannot parse into null, and parses zone-less ones in the JVM's default zone), the {@code media:content} URLs (Media
 * RSS is not in Rome's core), and an entry's or the feed's {@code xml:lang}. Entries are found the way Rome finds
 * them (RSS 0.9x/2.0: {@code channel/item}; RSS 0.90/1.0: {@code rdf:RDF/item}; Atom: {@code feed/entry}), in
 * document order, so the n-th raw entry belongs to Rome's n-th entry.
 */
public final class RawEntries {

    private static final List<String> PUBLISHED = List.of("pubDate", "published", "issued", "date", "created");
    private static final List<String> UPDATED = List.of("updated", "modified");
    private static final String MEDIA_RSS = "http://search.yahoo.com/mrss";

    private RawEntries() {
    }

    /**
     * One entry as written.
     *
     * @param published the first of pubDate, (Atom) published, (Atom 0.3) issued, dc:date, created; or null
     * @param updated   (Atom) updated or (Atom 0.3) modified; or null
     * @param media     {@code media:content/@url}, also inside {@code media:group}
     * @param language  the entry's {@code xml:lang}, or null
     */
    public record RawEntry(String published, String updated, List<String> media, String language) {

        static final RawEntry NONE = new RawEntry(null, null, List.of(), null);

        public RawEntry {
            media = List.copyOf(media);
        }
    }

    /** The raw entries, or none when their number differs from Rome's ({@code expected}): better nothing than misaligned. */
    static List<RawEntry> of(Document document, int expected) {
        Element root = document.getRootElement();
        List<Element> entries = switch (root.getName()) {
            case "rss" -> {
                Element channel = child(root, "channel");
                yield channel == null ? List.of() : children(channel, "item", channel.getNamespace());
            }
            case "RDF" -> {
                Element channel = child(root, "channel");
                yield children(root, "item", channel == null ? null : channel.getNamespace());
            }
            case "feed" -> children(root, "entry", root.getNamespace());
            default -> List.of();
        };
        if (entries.size() != expected) {
            return List.of();
        }
        List<RawEntry> raw = new ArrayList<>(entries.size());
        for (Element entry : entries) {
            raw.add(new RawEntry(firstText(entry, PUBLISHED), firstText(entry, UPDATED), media(entry),
                    entry.getAttributeValue("lang", Namespace.XML_NAMESPACE)));
        }
        return raw;
    }

    /** The feed's {@code xml:lang} (Atom, and RSS that declares it on the root or channel), or null. */
    static String documentLanguage(Document document) {
        Element root = document.getRootElement();
        String lang = root.getAttributeValue("lang", Namespace.XML_NAMESPACE);
        Element channel = child(root, "channel");
        if (lang == null && channel != null) {
            lang = channel.getAttributeValue("lang", Namespace.XML_NAMESPACE);
        }
        return lang;
    }

    private static Element child(Element parent, String name) {
        for (Element child : parent.getChildren()) {
            if (child.getName().equals(name)) {
                return child;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name, Namespace namespace) {
        List<Element> out = new ArrayList<>();
        for (Element child : parent.getChildren()) {
            if (child.getName().equals(name) && (namespace == null || child.getNamespace().equals(namespace))) {
                out.add(child);
            }
        }
        return out;
    }

    private static String firstText(Element entry, List<String> names) {
        for (String name : names) {
            for (Element child : entry.getChildren()) {
                if (child.getName().equals(name) && !child.getTextTrim().isEmpty()) {
                    return child.getTextTrim();
                }
            }
        }
        return null;
    }

    private static List<String> media(Element entry) {
        Set<String> urls = new LinkedHashSet<>();
        for (Element e : entry.getDescendants(Filters.element())) {
            String url = e.getAttributeValue("url");
            if (e.getName().equals("content") && e.getNamespaceURI().startsWith(MEDIA_RSS) && url != null && !url.isBlank()) {
                urls.add(url.strip());
            }
        }
        return new ArrayList<>(urls);
    }
}
