-- Slack workspaces that installed Keepword through OAuth (multi-workspace mode, /slack/install). One row per
-- workspace; reinstalling replaces it, app_uninstalled / tokens_revoked delete it. The bot token is never stored in
-- the clear: bot_token holds "v1:" + base64(12-byte nonce || AES-256-GCM ciphertext and tag), keyed from
-- KEEPWORD_SECRET_KEY and bound to the workspace id (associated data), so a value copied to another row will not decrypt.
create table slack_installation (
    team_id       varchar(64)              not null primary key,
    enterprise_id varchar(64),
    team_name     varchar(200),
    app_id        varchar(64),
    bot_user_id   varchar(64),
    bot_id        varchar(64),
    bot_scopes    varchar(2000),
    bot_token     varchar(1000)            not null,
    installed_by  varchar(64),
    installed_at  timestamp with time zone not null
);
