-- Which areas an areas import added (issue 14), so that undoing the import removes exactly those.
-- The row goes when its area does.
CREATE TABLE imported_areas (
    area_id    bigint PRIMARY KEY REFERENCES areas (id) ON DELETE CASCADE,
    import_id  bigint NOT NULL REFERENCES imports (id) ON DELETE CASCADE
);
CREATE INDEX imported_areas_import_ix ON imported_areas (import_id);
