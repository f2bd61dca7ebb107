-- The search index. Every searchable piece of a record is a "doc": its text
-- is folded in Rust (one function for indexing and for queries, so all paths
-- agree) and indexed in one of these contentless tables, keyed by the doc id.
--   class 0: names (name, native name, reading, title, reference code)
--   class 1: other fields (organization, role, place, e-mail, phone, tags)
--   class 2: text (visit observations and issues, project summary)
-- Notes have a table of their own (search_notes, below).
CREATE TABLE search_docs (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    record_id BLOB NOT NULL,
    field     TEXT NOT NULL,
    class     INTEGER NOT NULL
) STRICT;
CREATE INDEX search_docs_by_record ON search_docs (record_id);

-- Word prefixes in names and other fields (small: fast from one letter).
-- detail = column: queries need the column (name or other), never positions.
CREATE VIRTUAL TABLE search_fields USING fts5(
    name, other, content = '', contentless_delete = 1, detail = column,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
-- Word prefixes in long text (searched from three characters): visit
-- observations and issues, project summaries.
CREATE VIRTUAL TABLE search_text USING fts5(
    body, content = '', contentless_delete = 1, detail = none,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '3');
-- Word prefixes in notes, keyed by the note's rowid: notes are most of the
-- rows, and a doc row for each would cost a third of the index.
-- detail = none: words are matched, never phrases, so positions are not
-- kept (half the size, and faster to build).
CREATE VIRTUAL TABLE search_notes USING fts5(
    body, content = '', contentless_delete = 1, detail = none,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '3 4 5');
-- Substrings of names from three characters, in any script.
CREATE VIRTUAL TABLE search_names USING fts5(
    body, content = '', contentless_delete = 1, tokenize = 'trigram');
-- One- and two-character substrings of CJK and Hangul in names and fields,
-- which neither tokenizer can find (unicode61 keeps a run of kanji as one
-- word; trigrams need three characters).
CREATE TABLE search_grams (
    gram TEXT NOT NULL,
    doc  INTEGER NOT NULL,
    PRIMARY KEY (gram, doc)
) STRICT, WITHOUT ROWID;
CREATE INDEX search_grams_by_doc ON search_grams (doc);
