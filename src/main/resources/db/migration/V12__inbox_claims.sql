-- The inbox is shared by every Keepword process on one database: a stored item is claimed by the process that will
-- handle it, for a lease it renews while the item waits in its queue. A process that dies stops renewing, and another
-- claims its items once the lease has run out (FOR UPDATE SKIP LOCKED, as the outbox is claimed).
alter table inbound_event add column claimed_by varchar(100);
alter table inbound_event add column lease_until timestamp with time zone;
