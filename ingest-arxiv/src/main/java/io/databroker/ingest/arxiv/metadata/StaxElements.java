package io.databroker.ingest.arxiv.metadata;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Element-by-element navigation over a StAX reader that tolerates what {@code nextTag()} and
 * {@code getElementText()} reject (stray text between elements, markup inside a text field): a well-formed page
 * with one odd record must not fail the whole harvest forever.
 */
public final class StaxElements {

    private StaxElements() {
    }

    /** Advances to the next START_ELEMENT or END_ELEMENT and returns its event type. */
    public static int nextElement(XMLStreamReader xml) throws XMLStreamException {
        while (true) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT || event == XMLStreamConstants.END_ELEMENT) {
                return event;
            }
            if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new XMLStreamException("document ended inside an element", xml.getLocation());
            }
        }
    }

    /**
     * The text inside the element the reader stands on (children's text included), trimmed; null when empty.
     * Leaves the reader on the element's END_ELEMENT.
     */
    public static String text(XMLStreamReader xml) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> depth++;
                case XMLStreamConstants.END_ELEMENT -> depth--;
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE,
                     XMLStreamConstants.ENTITY_REFERENCE -> text.append(xml.getText());
                case XMLStreamConstants.END_DOCUMENT ->
                        throw new XMLStreamException("document ended inside an element", xml.getLocation());
                default -> {
                    // comments and processing instructions carry no content
                }
            }
        }
        String trimmed = text.toString().strip();
        return trimmed.isEmpty() ? null : trimmed;
    }

    /** Skips the element the reader stands on, children included; leaves the reader on its END_ELEMENT. */
    public static void skip(XMLStreamReader xml) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new XMLStreamException("document ended inside an element", xml.getLocation());
            }
        }
    }
}
