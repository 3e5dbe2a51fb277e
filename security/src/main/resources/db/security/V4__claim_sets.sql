-- Claim sets imported through the admin API (dms claim-set import), in the Ed-Fi export format,
-- beside those of the claims file; every API node reads them again every few seconds (ClaimSetCatalog).
CREATE TABLE dms_security.claim_set (
    name         text PRIMARY KEY,
    definition   jsonb NOT NULL,
    imported_at  timestamptz NOT NULL DEFAULT now()
);

-- Applications of this project's former claim sets get the Ed-Fi ones that grant the same or less
-- (docs/security.md, "From the former claim sets"); descriptor-manager has none and is left for the operator.
UPDATE dms_security.application SET claim_set = 'SISVendor' WHERE claim_set = 'sis-vendor';
UPDATE dms_security.application SET claim_set = 'AssessmentVendor' WHERE claim_set = 'assessment-vendor';
UPDATE dms_security.application SET claim_set = 'EdFiAPIPublisherReader' WHERE claim_set = 'read-only';
