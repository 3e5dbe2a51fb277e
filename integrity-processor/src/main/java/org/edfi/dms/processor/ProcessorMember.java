package org.edfi.dms.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Who a processor node is in each instance's Kafka Streams group: the node id, then an id its state
 * directory keeps. Its static member id ({@code group.instance.id}) must be its own: a second node
 * under the same one takes the first one's place and fences it, instead of standing by. The node id
 * alone does not do, as every node started without one is {@code local}; the state directory is
 * the node's own (Kafka Streams locks it), so a node restarted on it is the same member and rejoins
 * at once, and another node, with a state directory of its own, is another member.
 */
public final class ProcessorMember {

    /** The file in the state directory that keeps its id. */
    static final String FILE = "dms-member-id";

    private ProcessorMember() {}

    /** The node's name in the groups: {@code <node id>-<state directory id>}. */
    public static String of(String nodeId, Path stateDir) {
        return nodeId + "-" + idOf(stateDir);
    }

    /** The id the state directory keeps, made the first time. */
    static String idOf(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        try {
            Files.createDirectories(stateDir);
            if (!Files.exists(file)) {
                Path fresh = Files.createTempFile(stateDir, FILE, ".new");
                Files.writeString(fresh, UUID.randomUUID().toString().substring(0, 8), StandardCharsets.US_ASCII);
                try {
                    Files.move(fresh, file); // not replacing: an id once given is kept
                } catch (FileAlreadyExistsException e) {
                    Files.deleteIfExists(fresh);
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the processor's member id in " + file, e);
        }
    }
}
