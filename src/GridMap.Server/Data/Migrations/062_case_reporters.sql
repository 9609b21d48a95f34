-- The signed-in user who reported a case, so that a reporter can follow its own reports
-- (GET /api/cases/mine, the hub); none for Open311 and hotline reports. And the original a
-- duplicate was merged into (POST /api/cases/{id}/merge): both cases are kept.
ALTER TABLE cases
    ADD COLUMN reported_by   bigint REFERENCES users (id),
    ADD COLUMN duplicate_of  bigint REFERENCES cases (id),
    ADD CONSTRAINT cases_not_own_duplicate CHECK (duplicate_of <> id);
CREATE INDEX cases_reported_by_ix ON cases (reported_by, id) WHERE reported_by IS NOT NULL;
CREATE INDEX cases_duplicate_of_ix ON cases (duplicate_of) WHERE duplicate_of IS NOT NULL;
