-- Idempotency-Key (Input/Idempotency.cs): the first answer to each key a user or an Open311
-- client sent, so that a retried write is answered again instead of done again.
CREATE TABLE idempotency_keys (
    -- whose key: 'user:<id>' or 'api_key:<id>'
    owner         text NOT NULL,
    key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
    -- SHA-256 of the method, path, query and body: the same key with another request is refused
    request_hash  bytea NOT NULL,
    claimed_at    timestamptz NOT NULL DEFAULT now(),
    -- null while the first request runs
    status        integer,
    content_type  text,
    location      text,
    body          bytea,
    PRIMARY KEY (owner, key)
);
CREATE INDEX idempotency_keys_claimed_at_ix ON idempotency_keys (claimed_at);
