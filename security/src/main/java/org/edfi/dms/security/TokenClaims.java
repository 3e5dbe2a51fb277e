package org.edfi.dms.security;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.edfi.dms.contracts.InstanceId;

/**
 * The claims of an access token (docs/security.md). In the JWT: {@code iss} ({@value #ISSUER}),
 * {@code sub} and {@code client_id} (the client id), {@code jti}, {@code iat} and {@code exp} (epoch
 * seconds), {@code claim_set}, {@code instances} ({@code "tenant/instance"} strings),
 * {@code namespace_prefixes}, {@code education_organization_ids} and {@code ownership_token}, which
 * tokens issued before it existed lack (null here).
 */
public record TokenClaims(
        String clientId,
        String claimSet,
        List<InstanceId> instances,
        List<String> namespacePrefixes,
        List<Long> educationOrganizationIds,
        Instant issuedAt,
        Instant expiresAt,
        String tokenId,
        String ownershipToken) {

    /** The {@code iss} of every token this service issues, and the only one it accepts. */
    public static final String ISSUER = "edfi-dms";

    public TokenClaims {
        instances = List.copyOf(instances);
        namespacePrefixes = List.copyOf(namespacePrefixes);
        educationOrganizationIds = List.copyOf(educationOrganizationIds);
    }

    /**
     * New claims for a grant, from now (whole seconds, as the token carries them) for {@code lifetime};
     * dated no earlier than the grant's {@code notIssuedBefore}, at most a few seconds ahead, which
     * verification tolerates ({@link JsonWebTokens#LEEWAY}).
     */
    public static TokenClaims issue(Grant grant, Instant now, Duration lifetime) {
        Instant truncated = now.truncatedTo(ChronoUnit.SECONDS);
        Instant issued = truncated.isBefore(grant.notIssuedBefore()) ? grant.notIssuedBefore() : truncated;
        return new TokenClaims(grant.clientId(), grant.claimSet(), grant.instances(), grant.namespacePrefixes(),
                grant.educationOrganizationIds(), issued, issued.plus(lifetime), UUID.randomUUID().toString(), grant.ownershipToken());
    }

    /** Whether the token reaches this instance's data. */
    public boolean reaches(InstanceId instance) {
        return instances.contains(instance);
    }

    /** An instance as tokens and the admin API write it: {@code tenant/instance}. */
    static String instanceText(InstanceId id) {
        return id.tenant() + "/" + id.instance();
    }

    /** @throws IllegalArgumentException the text is not {@code tenant/instance} with valid names */
    static InstanceId instance(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("an instance is written tenant/instance, e.g. district-a/255901-2024: " + text);
        }
        return new InstanceId(text.substring(0, slash), text.substring(slash + 1));
    }

    /** The claims as the token carries them. */
    JWTClaimsSet toClaimsSet() {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(clientId)
                .claim("client_id", clientId)
                .jwtID(tokenId)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .claim("claim_set", claimSet)
                .claim("instances", instances.stream().map(TokenClaims::instanceText).toList())
                .claim("namespace_prefixes", namespacePrefixes)
                .claim("education_organization_ids", educationOrganizationIds);
        if (ownershipToken != null) {
            claims.claim("ownership_token", ownershipToken);
        }
        return claims.build();
    }

    /**
     * The claims of a verified token (signature, issuer and times are checked by the caller).
     *
     * @throws IllegalArgumentException a claim is missing or of the wrong type, saying which
     */
    static TokenClaims fromClaimsSet(JWTClaimsSet claims) {
        List<InstanceId> instances = strings(claims, "instances").stream().map(TokenClaims::instance).toList();
        String subject = text(claims, "sub");
        String clientId = text(claims, "client_id");
        if (!subject.equals(clientId)) {
            throw new IllegalArgumentException("sub and client_id differ");
        }
        return new TokenClaims(clientId, text(claims, "claim_set"), instances, strings(claims, "namespace_prefixes"),
                wholeNumbers(claims, "education_organization_ids"), time(claims, "iat"), time(claims, "exp"), text(claims, "jti"),
                optionalText(claims, "ownership_token"));
    }

    private static String text(JWTClaimsSet claims, String claim) {
        if (!(claims.getClaim(claim) instanceof String value)) {
            throw new IllegalArgumentException("the claim " + claim + " is missing or not a string");
        }
        return value;
    }

    /** A string claim a token may lack: null then. */
    private static String optionalText(JWTClaimsSet claims, String claim) {
        return claims.getClaim(claim) == null ? null : text(claims, claim);
    }

    /** A time claim: Nimbus has read its seconds into a {@link Date} (and refused the token if it is not a number). */
    private static Instant time(JWTClaimsSet claims, String claim) {
        if (!(claims.getClaim(claim) instanceof Date value)) {
            throw new IllegalArgumentException("the claim " + claim + " is missing or not a whole number of seconds");
        }
        return value.toInstant();
    }

    private static List<String> strings(JWTClaimsSet claims, String claim) {
        List<String> strings = new ArrayList<>();
        for (Object value : array(claims, claim)) {
            if (!(value instanceof String string)) {
                throw new IllegalArgumentException(claim + " holds strings");
            }
            strings.add(string);
        }
        return strings;
    }

    /** Whole numbers within 64 bits: Nimbus reads those as {@link Long}, any other number as {@link Double}. */
    private static List<Long> wholeNumbers(JWTClaimsSet claims, String claim) {
        List<Long> numbers = new ArrayList<>();
        for (Object value : array(claims, claim)) {
            if (!(value instanceof Long number)) {
                throw new IllegalArgumentException(claim + " holds whole numbers");
            }
            numbers.add(number);
        }
        return numbers;
    }

    private static List<?> array(JWTClaimsSet claims, String claim) {
        if (!(claims.getClaim(claim) instanceof List<?> values)) {
            throw new IllegalArgumentException("the claim " + claim + " is missing or not an array");
        }
        return values;
    }
}
