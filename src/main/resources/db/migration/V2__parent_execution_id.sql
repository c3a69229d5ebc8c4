-- The parent execution that started a sub-orchestration: the child's result is addressed to that execution only, so a
-- parent that continued as new (or whose ID was reused) never receives the result of a child it no longer awaits.
-- NULL for top-level instances and for children created before this column existed.
ALTER TABLE reprise_instances ADD COLUMN parent_execution_id text;
