-- Planning asks what a person owes (silence checks, standing): without this index H2 scans every commitment.
create index commitment_by_owner on commitment (workspace_id, owner_id, state);
