-- The ReadChanges strategies named ...IncludingDeletes (docs/security.md): the enrollments of the
-- enrollment documents that were deleted, kept so that those strategies still reach the people
-- they reached, as the ODS/API's IncludingDeletes relationships do: a district is told a student's
-- delete even when the student's school association was deleted first. Nothing else reads them.
-- Empty for the deletes before this version.
CREATE TABLE deleted_enrollment (
    document_id                 uuid NOT NULL,
    enrollment                  text NOT NULL,
    person_kind                 text NOT NULL,
    person                      text NOT NULL,
    education_organization_id   bigint NOT NULL,
    PRIMARY KEY (document_id, person, education_organization_id)
);
CREATE INDEX deleted_enrollment_by_person ON deleted_enrollment (person) INCLUDE (education_organization_id, enrollment, person_kind);
