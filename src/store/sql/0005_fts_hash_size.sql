-- FTS5 keeps new terms in memory and writes them out as a segment when they
-- pass `hashsize` (1 MiB by default). A million notes then make hundreds of
-- small segments that must be merged again and again. Bigger in-memory runs
-- make fewer, larger segments: the demo's note index is built in about half
-- the time. The memory is only used during a big transaction (demo data, an
-- import); an ordinary save holds a few hundred bytes.
INSERT INTO search_notes (search_notes, rank) VALUES ('hashsize', 134217728);
INSERT INTO search_fields (search_fields, rank) VALUES ('hashsize', 67108864);
INSERT INTO search_text (search_text, rank) VALUES ('hashsize', 67108864);
INSERT INTO search_names (search_names, rank) VALUES ('hashsize', 67108864);
