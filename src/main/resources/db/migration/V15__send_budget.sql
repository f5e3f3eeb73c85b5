-- One send budget per workspace for the whole cluster: each row is one rate (a workspace's posts, a channel's, a Teams
-- conversation's or the bot's) kept as a token bucket in its "next free slot" form (GCRA): tat_micros, the theoretical
-- arrival time in microseconds since the epoch. A process reserves a send by locking the rows it needs and moving each
-- one slot on, in one short transaction, so every process sees the same budget.
create table send_budget (
    platform varchar(20) not null,
    workspace_id varchar(100) not null,
    bucket varchar(200) not null,
    tat_micros bigint not null,
    primary key (platform, workspace_id, bucket)
);
