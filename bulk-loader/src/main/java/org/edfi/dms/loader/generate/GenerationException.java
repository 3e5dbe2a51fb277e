package org.edfi.dms.loader.generate;

/** A scenario that cannot be generated from the ApiSchema, with what to change. */
public final class GenerationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GenerationException(String message) {
        super(message);
    }
}
