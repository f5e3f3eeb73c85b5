-- A leased row's due_at is when its lease runs out (JdbcOutbox writes lease_until and due_at alike), so the (state,
-- due_at) index finds expired leases as it finds due rows and the (state, lease_until) index has nothing left to do.
-- Leasing a row and marking it sent then each move one index entry of the row instead of two.
--
-- On 100,000 nudges due at once (DispatchBenchmark) H2 wrote about 5% less per nudge. PostgreSQL keeps its partial
-- indexes (V22): it finds expired leases by lease_until, which it still writes.
update outbox set due_at = lease_until where state = 'SENDING' and lease_until is not null;
drop index outbox_leased;
