-- What a piece of the consultancy's work cannot go on without: the id of a client input in the same workspace (null:
-- nothing). Kept from the commitment's history (its last WAITS_ON line) when it is saved, so the input's dependents
-- are found by an index when it goes late past the agreement's pause or arrives.

alter table commitment add column waits_on bigint;

create index commitment_waits_on on commitment (workspace_id, waits_on);
