package org.edfi.dms.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.edfi.dms.contracts.InstanceId;

/**
 * The rules of vendor, application and client requests. Each broken rule is an
 * {@link InvalidRegistrationException} naming the field, as the admin API reports it. Repeated
 * list items are dropped: a list here is a set written in the order given.
 */
final class RegistrationRules {

    /** Vendor and application names are free text (people's names for products), kept printable and trimmed. */
    private static final Pattern DISPLAY_NAME = Pattern.compile("[^\\s\\p{Cntrl}](?:[^\\p{Cntrl}]{0,98}[^\\s\\p{Cntrl}])?");
    /** Namespace prefixes are URIs ({@code uri://ed-fi.org}): no spaces. */
    private static final Pattern NAMESPACE_PREFIX = Pattern.compile("[^\\s\\p{Cntrl}]{1,255}");
    /** A client id the operator chooses (a development client): URL- and Basic-header-safe. */
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~-]{1,64}");
    private static final int MAX_SECRET = 256;
    private static final Pattern CLAIM_SET_NAME = Pattern.compile("[\\p{L}\\p{N} _.()-]+");

    private final Supplier<ClaimSets> claimSets;

    RegistrationRules(Supplier<ClaimSets> claimSets) {
        this.claimSets = claimSets;
    }

    NewVendor vendor(NewVendor request) {
        return new NewVendor(displayName(request.name(), "$.name", "vendor"), namespacePrefixes(request.namespacePrefixes()));
    }

    NewApplication application(NewApplication request) {
        String vendor = displayName(request.vendor(), "$.vendor", "vendor");
        String name = displayName(request.name(), "$.name", "application");
        if (request.claimSet() == null || request.claimSet().isEmpty()) {
            throw new InvalidRegistrationException("$.claimSet", "claimSet is required; the claim sets are " + String.join(", ", claimSets.get().names()));
        }
        if (!claimSets.get().contains(request.claimSet())) {
            throw new InvalidRegistrationException("$.claimSet", "unknown claim set '" + request.claimSet() + "'; the claim sets are "
                    + String.join(", ", claimSets.get().names()));
        }
        List<Long> ids = request.educationOrganizationIds();
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) == null || ids.get(i) <= 0) {
                throw new InvalidRegistrationException("$.educationOrganizationIds[" + i + "]", "an education organization id is a positive whole number");
            }
        }
        return new NewApplication(vendor, name, request.claimSet(), distinct(ids));
    }

    NewClient client(NewClient request) {
        return new NewClient(displayName(request.vendor(), "$.vendor", "vendor"),
                displayName(request.application(), "$.application", "application"), distinct(request.instances()));
    }

    static String clientId(String clientId) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw new InvalidRegistrationException("$.clientId", "a client id is 1 to 64 letters, digits and . _ ~ -");
        }
        return clientId;
    }

    static String secret(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > MAX_SECRET) {
            throw new InvalidRegistrationException("$.clientSecret", "a client secret is 1 to " + MAX_SECRET + " characters");
        }
        return secret;
    }

    /** An instance as the admin API writes it, {@code tenant/instance}. */
    static InstanceId instance(String text, String path) {
        try {
            return TokenClaims.instance(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRegistrationException(path, e.getMessage());
        }
    }

    /**
     * A claim set's name as Ed-Fi names them ({@code SISVendor}, {@code Ed-Fi Sandbox}): letters,
     * digits, spaces and {@code - _ . ( )}, since it is a path segment of the admin API.
     */
    static String claimSetName(String name) {
        String checked = displayName(name, "$.claimSetName", "claim set");
        if (!CLAIM_SET_NAME.matcher(checked).matches()) {
            throw new InvalidRegistrationException("$.claimSetName", "a claim set name is letters, digits, spaces and - _ . ( )");
        }
        return checked;
    }

    private static String displayName(String name, String path, String what) {
        if (name == null || name.isEmpty()) {
            throw new InvalidRegistrationException(path, "the " + what + " name is required");
        }
        if (!DISPLAY_NAME.matcher(name).matches()) {
            throw new InvalidRegistrationException(path, "a " + what + " name is 1 to 100 printable characters, without spaces at either end");
        }
        return name;
    }

    private static List<String> namespacePrefixes(List<String> prefixes) {
        for (int i = 0; i < prefixes.size(); i++) {
            String prefix = prefixes.get(i);
            if (prefix == null || !NAMESPACE_PREFIX.matcher(prefix).matches()) {
                throw new InvalidRegistrationException("$.namespacePrefixes[" + i + "]",
                        "a namespace prefix is 1 to 255 characters without spaces, e.g. uri://ed-fi.org");
            }
        }
        return distinct(prefixes);
    }

    private static <T> List<T> distinct(List<T> values) {
        return new ArrayList<>(new LinkedHashSet<>(values));
    }
}
