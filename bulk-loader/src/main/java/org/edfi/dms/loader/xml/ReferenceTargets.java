package org.edfi.dms.loader.xml;

import java.util.Optional;

/**
 * The records that {@code ref} attributes may point to. An interchange reference can be written as
 * {@code <ContactReference ref="PRNT_778393"/>}, naming the {@code id} attribute of another record
 * (in any file of the load) instead of spelling out the target's identity; the loader collects the
 * records that carry an {@code id} in a first pass and answers from them.
 */
@FunctionalInterface
public interface ReferenceTargets {

    /** For loads, or tests, without {@code ref} references: every {@code ref} is unresolved. */
    ReferenceTargets NONE = id -> Optional.empty();

    /** The top-level record whose {@code id} attribute is {@code id}. */
    Optional<XmlElement> recordWithId(String id);
}
