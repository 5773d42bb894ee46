package io.databroker.ingest.arxiv.metadata;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the {@code <arXiv>} or {@code <arXivRaw>} element of an OAI-PMH record with StAX (schemas: arXiv.xsd,
 * arXivRaw.xsd at https://arxiv.org/OAI/). Elements are matched by local name, so both namespaces arXiv has served
 * the {@code arXiv} format under ({@value #ARXIV_NS} and {@value #ARXIV_SCHEMAS_NS}) read the same; unknown
 * elements are skipped, so a format that grows new fields does not break us.
 */
public final class ArxivMetadataReader {

    public static final String ARXIV_NS = "http://arxiv.org/OAI/arXiv/";
    public static final String ARXIV_SCHEMAS_NS = "http://arxiv.org/schemas/arXiv/";
    public static final String ARXIV_RAW_NS = "http://arxiv.org/OAI/arXivRaw/";

    /** Namespaces we know; anything else under the same element names is read too, but this documents the wild. */
    public static final Set<String> KNOWN_NAMESPACES = Set.of(ARXIV_NS, ARXIV_SCHEMAS_NS, ARXIV_RAW_NS);

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern VERSION = Pattern.compile("[vV]([0-9]{1,4})");

    private final AuthorListParser authorListParser = new AuthorListParser();

    /** True when {@code localName} is a metadata element this reader understands. */
    public static boolean reads(String localName) {
        return "arXiv".equals(localName) || "arXivRaw".equals(localName);
    }

    /**
     * Reads the element the reader stands on (a START_ELEMENT {@code arXiv} or {@code arXivRaw}) up to and including
     * its END_ELEMENT.
     */
    public ArxivPaper read(XMLStreamReader xml) throws XMLStreamException {
        MetadataFormat format = "arXivRaw".equals(xml.getLocalName()) ? MetadataFormat.ARXIV_RAW : MetadataFormat.ARXIV;
        Fields f = new Fields();
        while (StaxElements.nextElement(xml) == XMLStreamConstants.START_ELEMENT) {
            String name = xml.getLocalName();
            switch (name) {
                case "id" -> f.id = StaxElements.text(xml);
                case "created" -> f.created = date(StaxElements.text(xml));
                case "updated" -> f.updated = date(StaxElements.text(xml));
                case "title" -> f.title = StaxElements.text(xml);
                case "abstract" -> f.abstractText = StaxElements.text(xml);
                case "categories" -> f.categories = words(StaxElements.text(xml));
                case "comments" -> f.comments = StaxElements.text(xml);
                case "report-no" -> f.reportNo = StaxElements.text(xml);
                case "msc-class" -> f.mscClass = StaxElements.text(xml);
                case "acm-class" -> f.acmClass = StaxElements.text(xml);
                case "journal-ref" -> f.journalRef = StaxElements.text(xml);
                case "doi" -> f.doi = StaxElements.text(xml);
                case "license" -> f.license = StaxElements.text(xml);
                case "authors" -> f.authors = format == MetadataFormat.ARXIV_RAW
                        ? authorListParser.parse(StaxElements.text(xml)) : structuredAuthors(xml);
                case "version" -> version(xml, f.versions);
                default -> StaxElements.skip(xml);
            }
        }
        return new ArxivPaper(format, f.id, f.created, f.updated, f.authors, f.title, f.abstractText, f.categories,
                f.comments, f.reportNo, f.mscClass, f.acmClass, f.journalRef, f.doi, f.license, f.versions);
    }

    private static List<ArxivAuthor> structuredAuthors(XMLStreamReader xml) throws XMLStreamException {
        List<ArxivAuthor> authors = new ArrayList<>();
        while (StaxElements.nextElement(xml) == XMLStreamConstants.START_ELEMENT) {
            if (!"author".equals(xml.getLocalName())) {
                StaxElements.skip(xml);
                continue;
            }
            String keyname = null;
            String forenames = null;
            String suffix = null;
            List<String> affiliations = new ArrayList<>();
            while (StaxElements.nextElement(xml) == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "keyname" -> keyname = collapse(StaxElements.text(xml));
                    case "forenames" -> forenames = collapse(StaxElements.text(xml));
                    case "suffix" -> suffix = collapse(StaxElements.text(xml));
                    case "affiliation" -> {
                        String affiliation = collapse(StaxElements.text(xml));
                        if (affiliation != null) {
                            affiliations.add(affiliation);
                        }
                    }
                    default -> StaxElements.skip(xml);
                }
            }
            if (keyname != null) {
                authors.add(new ArxivAuthor(keyname, forenames, suffix, affiliations));
            } else if (forenames != null) {
                // Mononyms and collaborations sometimes come as forenames only; keyname is the required field.
                authors.add(new ArxivAuthor(forenames, null, suffix, affiliations));
            }
        }
        return authors;
    }

    private static void version(XMLStreamReader xml, List<ArxivVersion> versions) throws XMLStreamException {
        String label = xml.getAttributeValue(null, "version");
        Instant submitted = null;
        String size = null;
        while (StaxElements.nextElement(xml) == XMLStreamConstants.START_ELEMENT) {
            switch (xml.getLocalName()) {
                case "date" -> submitted = instant(StaxElements.text(xml));
                case "size" -> size = StaxElements.text(xml);
                default -> StaxElements.skip(xml);
            }
        }
        var m = label == null ? null : VERSION.matcher(label.trim());
        if (m != null && m.matches()) {
            versions.add(new ArxivVersion(Integer.parseInt(m.group(1)), submitted, size));
        }
    }

    private static List<String> words(String text) {
        return text == null ? List.of() : Arrays.asList(WHITESPACE.split(text.strip()));
    }

    private static String collapse(String text) {
        if (text == null) {
            return null;
        }
        String collapsed = WHITESPACE.matcher(text).replaceAll(" ").strip();
        return collapsed.isEmpty() ? null : collapsed;
    }

    /** {@code 2017-06-16}; null when absent or not a date (one odd field must not cost the record). */
    private static LocalDate date(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** arXivRaw's RFC 1123 version dates, e.g. {@code Fri, 8 Feb 2013 21:00:01 GMT}. */
    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Mutable accumulator while reading one element. */
    private static final class Fields {
        String id;
        LocalDate created;
        LocalDate updated;
        String title;
        String abstractText;
        List<String> categories = List.of();
        String comments;
        String reportNo;
        String mscClass;
        String acmClass;
        String journalRef;
        String doi;
        String license;
        List<ArxivAuthor> authors = List.of();
        final List<ArxivVersion> versions = new ArrayList<>();
    }
}
