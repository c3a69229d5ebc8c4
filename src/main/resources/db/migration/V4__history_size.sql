-- How many history events the instance's current execution has, written with every step. A replica that kept the
-- orchestration in memory (an extended session) compares it with its own count at the next claim: equal means no
-- other replica moved the instance on, so the history need not be loaded again.
ALTER TABLE reprise_instances ADD COLUMN history_size integer NOT NULL DEFAULT 0;
UPDATE reprise_instances i
SET history_size = (SELECT count(*) FROM reprise_history h
                    WHERE h.task_hub = i.task_hub AND h.instance_id = i.instance_id);
