package dev.reprise.dashboard;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.HistoryEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The instance page's history table: one line per history event, as recorded, oldest first. */
final class HistoryLines {

    /** Lines shown at most; the timeline and the HTTP API ({@code showHistory}) have every event. */
    static final int MAX_LINES = 1000;
    private static final int DETAIL = 300;

    /**
     * One event.
     *
     * @param name   the function the event concerns (for an outcome, the one its scheduling event named)
     * @param detail payload, failure, due time or reason, cut to {@value #DETAIL} characters
     * @param link   for SubOrchestrationInstanceCreated, the child's page; otherwise {@code null}
     */
    record EventLine(int sequence, String time, String type, String taskId, String name, String detail,
                     boolean failed, String link) {

        /** OrchestratorStarted and OrchestratorCompleted: they mark where a step began and ended, shown dimmed. */
        public boolean bookkeeping() {
            return type.startsWith("Orchestrator");
        }
    }

    private HistoryLines() {
    }

    static List<EventLine> of(List<HistoryEvent> events) {
        Map<Integer, String> names = new HashMap<>();
        List<EventLine> lines = new ArrayList<>();
        for (int i = 0; i < Math.min(events.size(), MAX_LINES); i++) {
            HistoryEvent e = events.get(i);
            Integer taskId = null;
            String name = "";
            String detail = null;
            String link = null;
            boolean failed = false;
            if (e instanceof HistoryEvent.ExecutionStarted s) {
                name = s.name();
                detail = s.input();
            } else if (e instanceof HistoryEvent.TaskScheduled s) {
                taskId = s.taskId();
                name = s.name();
                names.put(taskId, name);
                detail = s.input();
            } else if (e instanceof HistoryEvent.TaskCompleted c) {
                taskId = c.taskId();
                detail = c.result();
            } else if (e instanceof HistoryEvent.TaskFailed f) {
                taskId = f.taskId();
                detail = failure(f.failure());
                failed = true;
            } else if (e instanceof HistoryEvent.TimerCreated t) {
                taskId = t.taskId();
                detail = "due " + Format.time(t.fireAt());
            } else if (e instanceof HistoryEvent.TimerFired t) {
                taskId = t.taskId();
                detail = "due " + Format.time(t.fireAt());
            } else if (e instanceof HistoryEvent.EventRaised r) {
                name = r.name();
                detail = r.input();
            } else if (e instanceof HistoryEvent.EventSent s) {
                taskId = s.taskId();
                name = s.name();
                detail = "to " + s.targetInstanceId() + (s.input() == null ? "" : ": " + s.input());
            } else if (e instanceof HistoryEvent.SubOrchestrationInstanceCreated c) {
                taskId = c.taskId();
                name = c.name();
                names.put(taskId, name);
                detail = c.instanceId();
                link = Paths.instance(c.instanceId());
            } else if (e instanceof HistoryEvent.SubOrchestrationInstanceCompleted c) {
                taskId = c.taskId();
                detail = c.result();
            } else if (e instanceof HistoryEvent.SubOrchestrationInstanceFailed f) {
                taskId = f.taskId();
                detail = failure(f.failure());
                failed = true;
            } else if (e instanceof HistoryEvent.ExecutionCompleted c) {
                failed = c.failure() != null;
                detail = c.status() + (failed ? ": " + failure(c.failure()) : c.result() == null ? "" : ": " + c.result());
            } else if (e instanceof HistoryEvent.ExecutionTerminated t) {
                detail = t.reason();
            } else if (e instanceof HistoryEvent.ExecutionSuspended s) {
                detail = s.reason();
            } else if (e instanceof HistoryEvent.ExecutionResumed r) {
                detail = r.reason();
            } else if (e instanceof HistoryEvent.ExecutionRewound r) {
                detail = r.reason();
            } else if (e instanceof HistoryEvent.ContinueAsNew c) {
                detail = c.input();
            }
            if (taskId != null && name.isEmpty()) {
                name = names.getOrDefault(taskId, "");
            }
            lines.add(new EventLine(i, Format.time(e.timestamp()), e.eventType(),
                    taskId == null ? "" : taskId.toString(), name, Format.cut(detail, DETAIL), failed, link));
        }
        return lines;
    }

    private static String failure(FailureDetails f) {
        return f == null ? "" : f.errorType() + ": " + f.errorMessage();
    }
}
