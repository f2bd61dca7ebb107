-- Indexes for the details pane (session 7): a project's consultations and
-- an organization's events were found by scanning every row, which cost a
-- few milliseconds per keystroke in the projects and organizations lists
-- at 100,000 contacts (`bench ui`).
CREATE INDEX consultations_by_project ON consultations (project_id, date) WHERE project_id IS NOT NULL;
CREATE INDEX events_by_organizer ON events (organizer_org_id) WHERE organizer_org_id IS NOT NULL;
