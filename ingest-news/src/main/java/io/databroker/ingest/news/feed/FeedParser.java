package io.databroker.ingest.news.feed;

import java.io.IOException;
import java.io.StringReader;

import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.jdom2.input.SAXBuilder;

import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.WireFeedInput;
import com.rometools.rome.io.impl.XmlFixerReader;

import io.databroker.ingest.core.MalformedSourceDataException;

/**
 * Parses RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 and Atom 0.3/1.0 from raw bytes with Rome. We decode the bytes ourselves
 * ({@link FeedCharset}: BOM, XML declaration, HTTP charset, never failing) and repair what no XML parser accepts
 * ({@link XmlText}); Rome's {@link XmlFixerReader} turns the HTML entities feeds use without declaring them
 * ({@code &nbsp;}) into characters. The XML is parsed once into JDOM with Rome's hardened SAX settings (no DOCTYPE,
 * no external entities: no XXE); Rome maps that document, and {@link RawEntries} reads what Rome drops from the same
 * document (the date strings as written, {@code media:content}).
 */
public final class FeedParser {

    /** Exposes Rome's hardened SAX builder, which it creates in a protected method. */
    private static final class HardenedInput extends WireFeedInput {
        SAXBuilder saxBuilder() {
            return createSAXBuilder();
        }
    }

    /** @throws MalformedSourceDataException for anything that is not a readable feed: bad XML, HTML, an unknown format */
    public ParsedFeed parse(byte[] body, String contentType) {
        FeedCharset.Decoded decoded = FeedCharset.decode(body, contentType);
        String xml = XmlText.clean(decoded.text());
        if (xml.isEmpty()) {
            throw new MalformedSourceDataException("empty response body");
        }
        Document document;
        try {
            document = new HardenedInput().saxBuilder().build(new XmlFixerReader(new StringReader(xml)));
        } catch (JDOMException | IOException e) {
            throw new MalformedSourceDataException("not well-formed XML: " + e.getMessage(), e);
        }
        SyndFeedInput input = new SyndFeedInput();
        input.setPreserveWireFeed(true);
        SyndFeed feed;
        try {
            feed = input.build(document);
        } catch (FeedException | IllegalArgumentException e) {
            // IllegalArgumentException("Invalid document"): well-formed XML of no feed type, e.g. an XHTML error page.
            throw new MalformedSourceDataException("not an RSS or Atom document (root element <"
                    + document.getRootElement().getName() + ">): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Rome's mappers meet hostile documents; whatever they throw means "not a feed" and must not stop polling.
            throw new MalformedSourceDataException("feed could not be mapped: " + e, e);
        }
        return new ParsedFeed(feed, RawEntries.of(document, feed.getEntries().size()), decoded.charset(),
                RawEntries.documentLanguage(document));
    }
}
