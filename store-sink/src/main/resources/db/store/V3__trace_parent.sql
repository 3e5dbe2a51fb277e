-- The traceparent of the write that made each row (W3C Trace Context), so that change data capture
-- carries the trace of an HTTP write on to the analytics topic. Null for writes that came without one.
ALTER TABLE document ADD COLUMN trace_parent text;
ALTER TABLE tracked_delete ADD COLUMN trace_parent text;
