package org.edfi.dms.processor;

/**
 * What one command may produce, so that no command can halt an instance (docs/operations.md).
 *
 * @param maxMessageBytes the largest record the processor writes (its producer's {@code
 *     max.request.size}); no larger than the brokers' {@code message.max.bytes} and the topics'
 *     {@code max.message.bytes}. A command whose document envelope or state record would be larger
 *     is answered 413 and changes nothing
 * @param maxCascadeDocuments how many documents a key change may rewrite besides the changed one;
 *     a larger cascade is refused (409) before anything is written
 */
public record CommandLimits(int maxMessageBytes, int maxCascadeDocuments) {

    /** Kafka's default {@code max.request.size} and {@code message.max.bytes} (1 MiB, and 12 bytes of batch overhead). */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_CASCADE_DOCUMENTS = 10_000;
    public static final CommandLimits DEFAULTS = new CommandLimits(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_CASCADE_DOCUMENTS);

    public CommandLimits {
        if (maxMessageBytes < 1024 || maxCascadeDocuments < 0) {
            throw new IllegalArgumentException("limits out of range: max message bytes " + maxMessageBytes + " (at least 1024), max cascade documents "
                    + maxCascadeDocuments + " (at least 0)");
        }
    }
}
