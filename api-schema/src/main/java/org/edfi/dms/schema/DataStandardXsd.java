package org.edfi.dms.schema;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The types of a Data Standard's XSD files (the bulk interchange schemas, e.g. {@code Ed-Fi-Core.xsd}),
 * read for what the ApiSchema of Data Standard 5.0 lacks: the precision and scale of decimals. A
 * complex type is named as the resource ({@code Staff}) and its elements as the segments of a
 * documentPathsMapping key ({@code YearsOfPriorProfessionalExperience}), so a key walks down the
 * element types to a simple type restricting {@code xs:decimal} with {@code totalDigits}.
 */
public final class DataStandardXsd {

    private static final String XS = XMLConstants.W3C_XML_SCHEMA_NS_URI;

    private record ComplexType(String base, Map<String, String> elements) {}

    private record SimpleType(String base, Integer totalDigits, Integer fractionDigits) {}

    private final List<Path> files;
    private final Map<String, ComplexType> complexTypes;
    private final Map<String, SimpleType> simpleTypes;

    private DataStandardXsd(List<Path> files, Map<String, ComplexType> complexTypes, Map<String, SimpleType> simpleTypes) {
        this.files = List.copyOf(files);
        this.complexTypes = complexTypes;
        this.simpleTypes = simpleTypes;
    }

    /** Reads the given XSD files (their top-level named types; imports and includes are the other files given). */
    public static DataStandardXsd parse(List<Path> files) throws SchemaLoadException {
        Map<String, ComplexType> complex = new HashMap<>();
        Map<String, SimpleType> simple = new HashMap<>();
        DocumentBuilder builder = builder();
        for (Path file : files) {
            Element root;
            try {
                root = builder.parse(file.toFile()).getDocumentElement();
            } catch (SAXException | IOException e) {
                throw new SchemaLoadException(file + ": not a readable XSD: " + e.getMessage(), e);
            }
            for (Element type : children(root, "complexType")) {
                complex.put(type.getAttribute("name"), complexType(type));
            }
            for (Element type : children(root, "simpleType")) {
                simple.put(type.getAttribute("name"), simpleType(type));
            }
        }
        return new DataStandardXsd(files, complex, simple);
    }

    /** The files read, in the order given. */
    public List<Path> files() {
        return files;
    }

    /**
     * The decimal limits of a resource's numeric properties: each documentPathsMapping entry of
     * type number whose key leads, through the resource's complex type, to a decimal with
     * {@code totalDigits}. Choice groups in keys ({@code ...Choice}) are not elements and are skipped.
     */
    List<DecimalLimit> decimalLimits(ResourceSchema resource) {
        List<DecimalLimit> limits = new ArrayList<>();
        for (DocumentPathMapping mapping : resource.documentPaths()) {
            if (mapping.path().isEmpty() || !"number".equals(mapping.type())) {
                continue;
            }
            typeAt(resource.name().resourceName(), mapping.key())
                    .flatMap(this::digits)
                    .ifPresent(digits -> limits.add(new DecimalLimit(mapping.path().get(), digits[0], digits[1])));
        }
        return limits;
    }

    private Optional<String> typeAt(String complexType, String key) {
        String type = complexType;
        for (String segment : key.split("\\.")) {
            String next = elements(type).get(segment);
            if (next == null) {
                if (segment.endsWith("Choice")) {
                    continue;
                }
                return Optional.empty();
            }
            type = next;
        }
        return Optional.of(type);
    }

    /** A complex type's elements, its base types' included. */
    private Map<String, String> elements(String name) {
        Map<String, String> elements = new LinkedHashMap<>();
        for (ComplexType type = complexTypes.get(name), seen = null; type != null && type != seen; type = complexTypes.get(type.base())) {
            seen = type;
            type.elements().forEach(elements::putIfAbsent);
            if (type.base() == null) {
                break;
            }
        }
        return elements;
    }

    /** {totalDigits, fractionDigits} of a simple type, following its restriction bases. */
    private Optional<int[]> digits(String name) {
        for (int depth = 0; depth < 16 && name != null; depth++) {
            SimpleType type = simpleTypes.get(name);
            if (type == null) {
                return Optional.empty();
            }
            if (type.totalDigits() != null) {
                return Optional.of(new int[] {type.totalDigits(), type.fractionDigits() == null ? 0 : type.fractionDigits()});
            }
            name = type.base();
        }
        return Optional.empty();
    }

    private static ComplexType complexType(Element type) {
        String base = null;
        NodeList extensions = type.getElementsByTagNameNS(XS, "extension");
        if (extensions.getLength() > 0) {
            base = ((Element) extensions.item(0)).getAttribute("base");
        }
        Map<String, String> elements = new LinkedHashMap<>();
        NodeList declared = type.getElementsByTagNameNS(XS, "element");
        for (int i = 0; i < declared.getLength(); i++) {
            Element element = (Element) declared.item(i);
            if (element.hasAttribute("name")) {
                elements.putIfAbsent(element.getAttribute("name"), element.getAttribute("type"));
            }
        }
        return new ComplexType(base, elements);
    }

    private static SimpleType simpleType(Element type) {
        NodeList restrictions = type.getElementsByTagNameNS(XS, "restriction");
        if (restrictions.getLength() == 0) {
            return new SimpleType(null, null, null);
        }
        Element restriction = (Element) restrictions.item(0);
        return new SimpleType(restriction.getAttribute("base"), facet(restriction, "totalDigits"), facet(restriction, "fractionDigits"));
    }

    private static Integer facet(Element restriction, String name) {
        NodeList facets = restriction.getElementsByTagNameNS(XS, name);
        return facets.getLength() == 0 ? null : Integer.valueOf(((Element) facets.item(0)).getAttribute("value").strip());
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && XS.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    /** A namespace-aware parser that reads no DTD and fetches nothing: the files given are all it reads. */
    private static DocumentBuilder builder() throws SchemaLoadException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new SchemaLoadException("No XML parser: " + e.getMessage(), e);
        }
    }
}
