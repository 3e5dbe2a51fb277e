package org.edfi.dms.contracts;

import java.time.Instant;
import java.util.UUID;
import org.edfi.dms.contracts.Problem;

/**
 * The outcome of one command, with the HTTP status the Ed-Fi API answers it with: 201 (inserted),
 * 200 (an upsert updated an existing document), 204 (updated or deleted by id), or a failure status
 * with its problem details.
 *
 * @param documentId the document the command created, updated or deleted (null on failure)
 * @param etag the document's ETag after the command (null on failure and delete)
 * @param changeVersion the instance's change version of the committed change; null when nothing changed
 */
public record CommandResult(
        int version,
        String commandId,
        int status,
        UUID documentId,
        String etag,
        Instant lastModified,
        Long changeVersion,
        Problem problem) {

    public static CommandResult success(String commandId, int status, UUID documentId, String etag, Instant lastModified, Long changeVersion) {
        return new CommandResult(MessageCodec.VERSION, commandId, status, documentId, etag, lastModified, changeVersion, null);
    }

    public static CommandResult failure(String commandId, Problem problem) {
        return new CommandResult(MessageCodec.VERSION, commandId, problem.status(), null, null, null, null, problem);
    }

    public boolean succeeded() {
        return problem == null;
    }
}
