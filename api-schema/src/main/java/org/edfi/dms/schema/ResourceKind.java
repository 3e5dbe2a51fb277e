package org.edfi.dms.schema;

/** The three shapes of resource an ApiSchema defines. */
public enum ResourceKind {
    /** A domain entity or association with its own identity paths. */
    DOCUMENT,
    /** A descriptor: namespace, codeValue and descriptions; its identity is the URI {@code namespace#codeValue}. */
    DESCRIPTOR,
    /** SchoolYearType, the one enumeration exposed as a resource; its identity is the schoolYear. */
    SCHOOL_YEAR_ENUMERATION
}
