package org.edfi.dms.schema.profile;

/** How a content type, object or collection of a profile picks its members (the XSD's {@code MemberSelectionMode}). */
public enum MemberSelection {
    /** Only the members it names. */
    INCLUDE_ONLY("IncludeOnly"),
    /** Every member but those it names. */
    EXCLUDE_ONLY("ExcludeOnly"),
    /** Every member; named objects and collections may still narrow themselves. */
    INCLUDE_ALL("IncludeAll"),
    /** No member (identity members stay on a resource). */
    EXCLUDE_ALL("ExcludeAll");

    private final String xmlName;

    MemberSelection(String xmlName) {
        this.xmlName = xmlName;
    }

    public String xmlName() {
        return xmlName;
    }

    /** The mode an XML attribute names, or null. */
    static MemberSelection fromXml(String value) {
        for (MemberSelection selection : values()) {
            if (selection.xmlName.equals(value)) {
                return selection;
            }
        }
        return null;
    }
}
