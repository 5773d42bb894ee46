package io.databroker.ingest.arxiv.oaipmh;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.databroker.ingest.arxiv.metadata.ArxivMetadataReader;
import io.databroker.ingest.arxiv.metadata.ArxivPaper;
import io.databroker.ingest.arxiv.metadata.StaxElements;
import io.databroker.ingest.core.MalformedSourceDataException;

/**
 * Parses an OAI-PMH ListRecords response (OAI-PMH 2.0 §4.5) with StAX, handing each record to a sink as soon as it
 * is read, so memory stays flat whatever the page size. The whole document is read to its end before returning:
 * a truncated page fails here (after some records may have reached the sink, which is why the sink writes into a
 * transaction that the caller aborts). DTDs and external entities are off, which rules out XXE.
 */
public final class ListRecordsParser {

    public static final String OAI_NS = "http://www.openarchives.org/OAI/2.0/";

    /** Receives records while the page is parsed. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(OaiRecord record);
    }

    private final XMLInputFactory factory;
    private final ArxivMetadataReader metadataReader = new ArxivMetadataReader();

    public ListRecordsParser() {
        factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    /**
     * @throws OaiPmhException              when the response is an OAI-PMH error
     * @throws MalformedSourceDataException when the body is not a complete OAI-PMH ListRecords document
     * @throws IOException                  when reading the body failed (connection cut, body over the cap)
     */
    public ListRecordsPage parse(InputStream body, RecordSink sink) throws IOException {
        XMLStreamReader xml = null;
        try {
            xml = factory.createXMLStreamReader(body);
            return document(xml, sink);
        } catch (XMLStreamException e) {
            if (e.getNestedException() instanceof IOException io) {
                throw io; // the stream failed under the parser: a network problem or the size cap, not bad XML
            }
            throw new MalformedSourceDataException("not well-formed XML: " + e.getMessage(), e);
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException e) {
                    // the body stream is closed by its owner
                }
            }
        }
    }

    private ListRecordsPage document(XMLStreamReader xml, RecordSink sink) throws XMLStreamException {
        int event = xml.next();
        while (event != XMLStreamConstants.START_ELEMENT) {
            if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new MalformedSourceDataException("empty document");
            }
            event = xml.next();
        }
        if (!"OAI-PMH".equals(xml.getLocalName()) || !OAI_NS.equals(xml.getNamespaceURI())) {
            throw new MalformedSourceDataException("not an OAI-PMH response: root element <" + xml.getLocalName() + ">");
        }
        Instant responseDate = null;
        ListRecordsPage page = null;
        String errorCode = null;
        String errorMessage = null;
        while (StaxElements.nextElement(xml) == XMLStreamConstants.START_ELEMENT) {
            switch (xml.getLocalName()) {
                case "responseDate" -> responseDate = instant(StaxElements.text(xml));
                case "error" -> {
                    // §3.6: several errors may be reported; the first one decides.
                    String code = xml.getAttributeValue(null, "code");
                    String message = StaxElements.text(xml);
                    if (errorCode == null) {
                        errorCode = code == null ? "unknown" : code;
                        errorMessage = message;
                    }
                }
                case "ListRecords" -> page = listRecords(xml, sink, responseDate);
                default -> StaxElements.skip(xml);
            }
        }
        while (xml.hasNext()) {
            xml.next(); // to END_DOCUMENT: trailing garbage or truncation still fails
        }
        if (errorCode != null) {
            throw new OaiPmhException(errorCode, errorMessage, responseDate);
        }
        if (page == null) {
            throw new MalformedSourceDataException("OAI-PMH response without ListRecords or error");
        }
        return page;
    }

    private ListRecordsPage listRecords(XMLStreamReader xml, RecordSink sink, Instant responseDate)
            throws XMLStreamException {
        int records = 0;
        ResumptionToken token = null;
        while (StaxElements.nextElement(xml) == XMLStreamConstants.START_ELEMENT) {
            switch (xml.getLocalName()) {
                case "record" -> {
                    sink.accept(record(xml));
                    records++;
                }
                case "resumptionToken" -> {
                    Long cursor = number(xml.getAttributeValue(null, "cursor"));
                    Long size = number(xml.getAttributeValue(null, "completeListSize"));
                    token = new ResumptionToken(StaxElements.text(xml), cursor, size);
                }
                default -> StaxElements.skip(xml);
            }
        }
        return new ListRecordsPage(responseDate, token, records);
    }

    private OaiRecord record(XMLStreamReader xml) throws XMLStreamException {
        String identifier = null;
        String datestamp = null;
        boolean deleted = false;
        List<String> sets = new ArrayList<>();
        ArxivPaper paper = null;
        while (StaxElements.nextElement(xml) == XMLStreamConstants.START_ELEMENT) {
            switch (xml.getLocalName()) {
                case "header" -> {
                    deleted = "deleted".equals(xml.getAttributeValue(null, "status"));
                    while (StaxElements.nextElement(xml) == XMLStreamConstants.START_ELEMENT) {
                        switch (xml.getLocalName()) {
                            case "identifier" -> identifier = StaxElements.text(xml);
                            case "datestamp" -> datestamp = StaxElements.text(xml);
                            case "setSpec" -> {
                                String set = StaxElements.text(xml);
                                if (set != null) {
                                    sets.add(set);
                                }
                            }
                            default -> StaxElements.skip(xml);
                        }
                    }
                }
                case "metadata" -> {
                    while (StaxElements.nextElement(xml) == XMLStreamConstants.START_ELEMENT) {
                        if (ArxivMetadataReader.reads(xml.getLocalName())) {
                            paper = metadataReader.read(xml);
                        } else {
                            StaxElements.skip(xml);
                        }
                    }
                }
                default -> StaxElements.skip(xml); // <about>
            }
        }
        return new OaiRecord(identifier, datestamp, sets, deleted, paper);
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Long number(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
