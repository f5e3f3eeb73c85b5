-- Keepword core schema. Written to run unchanged on H2 2.x and PostgreSQL.

create table workspace (
    id                 varchar(64)  not null primary key,
    next_commitment_id bigint       not null
);

create table party (
    workspace_id varchar(64)  not null,
    user_id      varchar(64)  not null,
    display_name varchar(200) not null,
    zone         varchar(64)  not null,
    working_days varchar(64)  not null,
    work_start   varchar(5)   not null,
    work_end     varchar(5)   not null,
    primary key (workspace_id, user_id)
);

create table engagement (
    workspace_id       varchar(64)  not null,
    channel_id         varchar(100) not null,
    name               varchar(200) not null,
    escalation_channel varchar(100) not null,
    zone               varchar(64)  not null,
    tier               integer      not null,
    agreement          varchar      not null,
    primary key (workspace_id, channel_id)
);

create table engagement_member (
    workspace_id varchar(64)  not null,
    channel_id   varchar(100) not null,
    user_id      varchar(64)  not null,
    side         varchar(16)  not null,
    position     integer      not null,
    primary key (workspace_id, channel_id, user_id),
    foreign key (workspace_id, channel_id) references engagement (workspace_id, channel_id) on delete cascade
);

create index engagement_member_by_user on engagement_member (workspace_id, user_id);

create table commitment (
    workspace_id   varchar(64)              not null,
    id             bigint                   not null,
    channel_id     varchar(100)             not null,
    title          varchar(1000)            not null,
    kind           varchar(32)              not null,
    owner_id       varchar(64)              not null,
    owed_to        varchar(64),
    due_at         timestamp with time zone not null,
    created_by     varchar(64)              not null,
    created_at     timestamp with time zone not null,
    state          varchar(16)              not null,
    snoozed_until  timestamp with time zone,
    snoozes        integer                  not null,
    renegotiations integer                  not null,
    blocked_reason varchar(4000)            not null,
    primary key (workspace_id, id)
);

create index commitment_by_channel on commitment (workspace_id, channel_id);

create table commitment_history (
    workspace_id  varchar(64)              not null,
    commitment_id bigint                   not null,
    seq           integer                  not null,
    at            timestamp with time zone not null,
    actor         varchar(64)              not null,
    action        varchar(16)              not null,
    detail        varchar(4000)            not null,
    primary key (workspace_id, commitment_id, seq),
    foreign key (workspace_id, commitment_id) references commitment (workspace_id, id) on delete cascade
);
