-- The token-signing keys were stored in clear; from now on the server encrypts them with a
-- certificate kept outside the database. Keys in clear are thrown away, so everyone signs in again.
DELETE FROM data_protection_keys;
