package io.databroker.ingest.news.feed;

import java.nio.charset.Charset;
import java.util.List;

import com.rometools.rome.feed.synd.SyndFeed;

/**
 * A parsed feed document.
 *
 * @param feed    Rome's view, with the wire feed preserved (RSS guids as written)
 * @param raw     per entry of {@code feed}, in the same order, what Rome does not keep
 * @param charset how the bytes were decoded
 * @param xmlLang the document's {@code xml:lang} (root or channel), or null
 */
public record ParsedFeed(SyndFeed feed, List<RawEntries.RawEntry> raw, Charset charset, String xmlLang) {

    public ParsedFeed {
        raw = List.copyOf(raw);
    }

    /** The raw view of entry {@code index}, or an empty one when the document could not be aligned with Rome's. */
    public RawEntries.RawEntry raw(int index) {
        return index < raw.size() ? raw.get(index) : RawEntries.RawEntry.NONE;
    }
}
