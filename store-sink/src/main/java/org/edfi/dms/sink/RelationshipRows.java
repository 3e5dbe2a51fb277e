package org.edfi.dms.sink;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.edfi.dms.schema.RelationshipSecurity;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The enrollments, person links and education organization hierarchy relationship-based reads join through
 * (store migration V5), replaced with the documents they come from in the sink's transaction.
 */
final class RelationshipRows {

    private RelationshipRows() {}

    /**
     * Keeps the enrollments of the deleted documents {@code ids} in {@code deleted_enrollment}
     * (store version 9), which the ReadChanges strategies named ...IncludingDeletes reach people
     * through. Runs before {@link #replace} removes them; a redelivered delete finds nothing to keep.
     */
    static void keepDeletedEnrollments(Handle handle, List<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        handle.createUpdate("""
                INSERT INTO deleted_enrollment (document_id, enrollment, person_kind, person, education_organization_id)
                SELECT document_id, enrollment, person_kind, person, education_organization_id FROM enrollment
                WHERE document_id = ANY(:ids) ON CONFLICT DO NOTHING""").bindArray("ids", UUID.class, (Object[]) ids.toArray(UUID[]::new)).execute();
    }

    /**
     * Replaces the rows of the documents {@code ids} by those of their {@code subjects} (none for
     * a document without subjects: a deleted one).
     */
    static void replace(Handle handle, List<UUID> ids, Map<UUID, RelationshipSecurity.Subjects> subjects) {
        if (ids.isEmpty()) {
            return;
        }
        UUID[] array = ids.toArray(UUID[]::new);
        handle.createUpdate("DELETE FROM enrollment WHERE document_id = ANY(:ids)").bindArray("ids", UUID.class, (Object[]) array).execute();
        handle.createUpdate("DELETE FROM education_organization_parent WHERE document_id = ANY(:ids)")
                .bindArray("ids", UUID.class, (Object[]) array).execute();
        handle.createUpdate("DELETE FROM person_link WHERE document_id = ANY(:ids)").bindArray("ids", UUID.class, (Object[]) array).execute();
        PreparedBatch enrollments = handle.prepareBatch("""
                INSERT INTO enrollment (document_id, enrollment, person_kind, person, education_organization_id)
                VALUES (:documentId, :enrollment, :personKind, :person, :organization) ON CONFLICT DO NOTHING""");
        PreparedBatch parents = handle.prepareBatch("""
                INSERT INTO education_organization_parent (document_id, education_organization_id, parent_id)
                VALUES (:documentId, :organization, :parent) ON CONFLICT DO NOTHING""");
        PreparedBatch links = handle.prepareBatch("""
                INSERT INTO person_link (document_id, person_kind, person, linked)
                VALUES (:documentId, :personKind, :person, :linked) ON CONFLICT DO NOTHING""");
        for (UUID id : ids) {
            RelationshipSecurity.Subjects of = subjects.getOrDefault(id, RelationshipSecurity.Subjects.NONE);
            for (RelationshipSecurity.Enrollment enrollment : of.enrollments()) {
                enrollments.bind("documentId", id).bind("enrollment", enrollment.enrollment()).bind("personKind", enrollment.personKind())
                        .bind("person", enrollment.person()).bind("organization", enrollment.educationOrganizationId()).add();
            }
            for (RelationshipSecurity.Link link : of.links()) {
                links.bind("documentId", id).bind("personKind", link.personKind()).bind("person", link.person()).bind("linked", link.linked()).add();
            }
            for (RelationshipSecurity.Parent parent : of.parents()) {
                parents.bind("documentId", id).bind("organization", parent.educationOrganizationId()).bind("parent", parent.parentId()).add();
            }
        }
        if (enrollments.size() > 0) {
            enrollments.execute();
        }
        if (parents.size() > 0) {
            parents.execute();
        }
        if (links.size() > 0) {
            links.execute();
        }
    }
}
