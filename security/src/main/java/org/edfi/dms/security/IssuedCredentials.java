package org.edfi.dms.security;

/** A client with its plain secret: the answer of a create or a secret reset, the only time the secret is shown. */
public record IssuedCredentials(ApiClient client, String clientSecret) {

    @Override
    public String toString() {
        return "IssuedCredentials[" + client.clientId() + ", secret hidden]";
    }
}
