-- When each person was last heard from (a command, a button, a message in an engagement channel): silence detection.
create table heard_from (
    workspace_id varchar(64)              not null,
    user_id      varchar(64)              not null,
    last_at      timestamp with time zone not null,
    primary key (workspace_id, user_id)
);
