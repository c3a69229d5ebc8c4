package dev.reprise.store;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.HistoryEvent;
import dev.reprise.api.InstanceFinishedException;
import dev.reprise.api.InstanceNotFailedException;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.OrchestrationNotFoundException;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.config.RepriseConfig;
import dev.reprise.replay.Rewind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewinds Failed instances, as Durable Functions' {@code RewindAsync}, in one transaction per call: the failed step
 * is taken out of the history ({@link Rewind} plans it), what it received goes back to the inbox, the activities and
 * timers still outstanding are queued again, and each failed sub-orchestration the instance waits for is rewound with
 * it (a finished one delivers its outcome again). The instance is Running again, unleased; a claim runs it.
 */
@ApplicationScoped
public class RewindStore {

    private static final String LOCK = """
            SELECT instance_id, execution_id, runtime_status, output, parent_instance_id, parent_execution_id
            FROM reprise_instances WHERE task_hub = $1 AND instance_id = ANY($2)
            ORDER BY instance_id
            FOR UPDATE""";

    private static final String CUT_HISTORY = """
            DELETE FROM reprise_history WHERE task_hub = $1 AND instance_id = $2 AND sequence_number >= $3""";

    // Whatever the failed execution left (late results, stale timers, items still leased to a worker) goes: its
    // outstanding work is queued anew below, and a worker still running an old item finds it gone, so its result is
    // dropped rather than delivered twice.
    private static final String CLEAR_INBOX = """
            DELETE FROM reprise_inbox WHERE task_hub = $1 AND instance_id = $2""";

    private static final String CLEAR_WORK = """
            DELETE FROM reprise_work_items WHERE task_hub = $1 AND instance_id = $2""";

    private static final String QUEUE_TASKS = """
            INSERT INTO reprise_work_items (task_hub, instance_id, execution_id, task_id, name, input, visible_at,
                                            created_at, rank)
            SELECT $1, $2, $3, t.task_id, t.name, t.input, $4, $4, t.rank - 1
            FROM unnest($5::integer[], $6::text[], $7::text[]) WITH ORDINALITY AS t(task_id, name, input, rank)""";

    private static final String RUN_AGAIN = """
            UPDATE reprise_instances
            SET runtime_status = 'Running', output = NULL, failure = NULL, completed_at = NULL, last_updated_at = $3,
                history_size = $4, lease_owner = NULL, lease_expires_at = NULL
            WHERE task_hub = $1 AND instance_id = $2""";

    private final Pool pool;
    private final String taskHub;
    private final HistoryRepository history;
    private final InboxRepository inbox;
    private final Notifications notifications;

    RewindStore(Pool pool, RepriseConfig config, HistoryRepository history, InboxRepository inbox,
                Notifications notifications) {
        this.pool = pool;
        this.taskHub = config.taskHub();
        this.history = history;
        this.inbox = inbox;
        this.notifications = notifications;
    }

    /** The locked row of an instance, as much of it as a rewind reads. */
    private record Locked(String instanceId, String executionId, OrchestrationRuntimeStatus status, String output,
                          String parentInstanceId, String parentExecutionId) {
    }

    /**
     * Rewinds {@code instanceId} and, with it, the failed sub-orchestrations it waits for.
     *
     * @return completes once committed; fails with {@link OrchestrationNotFoundException} for an unknown ID,
     *         {@link InstanceFinishedException} when it is Completed or Terminated, and
     *         {@link InstanceNotFailedException} when it has not finished
     */
    public Uni<Void> rewind(String instanceId, String reason, Instant now) {
        return pool.withTransaction(tx -> lock(tx, List.of(instanceId)).chain(rows -> {
            Locked instance = rows.get(instanceId);
            if (instance == null) {
                throw new OrchestrationNotFoundException(instanceId);
            }
            if (instance.status() == OrchestrationRuntimeStatus.Completed
                    || instance.status() == OrchestrationRuntimeStatus.Terminated) {
                throw new InstanceFinishedException(instanceId, instance.status(), "be rewound (only a Failed "
                        + "instance can)");
            }
            if (instance.status() != OrchestrationRuntimeStatus.Failed) {
                throw new InstanceNotFailedException(instanceId, instance.status());
            }
            return rewind(tx, instance, reason, now, new HashSet<>());
        }).call(() -> notifications.notifyNow(tx, Notifications.ORCHESTRATIONS))
                .call(() -> notifications.notifyNow(tx, Notifications.ACTIVITIES)));
    }

    private Uni<Void> rewind(SqlClient tx, Locked instance, String reason, Instant now, Set<String> visited) {
        if (!visited.add(instance.instanceId())) {
            return Uni.createFrom().voidItem(); // a parent is never its own descendant; a bad row must not loop
        }
        String id = instance.instanceId();
        return history.load(tx, List.of(id)).chain(loaded -> {
            Rewind plan = Rewind.of(loaded.get(id).events(), new HistoryEvent.ExecutionRewound(now, reason));
            if (!plan.heldLocks().isEmpty()) {
                throw new InvalidRequestException("Orchestration instance '" + id + "' failed inside a critical "
                        + "section on " + plan.heldLocks() + ", whose locks were released when it failed, so it "
                        + "cannot be rewound: its code would go on as if it still held them. Restart it instead.");
            }
            List<String> childIds = plan.pendingChildren().stream()
                    .map(HistoryEvent.SubOrchestrationInstanceCreated::instanceId).toList();
            Uni<Map<String, Locked>> children = childIds.isEmpty() ? Uni.createFrom().item(Map.of())
                    : lock(tx, childIds);
            return children.chain(found -> apply(tx, instance, plan, found, now)
                    .chain(() -> rewindChildren(tx, instance, plan, found, reason, now, visited)));
        });
    }

    private Uni<Void> apply(SqlClient tx, Locked instance, Rewind plan, Map<String, Locked> children, Instant now) {
        String id = instance.instanceId();
        String execution = instance.executionId();
        List<InboxMessage> messages = new ArrayList<>();
        for (HistoryEvent e : plan.redeliver()) {
            messages.add(InboxMessage.toSend(id, execution, e, now));
        }
        for (HistoryEvent.TimerCreated t : plan.timersToSet()) {
            messages.add(InboxMessage.toSend(id, execution,
                    new HistoryEvent.TimerFired(t.fireAt(), t.taskId(), t.fireAt()), t.fireAt()));
        }
        for (HistoryEvent.SubOrchestrationInstanceCreated c : plan.pendingChildren()) {
            HistoryEvent outcome = childOutcome(c, children.get(c.instanceId()), id, now);
            if (outcome != null) {
                messages.add(InboxMessage.toSend(id, execution, outcome, now));
            }
        }
        int n = plan.tasksToRun().size();
        Integer[] taskIds = new Integer[n];
        String[] names = new String[n];
        String[] inputs = new String[n];
        for (int i = 0; i < n; i++) {
            HistoryEvent.TaskScheduled t = plan.tasksToRun().get(i);
            taskIds[i] = t.taskId();
            names[i] = t.name();
            inputs[i] = t.input();
        }
        return tx.preparedQuery(CUT_HISTORY).execute(Tuple.of(taskHub, id, plan.keep()))
                .chain(() -> tx.preparedQuery(CLEAR_INBOX).execute(Tuple.of(taskHub, id)))
                .chain(() -> tx.preparedQuery(CLEAR_WORK).execute(Tuple.of(taskHub, id)))
                .chain(() -> n == 0 ? Uni.createFrom().voidItem() : tx.preparedQuery(QUEUE_TASKS)
                        .execute(Tuple.from(new Object[]{taskHub, id, execution, Sql.ts(now), taskIds, names,
                                inputs})).replaceWithVoid())
                .chain(() -> inbox.send(tx, messages, now))
                .chain(() -> tx.preparedQuery(RUN_AGAIN).execute(Tuple.of(taskHub, id, Sql.ts(now), plan.keep())))
                .replaceWithVoid();
    }

    /**
     * What the parent hears again from a child it waits for: nothing while the child runs or when it is rewound with
     * the parent (it reports when it ends); its result when it completed; a failure when it was terminated or is gone.
     */
    private static HistoryEvent childOutcome(HistoryEvent.SubOrchestrationInstanceCreated c, Locked child,
                                             String parentId, Instant now) {
        if (child == null || !parentId.equals(child.parentInstanceId())) {
            return new HistoryEvent.SubOrchestrationInstanceFailed(now, c.taskId(), FailureDetails.of(
                    "dev.reprise.api.TaskFailedException", "Sub-orchestration '" + c.instanceId() + "' no longer "
                            + "exists (it was purged, or its ID was reused), so the rewind could not run it again",
                    true));
        }
        return switch (child.status()) {
            case Completed -> new HistoryEvent.SubOrchestrationInstanceCompleted(now, c.taskId(), child.output());
            case Terminated -> new HistoryEvent.SubOrchestrationInstanceFailed(now, c.taskId(), FailureDetails.of(
                    "dev.reprise.api.TaskFailedException", "Sub-orchestration '" + c.instanceId()
                            + "' was terminated: " + child.output(), true));
            default -> null;
        };
    }

    private Uni<Void> rewindChildren(SqlClient tx, Locked parent, Rewind plan, Map<String, Locked> children,
                                     String reason, Instant now, Set<String> visited) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (HistoryEvent.SubOrchestrationInstanceCreated c : plan.pendingChildren()) {
            Locked child = children.get(c.instanceId());
            if (child != null && child.status() == OrchestrationRuntimeStatus.Failed
                    && parent.instanceId().equals(child.parentInstanceId())) {
                chain = chain.chain(() -> rewind(tx, child, reason, now, visited));
            }
        }
        return chain;
    }

    private Uni<Map<String, Locked>> lock(SqlClient tx, List<String> instanceIds) {
        return tx.preparedQuery(LOCK).execute(Tuple.of(taskHub, instanceIds.toArray(String[]::new))).map(rows -> {
            Map<String, Locked> out = new HashMap<>();
            for (Row r : rows) {
                out.put(r.getString("instance_id"), new Locked(r.getString("instance_id"),
                        r.getString("execution_id"),
                        OrchestrationRuntimeStatus.valueOf(r.getString("runtime_status")), r.getString("output"),
                        r.getString("parent_instance_id"), r.getString("parent_execution_id")));
            }
            return out;
        });
    }
}
