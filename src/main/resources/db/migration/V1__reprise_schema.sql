-- Reprise durable store. Every table is keyed by task hub first, so several hubs share one database.
-- Payloads are JSON text exactly as serialized (text, not jsonb: replay compares them byte for byte).

CREATE TABLE reprise_instances (
    task_hub           text        NOT NULL,
    instance_id        text        NOT NULL,
    execution_id       text        NOT NULL,
    name               text        NOT NULL,
    runtime_status     text        NOT NULL,
    input              text,
    output             text,
    custom_status      text,
    failure            text,
    parent_instance_id text,
    parent_task_id     integer,
    created_at         timestamptz NOT NULL,
    last_updated_at    timestamptz NOT NULL,
    completed_at       timestamptz,
    scheduled_start_at timestamptz,
    -- the orchestration lease: who replays this instance now, and until when
    lease_owner        text,
    lease_expires_at   timestamptz,
    PRIMARY KEY (task_hub, instance_id)
);
CREATE INDEX reprise_instances_by_status ON reprise_instances (task_hub, runtime_status, created_at);
CREATE INDEX reprise_instances_by_created ON reprise_instances (task_hub, created_at, instance_id);

-- One row per history event of the current execution; the key makes a step applied twice fail its commit.
CREATE TABLE reprise_history (
    task_hub        text        NOT NULL,
    instance_id     text        NOT NULL,
    sequence_number integer     NOT NULL,
    execution_id    text        NOT NULL,
    event_type      text        NOT NULL,
    payload_format  smallint    NOT NULL DEFAULT 1,
    payload         text        NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (task_hub, instance_id, sequence_number)
);

-- New events for orchestrations (starts, activity results, external events, durable timers), visible from visible_at.
CREATE TABLE reprise_inbox (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_hub       text        NOT NULL,
    instance_id    text        NOT NULL,
    -- the execution the message belongs to; NULL for messages addressed to whatever execution is current
    execution_id   text,
    event_type     text        NOT NULL,
    payload_format smallint    NOT NULL DEFAULT 1,
    payload        text        NOT NULL,
    visible_at     timestamptz NOT NULL,
    created_at     timestamptz NOT NULL
);
CREATE INDEX reprise_inbox_by_due ON reprise_inbox (task_hub, visible_at);
CREATE INDEX reprise_inbox_by_instance ON reprise_inbox (task_hub, instance_id, id);

-- Activity work items; visible_at is the lease expiry while claimed, so an abandoned item becomes claimable again.
CREATE TABLE reprise_work_items (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_hub       text        NOT NULL,
    instance_id    text        NOT NULL,
    execution_id   text        NOT NULL,
    task_id        integer     NOT NULL,
    name           text        NOT NULL,
    payload_format smallint    NOT NULL DEFAULT 1,
    input          text,
    delivery_count integer     NOT NULL DEFAULT 0,
    visible_at     timestamptz NOT NULL,
    lease_owner    text,
    created_at     timestamptz NOT NULL,
    UNIQUE (task_hub, instance_id, execution_id, task_id)
);
CREATE INDEX reprise_work_items_by_due ON reprise_work_items (task_hub, visible_at);
