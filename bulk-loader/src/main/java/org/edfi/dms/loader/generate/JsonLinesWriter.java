package org.edfi.dms.loader.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.loader.JsonLinesFileName;

/** Writes documents to a JSON Lines file as they are made: one compact JSON object per line, UTF-8, {@code \n} line ends. */
final class JsonLinesWriter implements AutoCloseable {

    private final CountingStream bytes;
    private final JsonGenerator json;

    JsonLinesWriter(Path file) throws IOException {
        this.bytes = new CountingStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        this.json = MessageCodec.MAPPER.getFactory().createGenerator(bytes);
        json.setRootValueSeparator(null);
    }

    /**
     * Creates {@code directory} when missing. A directory that already holds JSON Lines files is
     * refused: a load of it would mix two data sets.
     */
    static void prepare(Path directory) throws IOException {
        Files.createDirectories(directory);
        try (Stream<Path> files = Files.list(directory)) {
            if (files.anyMatch(JsonLinesFileName::isJsonLines)) {
                throw new GenerationException(directory + " already holds .jsonl files; give an empty or new folder");
            }
        }
    }

    void write(ObjectNode document) throws IOException {
        MessageCodec.MAPPER.writeTree(json, document);
        json.writeRaw('\n');
    }

    /** Bytes written so far. */
    long size() throws IOException {
        json.flush();
        return bytes.count;
    }

    @Override
    public void close() throws IOException {
        json.close();
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
