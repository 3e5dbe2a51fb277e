package org.edfi.dms.schema.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.UUID;
import org.edfi.dms.schema.QualifiedResourceName;

/**
 * The deterministic id of a natural key, used for integrity checks and as the Kafka key of a
 * document's commands.
 *
 * <p>It is the same value the Ed-Fi DMS computes, so ids can be compared across the two: an RFC 4122
 * version 5 (SHA-1, name-based) UUID in the namespace {@code edf1edf1-3df1-3df1-3df1-3df1edf1edf1}
 * of the UTF-8 text {@code <ProjectName><ResourceName><path>=<value>#<path>=<value>...}, for example
 * {@code Ed-FiSchool$.schoolId=255901}. Values are canonical ({@link IdentityValues}).
 */
public record ReferentialId(UUID value) {

    /** The DMS's UUIDv5 namespace for referential ids. */
    public static final UUID NAMESPACE = UUID.fromString("edf1edf1-3df1-3df1-3df1-3df1edf1edf1");

    private static final byte[] NAMESPACE_BYTES = ByteBuffer.allocate(16)
            .putLong(NAMESPACE.getMostSignificantBits())
            .putLong(NAMESPACE.getLeastSignificantBits())
            .array();

    // MessageDigest is not thread-safe and getInstance costs more than the hash itself.
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-1", e);
        }
    });

    public static ReferentialId of(QualifiedResourceName resource, List<IdentityElement> identity) {
        StringBuilder name = new StringBuilder(64).append(resource.projectName()).append(resource.resourceName());
        for (int i = 0; i < identity.size(); i++) {
            if (i > 0) {
                name.append('#');
            }
            IdentityElement element = identity.get(i);
            name.append(element.path()).append('=').append(element.value());
        }
        return new ReferentialId(uuidV5(name.toString()));
    }

    static UUID uuidV5(String name) {
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        sha1.update(NAMESPACE_BYTES);
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer buffer = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    public static ReferentialId parse(String text) {
        return new ReferentialId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
