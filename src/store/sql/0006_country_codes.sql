-- Countries typed as names before fieldbook required codes ('Kenya',
-- 'kenya', 'Sénégal') become their ISO 3166-1 codes ('KE', 'SN'). Matching
-- a name needs the text folding of domain/text.rs (accents, case), which SQL
-- does not have: the work is the Rust step `store::country_codes::migrate`.
-- Values that name no known country are left exactly as they are.
SELECT 1;
