package org.edfi.dms.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.edfi.dms.contracts.MessageCodec;

/**
 * Every record that did not load, one JSON object per line: where it came from (file and 1-based
 * record position), its resource, the status (the API's, or 0 when it never reached the API) and
 * the problem details. Nothing is dropped without a line here.
 */
public final class RejectLog implements AutoCloseable {

    private final Optional<BufferedWriter> out;

    private RejectLog(Optional<BufferedWriter> out) {
        this.out = out;
    }

    /** A log into {@code file} (replaced), or one that keeps nothing when there is no file. */
    public static RejectLog to(Optional<Path> file) {
        try {
            return new RejectLog(file.isEmpty() ? Optional.empty() : Optional.of(Files.newBufferedWriter(file.get(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reject file " + file.get() + ": " + e.getMessage(), e);
        }
    }

    public synchronized void reject(Path file, int position, String resource, int status, JsonNode problem) {
        if (out.isEmpty()) {
            return;
        }
        ObjectNode line = MessageCodec.MAPPER.createObjectNode()
                .put("file", file.toString()).put("position", position).put("resource", resource).put("status", status);
        line.set("problem", problem);
        try {
            out.get().write(MessageCodec.encodeToString(line));
            out.get().newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (out.isPresent()) {
            try {
                out.get().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
