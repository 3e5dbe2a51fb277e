package org.edfi.dms.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which incarnation of an instance a node's local processor state was built from. A purge or a
 * delete removes the instance's topics, changelogs included, and makes them again, but can only
 * remove the state directory of the node it runs on; Kafka Streams on another node would take its
 * old RocksDB stores for restored from the new, empty changelog, and bring purged documents back.
 * Every incarnation of the command topic has a topic id of its own, so the state directory records
 * the id it was built from, and state built from another one (or from an unknown one: a directory
 * of an earlier version) is removed before Kafka Streams opens it. Removing it is always safe: the
 * changelogs hold everything, so at worst the state is restored from them once more.
 */
final class StateIncarnation {

    private static final Logger LOG = LoggerFactory.getLogger(StateIncarnation.class);

    /** The file in the instance's state directory that names the command topic's id. */
    static final String FILE = "dms-commands-topic-id";

    private StateIncarnation() {}

    /**
     * Makes {@code directory} (the instance's Kafka Streams state directory) state of the command
     * topic {@code commandsTopicId}: kept when it was built from it, removed otherwise.
     *
     * @return whether state of another incarnation was removed
     */
    static boolean claim(Path directory, Uuid commandsTopicId) {
        Path file = directory.resolve(FILE);
        String current = commandsTopicId.toString();
        try {
            boolean removed = false;
            if (Files.isDirectory(directory)) {
                String recorded = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
                if (!current.equals(recorded)) {
                    LOG.info("The processor state in {} was built from {} of the command topic, now {}; removing it",
                            directory, recorded == null ? "an unknown incarnation" : "incarnation " + recorded, current);
                    delete(directory);
                    removed = true;
                }
            }
            Files.createDirectories(directory);
            Path written = directory.resolve(FILE + ".tmp");
            Files.writeString(written, current, StandardCharsets.UTF_8);
            Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return removed;
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("Cannot prepare the processor state in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
