package org.edfi.dms.security;

/** An answer in the error format of the OAuth endpoints (RFC 6749 5.2): a status, an error code and a description. */
final class OAuthRefusal extends RuntimeException {

    final int status;
    final String error;

    OAuthRefusal(int status, String error, String description) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
    }

    static OAuthRefusal invalidRequest(String description) {
        return new OAuthRefusal(400, "invalid_request", description);
    }

    /** The caller did not authenticate, or not as a known client may. */
    static OAuthRefusal invalidClient(String description) {
        return new OAuthRefusal(401, "invalid_client", description);
    }
}
