package org.edfi.dms.loader.xml;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams the records of an Ed-Fi interchange file: every child element of the root element
 * ({@code InterchangeDescriptors}, {@code InterchangeStudent}, ...), one at a time and in file
 * order, each as an {@link XmlElement} tree. Only one record is in memory at a time, so files of
 * any size read in flat memory.
 *
 * <p>The parser is the JDK's StAX with DTDs and external entities switched off: interchange files
 * come from outside, and neither has a use in them.
 */
public final class InterchangeReader {

    private static final XMLInputFactory FACTORY = secureFactory();

    private InterchangeReader() {}

    private static XMLInputFactory secureFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    /**
     * Calls {@code action} with each record of {@code file}, in order, before reading the next. An
     * exception thrown by {@code action} stops the reading and propagates unchanged.
     *
     * @throws InterchangeReadException when the file cannot be opened or is not well-formed XML
     *     (records before the fault have been handed over already)
     */
    public static void forEach(Path file, Consumer<? super XmlRecord> action) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(file.toUri().toString(), in);
            try {
                readRecords(file, reader, action);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            Location at = e.getLocation();
            throw new InterchangeReadException(file, at == null ? -1 : at.getLineNumber(), at == null ? -1 : at.getColumnNumber(),
                    "not well-formed XML: " + parserMessage(e), e);
        } catch (IOException e) {
            throw new InterchangeReadException(file, -1, -1, "cannot be read: " + e, e);
        }
    }

    private static void readRecords(Path file, XMLStreamReader reader, Consumer<? super XmlRecord> action) throws XMLStreamException {
        while (reader.hasNext() && reader.next() != XMLStreamConstants.START_ELEMENT) {
            // prolog: declaration, comments, processing instructions
        }
        if (!reader.isStartElement()) {
            throw new XMLStreamException("the file has no root element", reader.getLocation());
        }
        int position = 0;
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                int line = reader.getLocation().getLineNumber();
                XmlElement element = readElement(reader);
                action.accept(new XmlRecord(file, ++position, element, line));
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                break; // the root closes; the parser still checks what follows
            }
        }
        while (reader.hasNext()) {
            reader.next();
        }
    }

    /** Reads the element whose start tag is the current event, up to and including its end tag. */
    private static XmlElement readElement(XMLStreamReader reader) throws XMLStreamException {
        String name = reader.getLocalName();
        Map<String, String> attributes = Map.of();
        int attributeCount = reader.getAttributeCount();
        if (attributeCount > 0) {
            attributes = new LinkedHashMap<>();
            for (int i = 0; i < attributeCount; i++) {
                String namespace = reader.getAttributeNamespace(i);
                if (namespace == null || namespace.isEmpty()) {
                    attributes.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
                }
            }
        }
        StringBuilder text = new StringBuilder();
        List<XmlElement> children = new ArrayList<>();
        while (true) {
            switch (reader.next()) {
                case XMLStreamConstants.START_ELEMENT -> children.add(readElement(reader));
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text.append(reader.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    // Between child elements the character data is indentation, not a value.
                    String value = !children.isEmpty() && text.toString().isBlank() ? "" : text.toString();
                    return new XmlElement(name, attributes, value, children);
                }
                default -> {
                    // comments and processing instructions carry no data
                }
            }
        }
    }

    /** The JDK's message starts with "ParseError at [row,col]:..." which the exception already says better. */
    private static String parserMessage(XMLStreamException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int newline = message.indexOf("\nMessage: ");
        return newline >= 0 ? message.substring(newline + "\nMessage: ".length()) : message;
    }
}
