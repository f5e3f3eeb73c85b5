-- Standing and reliability look back over a window (the agreement's reliabilityWindowDays); a person's older history
-- can be long. done_at is when a DONE commitment counts as done (its DONE action, or its due date when it was closed
-- without one, as Commitment.doneAt says), null otherwise, so "done since the window began" is an index range and
-- `done` and the standing review read only the window, however many commitments the person owed before it.
alter table commitment add column done_at timestamp with time zone;

update commitment set done_at = coalesce(
    (select max(h.at) from commitment_history h
     where h.workspace_id = commitment.workspace_id and h.commitment_id = commitment.id and h.action = 'DONE'),
    due_at)
where state = 'DONE';

-- Serves every query commitment_by_owner (V10) served, and the window's range on done_at besides.
create index commitment_by_owner_done on commitment (workspace_id, owner_id, state, done_at);
drop index commitment_by_owner;
