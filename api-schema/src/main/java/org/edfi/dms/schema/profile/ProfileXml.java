package org.edfi.dms.schema.profile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads Ed-Fi profile XML (the ODS/API's {@code Ed-Fi-ODS-API-Profile.xsd}): one {@code <Profile>},
 * or a {@code <Profiles>} document of several, as the ODS/API and the DMS Configuration Service
 * take them. The structure the XSD prescribes is checked here, every fault with where it is
 * ({@code Profile 'X'/Resource 'Student'/ReadContentType: ...}); whether the names exist is the
 * {@link ProfileResolver}'s. DTDs and external entities are refused: the XML comes from operators'
 * files and the admin API.
 */
public final class ProfileXml {

    private static final Set<String> CONTENT_CHILDREN = Set.of("Property", "Object", "Collection", "Extension");

    private ProfileXml() {}

    /** @throws ProfileException the XML is not well-formed or breaks the profile schema */
    public static List<ProfileDefinition> read(byte[] xml) {
        Document document = parse(xml);
        Element root = document.getDocumentElement();
        List<String> faults = new ArrayList<>();
        List<ProfileDefinition> profiles = new ArrayList<>();
        switch (root.getTagName()) {
            case "Profile" -> profiles.add(profile(root, faults));
            case "Profiles" -> {
                for (Element child : children(root)) {
                    if (child.getTagName().equals("Profile")) {
                        profiles.add(profile(child, faults));
                    } else {
                        faults.add("Profiles: unexpected element <" + child.getTagName() + ">; a Profiles document holds Profile elements");
                    }
                }
                if (profiles.isEmpty() && faults.isEmpty()) {
                    faults.add("Profiles: no Profile element");
                }
            }
            default -> faults.add("the root element is <" + root.getTagName() + ">, not <Profile> or <Profiles>");
        }
        if (!faults.isEmpty()) {
            throw new ProfileException(faults);
        }
        return profiles;
    }

    private static ProfileDefinition profile(Element element, List<String> faults) {
        String name = required(element, "name", "Profile", faults);
        String where = "Profile '" + name + "'";
        List<ProfileDefinition.Resource> resources = new ArrayList<>();
        for (Element child : children(element)) {
            if (!child.getTagName().equals("Resource")) {
                faults.add(where + ": unexpected element <" + child.getTagName() + ">; a Profile holds Resource elements");
                continue;
            }
            String resource = required(child, "name", where + "/Resource", faults);
            String at = where + "/Resource '" + resource + "'";
            Optional<ProfileDefinition.Content> read = Optional.empty();
            Optional<ProfileDefinition.Content> write = Optional.empty();
            for (Element content : children(child)) {
                switch (content.getTagName()) {
                    case "ReadContentType" -> read = once(read, content(content, at + "/ReadContentType", false, faults), at, faults);
                    case "WriteContentType" -> write = once(write, content(content, at + "/WriteContentType", false, faults), at, faults);
                    default -> faults.add(at + ": unexpected element <" + content.getTagName() + ">; a Resource holds ReadContentType and WriteContentType");
                }
            }
            if (read.isEmpty() && write.isEmpty()) {
                faults.add(at + ": neither ReadContentType nor WriteContentType");
            }
            resources.add(new ProfileDefinition.Resource(resource, attribute(child, "logicalSchema"), read, write));
        }
        if (resources.isEmpty()) {
            faults.add(where + ": no Resource element");
        }
        return new ProfileDefinition(name, resources, text(element));
    }

    private static Optional<ProfileDefinition.Content> once(Optional<ProfileDefinition.Content> earlier, ProfileDefinition.Content content,
            String where, List<String> faults) {
        if (earlier.isPresent()) {
            faults.add(where + ": a content type is given twice");
        }
        return Optional.of(content);
    }

    private static ProfileDefinition.Content content(Element element, String where, boolean named, List<String> faults) {
        String name = named ? required(element, "name", where, faults) : null;
        String at = named ? where + " '" + name + "'" : where;
        MemberSelection selection = MemberSelection.fromXml(element.getAttribute("memberSelection"));
        if (selection == null) {
            faults.add(at + ": memberSelection is " + (element.hasAttribute("memberSelection") ? "'" + element.getAttribute("memberSelection") + "'" : "missing")
                    + "; it is IncludeOnly, ExcludeOnly, IncludeAll or ExcludeAll");
            selection = MemberSelection.INCLUDE_ALL;
        }
        List<String> properties = new ArrayList<>();
        List<ProfileDefinition.Content> objects = new ArrayList<>();
        List<ProfileDefinition.Content> collections = new ArrayList<>();
        List<ProfileDefinition.Content> extensions = new ArrayList<>();
        Optional<ProfileDefinition.Filter> filter = Optional.empty();
        boolean collection = element.getTagName().equals("Collection");
        for (Element child : children(element)) {
            String tag = child.getTagName();
            switch (tag) {
                case "Property" -> properties.add(required(child, "name", at + "/Property", faults));
                case "Object" -> objects.add(content(child, at + "/Object", true, faults));
                case "Collection" -> collections.add(content(child, at + "/Collection", true, faults));
                case "Extension" -> extensions.add(content(child, at + "/Extension", true, faults));
                case "Filter" -> {
                    if (!collection) {
                        faults.add(at + ": a Filter belongs to a Collection");
                    } else if (filter.isPresent()) {
                        faults.add(at + ": a Collection has at most one Filter");
                    } else {
                        filter = Optional.of(filter(child, at + "/Filter", faults));
                    }
                }
                default -> faults.add(at + ": unexpected element <" + tag + ">; expected one of " + String.join(", ", CONTENT_CHILDREN.stream().sorted().toList()));
            }
        }
        return new ProfileDefinition.Content(name, selection, properties, objects, collections, extensions, filter);
    }

    private static ProfileDefinition.Filter filter(Element element, String where, List<String> faults) {
        String property = required(element, "propertyName", where, faults);
        String mode = element.getAttribute("filterMode");
        if (!mode.equals("IncludeOnly") && !mode.equals("ExcludeOnly")) {
            faults.add(where + ": filterMode is " + (mode.isEmpty() ? "missing" : "'" + mode + "'") + "; it is IncludeOnly or ExcludeOnly");
        }
        List<String> values = new ArrayList<>();
        for (Element child : children(element)) {
            if (child.getTagName().equals("Value")) {
                values.add(child.getTextContent().strip());
            } else {
                faults.add(where + ": unexpected element <" + child.getTagName() + ">; a Filter holds Value elements");
            }
        }
        if (values.isEmpty()) {
            faults.add(where + ": a Filter needs at least one Value");
        }
        return new ProfileDefinition.Filter(property, mode.equals("IncludeOnly"), values);
    }

    private static String required(Element element, String attribute, String where, List<String> faults) {
        String value = element.getAttribute(attribute).strip();
        if (value.isEmpty()) {
            faults.add(where + ": the " + attribute + " attribute is required");
        }
        return value;
    }

    private static Optional<String> attribute(Element element, String attribute) {
        String value = element.getAttribute(attribute).strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static List<Element> children(Element element) {
        List<Element> children = new ArrayList<>();
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child) {
                children.add(child);
            }
        }
        return children;
    }

    private static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            throw new ProfileException("the profile XML is not well-formed: " + e.getMessage());
        } catch (IOException | ParserConfigurationException e) {
            throw new ProfileException("the profile XML could not be read: " + e.getMessage());
        }
    }

    /** One profile's element as XML text on its own, for storing and showing it. */
    private static String text(Element element) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(element), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new ProfileException("the profile XML could not be written: " + e.getMessage());
        }
    }
}
