package org.edfi.dms.app.config;

/** A setting that is missing, unknown or malformed; the message says which and where to give it. */
public final class SettingsException extends RuntimeException {

    public SettingsException(String message) {
        super(message);
    }
}
