-- W3C trace context (the traceparent header value) carried through the store, so a trace continues across steps,
-- activities and processes: on an instance, the context of the request that created it (every step of the instance
-- is a child of it); on a work item, the context of the step that scheduled it. NULL when tracing was off.
ALTER TABLE reprise_instances ADD COLUMN trace_parent text;
ALTER TABLE reprise_work_items ADD COLUMN trace_parent text;
