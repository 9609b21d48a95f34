-- Photos of a case (Cases/MediaApi.cs). The files live in the server's media folder
-- (GRIDMAP_MEDIA, by default media/ in GRIDMAP_STATE), never in the database or under web/.
CREATE TABLE case_media (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id       bigint NOT NULL REFERENCES cases (id),
    -- told by the content, and what the kept copy is encoded as
    content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    -- the kept copy's size (re-encoded without metadata), not the upload's
    bytes         integer NOT NULL CHECK (bytes > 0),
    width         integer NOT NULL CHECK (width > 0),
    height        integer NOT NULL CHECK (height > 0),
    -- relative to the media folder: <case id>/<id>.<ext>; the thumbnail <case id>/<id>.thumb.<ext>
    file          text NOT NULL,
    thumbnail     text NOT NULL,
    added_at      timestamptz NOT NULL DEFAULT now(),
    added_by      text NOT NULL,
    added_by_role text NOT NULL
);
CREATE INDEX case_media_case_ix ON case_media (case_id, id);
