-- The escalation ladder: a client sponsor per engagement, each party's recorded standing, and who acknowledged
-- the working agreement.

alter table engagement add column sponsor varchar(64);

create table party_standing (
    workspace_id varchar(64)              not null,
    user_id      varchar(64)              not null,
    level        varchar(32)              not null,
    since        timestamp with time zone not null,
    primary key (workspace_id, user_id)
);

create table agreement_ack (
    workspace_id varchar(64)              not null,
    channel_id   varchar(100)             not null,
    user_id      varchar(64)              not null,
    shown_at     timestamp with time zone not null,
    agreed_at    timestamp with time zone,
    primary key (workspace_id, channel_id, user_id)
);
