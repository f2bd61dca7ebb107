-- An index that lets the open follow-ups list come straight out of it
-- (undated ones last) instead of sorting tens of thousands of rows on every
-- filter change, and one for the done list.
CREATE INDEX follow_ups_open_list ON follow_ups (due_date IS NULL, due_date)
    WHERE done_at IS NULL AND deleted_at IS NULL;
CREATE INDEX follow_ups_done_by_date ON follow_ups (done_at)
    WHERE done_at IS NOT NULL AND deleted_at IS NULL;
