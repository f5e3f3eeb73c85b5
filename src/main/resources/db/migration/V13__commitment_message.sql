-- Every message Keepword sent (or tried to send) about a commitment, with its delivery outcome: part of the
-- commitment's history, beside what people did (commitment_history). Written by the dispatcher in the same
-- transaction as the outbox outcome, one row per outbox row, so a retried record cannot add it twice. Kept apart
-- from commitment_history because that table numbers people's actions (seq) as they are saved, and a dispatcher
-- numbering rows there at the same moment would collide with them.

create table commitment_message (
    outbox_id     bigint                   not null primary key,
    workspace_id  varchar(64)              not null,
    commitment_id bigint                   not null,
    at            timestamp with time zone not null,
    action        varchar(16)              not null,
    what          varchar(64)              not null,
    recipient     varchar(100)             not null,
    outcome       varchar(520)             not null,
    foreign key (workspace_id, commitment_id) references commitment (workspace_id, id) on delete cascade
);

create index commitment_message_by_commitment on commitment_message (workspace_id, commitment_id);
