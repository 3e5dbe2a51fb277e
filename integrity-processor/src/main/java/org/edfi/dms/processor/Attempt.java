package org.edfi.dms.processor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.extraction.ExtractedDocument;
import org.edfi.dms.schema.profile.ResourceProfile;

/**
 * One command on its way through its corridor ({@link CommandHandler}): the command, its resource
 * and the instance's store, and what the steps have established so far. Each step reads what the
 * steps before it established and records what it finds, under the name of what it found.
 */
final class Attempt {

    private final Command command;
    private final ResourceSchema resource;
    private final DocumentStore store;
    private ObjectNode incoming;
    private ResourceProfile profile;
    private ObjectNode body;
    private ExtractedDocument extracted;
    private StoredDocument existing;
    private List<IdentityCascade.Rewrite> plan = List.of();

    Attempt(Command command, ResourceSchema resource, DocumentStore store) {
        this.command = command;
        this.resource = resource;
        this.store = store;
    }

    Command command() {
        return command;
    }

    ResourceSchema resource() {
        return resource;
    }

    DocumentStore store() {
        return store;
    }

    /** The body to validate: the command's, or what its writable profile makes of it. */
    ObjectNode incoming() {
        return incoming != null ? incoming : command.document();
    }

    void shaped(ObjectNode incoming) {
        this.incoming = incoming;
    }

    /** The writable profile the command goes through; null for none. */
    ResourceProfile profile() {
        return profile;
    }

    void through(ResourceProfile profile) {
        this.profile = profile;
    }

    /** The body as validation normalized it, a copy: the command keeps the body as received. */
    ObjectNode body() {
        return body;
    }

    void validated(ObjectNode body) {
        this.body = body;
    }

    /** The body's identities and references. */
    ExtractedDocument extracted() {
        return extracted;
    }

    void resolved(ExtractedDocument extracted) {
        this.extracted = extracted;
    }

    /** The stored document the command replaces or deletes; null when it inserts. */
    StoredDocument existing() {
        return existing;
    }

    void found(StoredDocument existing) {
        this.existing = existing;
    }

    /** Every document to rewrite, the replaced one first; empty for an insert. */
    List<IdentityCascade.Rewrite> plan() {
        return plan;
    }

    void planned(List<IdentityCascade.Rewrite> plan) {
        this.plan = plan;
    }

    /** Whether the body gives the document it replaces another natural key. */
    boolean identityChanged() {
        return existing != null && !existing.referentialId().equals(extracted.identity().referentialId().value());
    }
}
