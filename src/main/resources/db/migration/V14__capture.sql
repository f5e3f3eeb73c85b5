-- Promises caught where they are made (issue 18).
-- capture_offers: whether Keepword privately offers to track a dated first-person promise written in the engagement's
-- channels (/commit offers on|off; on by default).
alter table engagement add column capture_offers boolean default true not null;

-- The chat message a commitment was tracked from ("Track as commitment", or Track under an offer): one commitment per
-- message, so a message already tracked is never offered again and cannot be tracked twice.
create table commitment_source (
    workspace_id  varchar(64)   not null,
    channel_id    varchar(100)  not null,
    message_id    varchar(100)  not null,
    commitment_id bigint        not null,
    link          varchar(1000),
    primary key (workspace_id, channel_id, message_id)
);

-- Each private offer made: at most one per message; the per-person hourly limit counts these rows. state: OPEN until
-- the writer clicks Track (TRACKED) or Not now (DECLINED).
create table promise_offer (
    workspace_id varchar(64)              not null,
    channel_id   varchar(100)             not null,
    message_id   varchar(100)             not null,
    user_id      varchar(100)             not null,
    what         varchar(300)             not null,
    due_at       timestamp with time zone not null,
    date_phrase  varchar(100)             not null,
    link         varchar(1000),
    offered_at   timestamp with time zone not null,
    state        varchar(16)              not null,
    primary key (workspace_id, channel_id, message_id)
);

create index promise_offer_by_user on promise_offer (workspace_id, user_id, offered_at);
