-- Durable entities (as Durable Functions' entity functions): small pieces of durable state, addressed by entity ID
-- ("@name@key", the name lowercased), whose operations run one at a time in the order each sender sent them.

-- One row per entity that ever received a message. The row is what a dispatcher leases (lease_owner,
-- lease_expires_at) to process the entity's waiting operations as one batch; version counts committed batches, so a
-- batch whose commit answer was lost is never applied twice. An entity exists (for clients) while state is not NULL.
-- locked_by/locked_by_execution: the orchestration execution holding the entity in a critical section, or NULL.
CREATE TABLE reprise_entities (
    task_hub            text        NOT NULL,
    entity_id           text        NOT NULL,
    name                text        NOT NULL,
    entity_key          text        NOT NULL,
    state               text,
    locked_by           text,
    locked_by_execution text,
    version             bigint      NOT NULL DEFAULT 0,
    lease_owner         text,
    lease_expires_at    timestamptz,
    created_at          timestamptz NOT NULL,
    last_modified_at    timestamptz NOT NULL,
    PRIMARY KEY (task_hub, entity_id)
);
CREATE INDEX reprise_entities_by_modified ON reprise_entities (task_hub, last_modified_at);
CREATE INDEX reprise_entities_by_holder ON reprise_entities (task_hub, locked_by) WHERE locked_by IS NOT NULL;

-- Operation messages for entities, processed in id order per entity: kind is signal, call, lock or release; payload
-- the message (operation, input, the caller's task ID, a lock request's entities) as JSON. sender_instance and
-- sender_execution name the orchestration execution that sent it (for a client's signal both are NULL; for an
-- entity's signal, sender_instance is the sending entity's ID): while an entity is locked, only its holder's
-- messages are processed; the others wait, in order.
CREATE TABLE reprise_entity_inbox (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_hub         text        NOT NULL,
    entity_id        text        NOT NULL,
    kind             text        NOT NULL,
    payload_format   smallint    NOT NULL DEFAULT 1,
    payload          text        NOT NULL,
    sender_instance  text,
    sender_execution text,
    visible_at       timestamptz NOT NULL,
    created_at       timestamptz NOT NULL
);
CREATE INDEX reprise_entity_inbox_by_entity ON reprise_entity_inbox (task_hub, entity_id, id);
CREATE INDEX reprise_entity_inbox_by_due ON reprise_entity_inbox (task_hub, visible_at);

-- The entity locks an orchestration's execution holds, as '<execution ID> <entity ID>' (the batch that grants a lock
-- adds its entry, the batch that releases it removes it). The step that ends the execution (completed, failed,
-- terminated, continued as new) sends a release to every entry in the same commit; because both sides write this
-- row, a lock granted while the execution ends is either refused (the execution has ended) or released.
ALTER TABLE reprise_instances ADD COLUMN entity_locks text[] NOT NULL DEFAULT '{}';
