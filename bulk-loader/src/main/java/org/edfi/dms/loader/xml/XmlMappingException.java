package org.edfi.dms.loader.xml;

/**
 * An XML record that cannot become an Ed-Fi document: an element no rule expects, a value that is
 * not of its type, a {@code ref} that names no record, a value given twice. The message starts with
 * the element path inside the record ({@code Section/ClassPeriodReference[2]/ClassPeriodIdentity}),
 * so a reject report says where to look. Nothing is dropped silently instead.
 */
public final class XmlMappingException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String reason;

    public XmlMappingException(String path, String reason) {
        this(path, reason, null);
    }

    public XmlMappingException(String path, String reason, Throwable cause) {
        super(path + ": " + reason, cause);
        this.path = path;
        this.reason = reason;
    }

    /** The element path inside the record, e.g. {@code School/Address[2]/Period/BeginDate}. */
    public String path() {
        return path;
    }

    /** What is wrong there, without the path. */
    public String reason() {
        return reason;
    }
}
