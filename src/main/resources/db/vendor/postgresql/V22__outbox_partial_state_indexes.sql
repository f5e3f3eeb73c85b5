-- The claim finds due rows by (state = 'PLANNED', due_at) and expired leases by lease_until, which only a leased
-- (SENDING) row has. As full (state, …) indexes these also offered PostgreSQL a way to find rows by state alone, and
-- its statistics for a state are rarely right during a burst: taken while nothing had been sent or leased yet (a new
-- workspace, a bulk import, any quiet hour before a busy minute) they say "one row". Believing it, PostgreSQL read
-- every sent row through (state, lease_until) to find a batch's progress, checking each against the batch's ids (1-2 s
-- per batch at 20,000 sent rows), and marked each row sent by reading every leased row of the batch instead of looking
-- the row up by its id (330 µs per row at 2,000 leased: DispatchBenchmark, pg_stat_statements). Neither index now
-- leads with the state: due rows are indexed only while planned, leases only while they exist, so no plan can read
-- rows by state, and a row leaves both indexes as it is sent instead of gaining a new entry in each. H2 has no partial
-- indexes and keeps V2's.
drop index outbox_planned;
drop index outbox_leased;
create index outbox_planned on outbox (due_at) where state = 'PLANNED';
create index outbox_leased on outbox (lease_until) where lease_until is not null;
