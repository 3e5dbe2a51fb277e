package org.edfi.dms.runtime;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;
import org.edfi.dms.security.ConfiguredClients.Credentials;
import org.edfi.dms.security.SecretHasher;

/**
 * The embedded default's development client: the one the settings name, else the one saved in the
 * data directory by an earlier start, else a new one, saved there (readable by its owner alone) so
 * that the next start keeps it. Only the embedded default has one.
 *
 * @param madeUp whether this start made it up, and so should print its secret
 */
public record DevelopmentClient(Credentials credentials, boolean madeUp, Path savedIn) {

    private static final String FILE = "development-client.properties";

    /**
     * The development client a {@code dms run} of this data directory made and saved, if any: the
     * admin commands and the loader sign in with it when given no client, as a laptop user expects.
     */
    public static Optional<Credentials> saved(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        Properties saved = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            saved.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the development client in " + file + ": " + e.getMessage(), e);
        }
        String id = saved.getProperty("client-id");
        String secret = saved.getProperty("client-secret");
        return id == null || secret == null ? Optional.empty() : Optional.of(new Credentials(id, secret));
    }

    public static DevelopmentClient resolve(Path dataDir, Optional<String> clientId, Optional<String> clientSecret) {
        Path file = dataDir.resolve(FILE);
        if (clientId.isPresent() && clientSecret.isPresent()) {
            return new DevelopmentClient(new Credentials(clientId.get(), clientSecret.get()), false, file);
        }
        if (clientId.isPresent() || clientSecret.isPresent()) {
            throw new IllegalArgumentException("give both the development client's id and secret (--client-id and --client-secret), or neither");
        }
        Optional<Credentials> earlier = saved(dataDir);
        if (earlier.isPresent()) {
            return new DevelopmentClient(earlier.get(), false, file);
        }
        try {
            SecretHasher random = new SecretHasher();
            Credentials made = new Credentials("dev-" + random.newClientId(), random.newSecret());
            Files.createDirectories(dataDir);
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data directory's own permissions guard it
            }
            Properties saved = new Properties();
            saved.setProperty("client-id", made.clientId());
            saved.setProperty("client-secret", made.clientSecret());
            try (Writer out = Files.newBufferedWriter(file)) {
                saved.store(out, "The development client of this data directory (dms run)");
            }
            return new DevelopmentClient(made, true, file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or save the development client in " + file + ": " + e.getMessage(), e);
        }
    }
}
