package io.databroker.ingest.news.feed;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;

/**
 * Parses RSS 0.9x/1.0/2.0 and Atom from raw bytes with Rome. The charset is detected by Rome's {@link XmlReader}
 * from the BOM, the XML declaration and the HTTP Content-Type (RFC 3023, leniently), never decoded by us first.
 * DOCTYPEs stay disallowed (Rome's default), which rules out XXE.
 */
public final class FeedParser {

    /** @throws MalformedFeedException for anything that is not a readable feed */
    public SyndFeed parse(byte[] body, String contentType) {
        if (body.length == 0) {
            throw new MalformedFeedException("empty response body");
        }
        try (XmlReader reader = contentType == null
                ? new XmlReader(new ByteArrayInputStream(body), true)
                : new XmlReader(new ByteArrayInputStream(body), contentType, true)) {
            return new SyndFeedInput().build(reader);
        } catch (FeedException | IOException | IllegalArgumentException e) {
            throw new MalformedFeedException("not a readable feed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Rome and JDOM are third-party parsers fed with hostile bytes; anything they throw means "not a feed"
            // and must never stop the poller.
            throw new MalformedFeedException("feed parser failed: " + e, e);
        }
    }
}
