package org.edfi.dms.schema.identity;

/**
 * One part of a natural key: the identity path in the identified resource's own terms (a School is
 * identified by {@code $.schoolId} even when read from {@code $.schoolReference.schoolId}) and the
 * value in canonical text form (see {@link IdentityValues}).
 */
public record IdentityElement(String path, String value) {

    @Override
    public String toString() {
        return path + "=" + value;
    }
}
