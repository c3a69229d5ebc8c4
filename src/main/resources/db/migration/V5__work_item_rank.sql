-- Fairness between instances: a work item's position among the activities its step scheduled (0 for the first).
-- Workers claim the lowest ranks first, so the first activity of any step goes before the 5,000th of a fan-out:
-- a large fan-out no longer holds back every other instance's activities until it has drained.
ALTER TABLE reprise_work_items ADD COLUMN rank integer NOT NULL DEFAULT 0;
CREATE INDEX reprise_work_items_by_rank ON reprise_work_items (task_hub, rank, id);
