-- A recursive purge finds an instance's finished sub-orchestrations through parent_instance_id, one level at a time;
-- without an index every level read the whole instance table. Partial, as most instances have no parent and so
-- cost no entry and no upkeep.
CREATE INDEX reprise_instances_by_parent ON reprise_instances (task_hub, parent_instance_id)
    WHERE parent_instance_id IS NOT NULL;
