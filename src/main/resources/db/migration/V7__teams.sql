-- Microsoft Teams conversation references. Teams ids ("29:…" users, "19:…@thread.tacv2" channels) are long and full of
-- punctuation, so Keepword knows each person and channel by a short id derived from the Teams id (teams_user.user_id,
-- teams_channel.channel_id) and keeps here what it needs to reach them: the service URL the Bot Framework sent
-- (only ever one that arrived in a verified activity), the tenant and the Teams conversation ids.
create table teams_user (
    workspace_id    varchar(64)              not null, -- the tenant id
    user_id         varchar(64)              not null, -- Keepword's id for the person
    teams_id        varchar(512)             not null, -- from.id / mention id
    name            varchar(256),
    aad_object_id   varchar(64),
    service_url     varchar(512)             not null,
    chat_id         varchar(512),                      -- the personal (1:1) conversation with the bot, once known
    unreachable     boolean                  default false not null,
    updated_at      timestamp with time zone not null,
    primary key (workspace_id, user_id)
);

create table teams_channel (
    workspace_id    varchar(64)              not null,
    channel_id      varchar(64)              not null, -- Keepword's id for the conversation
    conversation_id varchar(512)             not null, -- channel id (no ";messageid=" suffix), group chat or 1:1 id
    kind            varchar(16)              not null, -- channel, groupChat, personal
    team_id         varchar(512),
    name            varchar(256),
    service_url     varchar(512)             not null,
    active          boolean                  default true not null,
    unreachable     boolean                  default false not null,
    updated_at      timestamp with time zone not null,
    primary key (workspace_id, channel_id)
);

create index teams_channel_by_team on teams_channel (workspace_id, team_id);
