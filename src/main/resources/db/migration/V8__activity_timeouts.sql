-- Activity timeouts (as Temporal's start-to-close and heartbeat timeouts), recorded with the work item so whichever
-- replica holds or later claims it enforces them: timeout_ms and heartbeat_timeout_ms as the call's TaskOptions gave
-- them (NULL: none); deadline_at, the end of the attempt's start-to-close time, set when the attempt first started
-- (written leased to a process, or first claimed) and kept across redeliveries, so a crash does not reset it.
ALTER TABLE reprise_work_items ADD COLUMN timeout_ms bigint;
ALTER TABLE reprise_work_items ADD COLUMN heartbeat_timeout_ms bigint;
ALTER TABLE reprise_work_items ADD COLUMN deadline_at timestamptz;
