-- Inbound platform events already handled (Slack event_id, later Teams activity ids): a retry with the same id is
-- recognised by this primary key and changes nothing. Rows older than a few days are purged.
create table inbound_event (
    platform     varchar(16)              not null,
    workspace_id varchar(64)              not null,
    event_id     varchar(128)             not null,
    received_at  timestamp with time zone not null,
    primary key (platform, workspace_id, event_id)
);

create index inbound_event_by_time on inbound_event (received_at);
