-- The nickname a contact goes by (vCard NICKNAME, a CSV's Nickname
-- column): searchable and exported, so `Kasia` finds Katarzyna.
ALTER TABLE contacts ADD COLUMN nickname TEXT;
