package org.edfi.dms.loader.xml;

import java.util.Locale;

/** The naming rules between Ed-Fi XML element names and Ed-Fi JSON property names. */
final class XmlNames {

    private XmlNames() {}

    /**
     * The JSON property for an XML element name: the first word lower-cased, a leading acronym as a
     * whole ({@code CodeValue} is {@code codeValue}, {@code IEPPlacementMeetingIndicator} is
     * {@code iepPlacementMeetingIndicator}, {@code URI} is {@code uri}).
     */
    static String lowerCamel(String name) {
        int upper = 0;
        while (upper < name.length() && Character.isUpperCase(name.charAt(upper))) {
            upper++;
        }
        if (upper == 0) {
            return name;
        }
        // In "IEPPlacement" the last capital of the run starts the next word.
        int lowered = upper == name.length() || upper == 1 ? upper : upper - 1;
        return name.substring(0, lowered).toLowerCase(Locale.ROOT) + name.substring(lowered);
    }

    /** The XML element name for a JSON property where no mapping key names it: {@code educationOrganizationId} is {@code EducationOrganizationId}. */
    static String upperCamel(String property) {
        return property.isEmpty() ? property : Character.toUpperCase(property.charAt(0)) + property.substring(1);
    }
}
