package dev.reprise.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.api.FailureDetails;
import dev.reprise.api.HistoryEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An instance's history in the shape Durable Functions' status route gives it ({@code showHistory=true}), as its
 * extension builds it from the Durable Task history: PascalCase fields; each {@code TaskCompleted}/{@code TaskFailed}
 * and {@code SubOrchestrationInstanceCompleted}/{@code Failed} merged with the event that scheduled it (it gains
 * {@code FunctionName} and {@code ScheduledTime}, and the scheduling event is left out; one still waiting for its
 * outcome stays); {@code OrchestratorStarted}/{@code OrchestratorCompleted} left out; inputs left out; results
 * ({@code Result}) only with {@code showHistoryOutput=true}, embedded as JSON. Entity events are Reprise's own (the
 * extension records entity messages as events sent and raised): an entity call or signal shows the entity's ID as
 * {@code InstanceId} and the operation as {@code Name}, a lock request or release its {@code LockSet}.
 */
final class DurableFunctionsHistory {

    private final ObjectMapper mapper;

    DurableFunctionsHistory(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    List<JsonNode> render(List<HistoryEvent> events, boolean withOutput) {
        Map<String, HistoryEvent> merged = scheduledThenFinished(events);
        List<JsonNode> out = new ArrayList<>(events.size());
        for (HistoryEvent e : events) {
            ObjectNode node = shape(e, withOutput, merged);
            if (node != null) {
                out.add(node);
            }
        }
        return out;
    }

    /** The scheduling events whose outcome is in the history, by kind and task ID: they are shown with it. */
    private static Map<String, HistoryEvent> scheduledThenFinished(List<HistoryEvent> events) {
        Map<String, HistoryEvent> scheduled = new HashMap<>();
        Map<String, HistoryEvent> finished = new HashMap<>();
        for (HistoryEvent e : events) {
            if (e instanceof HistoryEvent.TaskScheduled s) {
                scheduled.put(taskKey(s.taskId()), s);
            } else if (e instanceof HistoryEvent.SubOrchestrationInstanceCreated c) {
                scheduled.put(childKey(c.taskId()), c);
            } else if (e instanceof HistoryEvent.TaskCompleted c) {
                move(scheduled, finished, taskKey(c.taskId()));
            } else if (e instanceof HistoryEvent.TaskFailed f) {
                move(scheduled, finished, taskKey(f.taskId()));
            } else if (e instanceof HistoryEvent.SubOrchestrationInstanceCompleted c) {
                move(scheduled, finished, childKey(c.taskId()));
            } else if (e instanceof HistoryEvent.SubOrchestrationInstanceFailed f) {
                move(scheduled, finished, childKey(f.taskId()));
            }
        }
        return finished;
    }

    private static void move(Map<String, HistoryEvent> from, Map<String, HistoryEvent> to, String key) {
        HistoryEvent scheduling = from.remove(key);
        if (scheduling != null) {
            to.put(key, scheduling);
        }
    }

    /** One event's node, or {@code null} for an event Durable Functions leaves out. */
    private ObjectNode shape(HistoryEvent e, boolean withOutput, Map<String, HistoryEvent> merged) {
        ObjectNode node = mapper.createObjectNode().put("EventType", e.eventType());
        if (e instanceof HistoryEvent.OrchestratorStarted || e instanceof HistoryEvent.OrchestratorCompleted) {
            return null;
        } else if (e instanceof HistoryEvent.ExecutionStarted s) {
            node.put("FunctionName", s.name());
        } else if (e instanceof HistoryEvent.TaskScheduled s) {
            if (merged.containsKey(taskKey(s.taskId()))) {
                return null;
            }
            node.put("Name", s.name());
        } else if (e instanceof HistoryEvent.TaskCompleted c) {
            scheduledBy(node, merged.get(taskKey(c.taskId())));
            result(node, c.result(), withOutput);
        } else if (e instanceof HistoryEvent.TaskFailed f) {
            scheduledBy(node, merged.get(taskKey(f.taskId())));
            failure(node, f.failure());
        } else if (e instanceof HistoryEvent.SubOrchestrationInstanceCreated c) {
            if (merged.containsKey(childKey(c.taskId()))) {
                return null;
            }
            node.put("Name", c.name()).put("InstanceId", c.instanceId());
        } else if (e instanceof HistoryEvent.SubOrchestrationInstanceCompleted c) {
            scheduledBy(node, merged.get(childKey(c.taskId())));
            result(node, c.result(), withOutput);
        } else if (e instanceof HistoryEvent.SubOrchestrationInstanceFailed f) {
            scheduledBy(node, merged.get(childKey(f.taskId())));
            failure(node, f.failure());
        } else if (e instanceof HistoryEvent.TimerCreated t) {
            time(node, "FireAt", t.fireAt());
        } else if (e instanceof HistoryEvent.TimerFired t) {
            time(node, "FireAt", t.fireAt());
        } else if (e instanceof HistoryEvent.EventRaised r) {
            node.put("Name", r.name());
        } else if (e instanceof HistoryEvent.EventSent s) {
            // As the extension: an event sent keeps its input, as the JSON text it was sent as.
            node.put("InstanceId", s.targetInstanceId()).put("Name", s.name()).put("Input", s.input());
        } else if (e instanceof HistoryEvent.ExecutionCompleted c) {
            node.put("OrchestrationStatus", c.status().name());
            result(node, c.result(), withOutput);
            if (c.failure() != null) {
                node.set("FailureDetails", failureDetails(c.failure()));
            }
        } else if (e instanceof HistoryEvent.ExecutionSuspended s) {
            node.put("Reason", s.reason());
        } else if (e instanceof HistoryEvent.ExecutionResumed r) {
            node.put("Reason", r.reason());
        } else if (e instanceof HistoryEvent.ExecutionRewound r) {
            node.put("Reason", r.reason());
        } else if (e instanceof HistoryEvent.ContinueAsNew c) {
            node.put("OrchestrationStatus", "ContinuedAsNew");
            result(node, c.input(), withOutput);
        } else if (e instanceof HistoryEvent.EntityOperationCalled c) {
            node.put("InstanceId", c.entityId()).put("Name", c.operation());
        } else if (e instanceof HistoryEvent.EntityOperationSignaled s) {
            node.put("InstanceId", s.entityId()).put("Name", s.operation());
            time(node, "ScheduledTime", s.scheduledTime());
        } else if (e instanceof HistoryEvent.EntityOperationCompleted c) {
            result(node, c.result(), withOutput);
        } else if (e instanceof HistoryEvent.EntityOperationFailed f) {
            failure(node, f.failure());
        } else if (e instanceof HistoryEvent.EntityLockRequested l) {
            node.set("LockSet", mapper.valueToTree(l.entityIds()));
        } else if (e instanceof HistoryEvent.EntityUnlockSent u) {
            node.set("LockSet", mapper.valueToTree(u.entityIds()));
        }
        // ExecutionTerminated keeps only its type and time: the extension drops its input (the reason).
        time(node, "Timestamp", e.timestamp());
        return node;
    }

    /** What a completion gains from the event that scheduled it. */
    private static void scheduledBy(ObjectNode node, HistoryEvent scheduling) {
        if (scheduling instanceof HistoryEvent.TaskScheduled s) {
            node.put("FunctionName", s.name());
            time(node, "ScheduledTime", s.timestamp());
        } else if (scheduling instanceof HistoryEvent.SubOrchestrationInstanceCreated c) {
            node.put("FunctionName", c.name());
            time(node, "ScheduledTime", c.timestamp());
        }
    }

    private void result(ObjectNode node, String json, boolean withOutput) {
        if (withOutput) {
            node.set("Result", embedded(json));
        }
    }

    private void failure(ObjectNode node, FailureDetails failure) {
        node.put("Reason", failure == null ? null : failure.errorMessage())
                .put("Details", failure == null ? null : failure.stackTrace());
        node.set("FailureDetails", failureDetails(failure));
    }

    /** Durable Task's {@code FailureDetails}, with its field names. */
    private JsonNode failureDetails(FailureDetails f) {
        if (f == null) {
            return mapper.nullNode();
        }
        ObjectNode node = mapper.createObjectNode().put("ErrorType", f.errorType())
                .put("ErrorMessage", f.errorMessage()).put("StackTrace", f.stackTrace());
        node.set("InnerFailure", failureDetails(f.innerFailure()));
        return node.put("IsNonRetriable", f.nonRetriable());
    }

    /** A stored payload as JSON; text that is not JSON stays text, as the extension shows it. */
    private JsonNode embedded(String json) {
        if (json == null) {
            return mapper.nullNode();
        }
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException notJson) {
            return mapper.getNodeFactory().textNode(json);
        }
    }

    private static void time(ObjectNode node, String field, Instant instant) {
        node.put(field, instant == null ? null : instant.toString());
    }

    private static String taskKey(int taskId) {
        return "TaskScheduled_" + taskId;
    }

    private static String childKey(int taskId) {
        return "SubOrchestrationInstanceCreated_" + taskId;
    }
}
