-- Open311's media_url: a link to a photo that a 311 app or hotline posted with a request
-- (GeoReport v2), kept as given and shown back in GET requests.json.
ALTER TABLE cases ADD COLUMN media_url text CHECK (length(media_url) <= 2000);
