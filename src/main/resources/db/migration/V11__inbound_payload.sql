-- Teams activities are stored with their payload when they arrive and handled after the HTTP answer: the row is the
-- durable queue, handled_at marks it done, and a restart handles what was accepted but not yet handled.
alter table inbound_event add column payload text;
alter table inbound_event add column handled_at timestamp with time zone;
create index inbound_event_unhandled on inbound_event (platform, handled_at, received_at);
