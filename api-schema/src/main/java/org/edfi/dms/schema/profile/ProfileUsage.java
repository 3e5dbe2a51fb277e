package org.edfi.dms.schema.profile;

/** Which side of a profile a request uses: {@code readable} on GET, {@code writable} on POST and PUT (the media type's last word). */
public enum ProfileUsage {
    READABLE("readable"),
    WRITABLE("writable");

    private final String word;

    ProfileUsage(String word) {
        this.word = word;
    }

    /** The word of the media type: {@code application/vnd.ed-fi.student.p.readable+json}. */
    public String word() {
        return word;
    }
}
