-- OAuth states by the hex SHA-256 of the state (the state itself is never stored): Amazon's redirect
-- names no account, so its state leads to one here. Written in the transaction of the flow's events;
-- whether a state is still accepted is the account's events' call. A row goes when its deadline fires.
CREATE TABLE oauth_states (
    state_hash  CHAR(64)    NOT NULL PRIMARY KEY,
    account_id  UUID        NOT NULL,
    flow        VARCHAR(16) NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX oauth_states_by_account ON oauth_states (account_id);

-- db-scheduler's executions (its PostgreSQL schema for version 16): the OAuth flows' expiry deadlines
-- and the accounts' token refreshes, picked by one node at a time and kept across restarts.
CREATE TABLE scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
