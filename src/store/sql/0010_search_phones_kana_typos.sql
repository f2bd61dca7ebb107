-- The search index, version 2 (rebuilt whole after this SQL):
-- * each phone number is a doc of its own (class 3), indexed by its forms
--   (`+254700123456 0700123456`) in a trigram index, so any run of digits
--   of one number finds it, and no run across two numbers does;
-- * `shown`: what a hit on the doc shows as matched (the number as written);
-- * kana folded (katakana as hiragana), no spaces inside CJK names, no
--   words joined across dots (see store/search/text.rs);
-- * name words of 5+ letters with each one-letter deletion, for finding a
--   name with one typing mistake.
ALTER TABLE search_docs ADD COLUMN shown TEXT;
CREATE VIRTUAL TABLE search_phones USING fts5(
    forms, content = '', contentless_delete = 1, tokenize = 'trigram');
INSERT INTO search_phones (search_phones, rank) VALUES ('hashsize', 67108864);
CREATE TABLE search_typos (
    key  TEXT NOT NULL,
    word TEXT NOT NULL,
    PRIMARY KEY (key, word)
) STRICT, WITHOUT ROWID;
