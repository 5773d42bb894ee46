package io.databroker.ingest.news.opml;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.databroker.ingest.news.feed.FeedSource;

/**
 * Reads the feeds of an OPML 1.0/2.0 subscription list: every {@code <outline>} with an {@code xmlUrl} is a feed
 * (OPML 2.0 §"subscriptionList"), named by its {@code title} or {@code text}. Its label is its {@code category}
 * attribute, else the {@code text} of the folder outline it sits in (how feed readers export folders). A
 * {@code pollInterval} attribute (ours, e.g. {@code 30m}, {@code 2h}, {@code PT15M}) overrides the default interval.
 * DTDs and external entities are refused (no XXE).
 */
public final class OpmlReader {

    /** @throws IllegalArgumentException when the document is not readable OPML or holds an unusable feed URL */
    public List<FeedSource> read(byte[] opml, Duration defaultInterval) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        List<FeedSource> feeds = new ArrayList<>();
        Deque<String> folders = new ArrayDeque<>();
        try {
            XMLStreamReader xml = factory.createXMLStreamReader(new ByteArrayInputStream(opml));
            boolean sawOpml = false;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("opml")) {
                    sawOpml = true;
                } else if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("outline")) {
                    String xmlUrl = attribute(xml, "xmlUrl");
                    String name = firstNonBlank(attribute(xml, "title"), attribute(xml, "text"));
                    if (xmlUrl == null) {
                        folders.push(name == null ? "" : name);
                    } else {
                        folders.push("");
                        String label = firstNonBlank(attribute(xml, "category"), nearestFolder(folders));
                        String interval = attribute(xml, "pollInterval");
                        feeds.add(new FeedSource(URI.create(xmlUrl.strip()), label, name,
                                interval == null ? defaultInterval : Durations.parse(interval)));
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("outline")) {
                    folders.pop();
                }
            }
            if (!sawOpml) {
                throw new IllegalArgumentException("not an OPML document (no <opml> element)");
            }
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("OPML is not well-formed XML: " + e.getMessage(), e);
        }
        return feeds;
    }

    /** The innermost enclosing folder with a name (the top of the stack is the feed itself). */
    private static String nearestFolder(Deque<String> folders) {
        boolean first = true;
        for (String folder : folders) {
            if (first) {
                first = false;
                continue;
            }
            if (!folder.isBlank()) {
                return folder;
            }
        }
        return null;
    }

    /** Attribute by name, case-insensitively: exporters write {@code xmlUrl}, {@code xmlurl} and {@code XMLURL}. */
    private static String attribute(XMLStreamReader xml, String name) {
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            if (xml.getAttributeLocalName(i).equalsIgnoreCase(name)) {
                String value = xml.getAttributeValue(i);
                return value == null || value.isBlank() ? null : value.strip();
            }
        }
        return null;
    }

    private static String firstNonBlank(String a, String b) {
        return a != null ? a : b;
    }
}
