-- What handling a stored inbox item (a Slack /commit, a Teams message) did, keyed by the item's id. The row is written
-- in the same transaction as the item's effects (a commitment created, done, moved, snoozed…), so handling the item
-- again after a crash finds it and applies nothing twice. answer: the messages the command caused (its private answer
-- first), kept so a re-handled item sends them from here instead of computing them again; answered_at: when they were
-- sent (or given up on), so a re-handled item whose answer already went out sends nothing.
create table item_effect (
    platform     varchar(16)              not null,
    workspace_id varchar(64)              not null,
    event_id     varchar(128)             not null,
    recorded_at  timestamp with time zone not null,
    answer       text,
    answered_at  timestamp with time zone,
    primary key (platform, workspace_id, event_id)
);

create index item_effect_by_time on item_effect (recorded_at);
