package dev.reprise.replay;

import dev.reprise.api.CriticalSection;
import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.HistoryEvent;
import dev.reprise.api.LockingRulesViolationException;
import dev.reprise.api.Names;
import dev.reprise.api.Task;
import dev.reprise.api.TaskCanceledException;
import dev.reprise.history.OrchestratorAction;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The entity calls of one replay: operations called and signalled, and the critical section. Each call takes a task
 * ID and is matched against history like any other ({@link ScheduledCalls}); a lock request's task completes when
 * history holds its EntityLockGranted, and the section lasts until the code closes it. The locking rules of Durable
 * Functions are checked at the call: one critical section at a time, and inside it calls only to locked entities.
 */
final class EntityCalls {

    private final ReplayContext ctx;
    private final PayloadConverter converter;
    /** The entities of the lock request not yet released (granted or not); {@code null} when there is none. */
    private List<EntityInstanceId> requested;
    /** The critical section the code holds; {@code null} outside one. */
    private Section current;

    EntityCalls(ReplayContext ctx, PayloadConverter converter) {
        this.ctx = ctx;
        this.converter = converter;
    }

    /** How history and the code name a call or signal of {@code operation} on {@code entityId}. */
    static String callName(String entityId, String operation) {
        return operation + " on " + entityId;
    }

    /** How history and the code name a lock request of {@code entityIds}. */
    static String lockName(List<String> entityIds) {
        return "lock " + entityIds;
    }

    /** How history and the code name the release of {@code entityIds}. */
    static String unlockName(List<String> entityIds) {
        return "unlock " + entityIds;
    }

    <T> Task<T> call(EntityInstanceId entity, String operation, Object input, Duration timeout, Class<T> type) {
        Objects.requireNonNull(entity, "entity must not be null");
        Names.operationName(operation);
        if (current != null && !current.entities.contains(entity)) {
            throw new LockingRulesViolationException("Orchestration '" + ctx.getName() + "' (instance '"
                    + ctx.getInstanceId() + "') called " + entity + " inside a critical section on "
                    + current.entities + "; inside a critical section only the locked entities may be called. "
                    + "Lock it too, or call it after closing the section.");
        }
        String json = converter.serialize(input);
        int id = ctx.nextTaskId();
        String name = callName(entity.toString(), operation);
        DurableTask<T> task = new DurableTask<>(ctx, name, type);
        ctx.record(id, new OrchestratorAction.CallEntity(id, entity.toString(), operation, json),
                new HistoryEvent.EntityOperationCalled(ctx.now(), id, entity.toString(), operation, json),
                "EntityOperationCalled", name, task);
        if (timeout != null) {
            ctx.timer(ctx.now().plus(timeout.isNegative() ? Duration.ZERO : timeout)).whenDone(() -> {
                if (!task.isDone()) {
                    task.fail(new TaskCanceledException("Entity operation '" + operation + "' on " + entity
                            + " did not complete within " + timeout + "; it still runs, its result is dropped", name));
                }
            });
        }
        return task;
    }

    void signal(EntityInstanceId entity, String operation, Object input, Instant scheduledTime) {
        Objects.requireNonNull(entity, "entity must not be null");
        Names.operationName(operation);
        String json = converter.serialize(input);
        int id = ctx.nextTaskId();
        ctx.record(id, new OrchestratorAction.SignalEntity(id, entity.toString(), operation, json, scheduledTime),
                new HistoryEvent.EntityOperationSignaled(ctx.now(), id, entity.toString(), operation, json,
                        scheduledTime), "EntityOperationSignaled", callName(entity.toString(), operation), null);
    }

    Task<CriticalSection> lock(List<EntityInstanceId> entities) {
        if (entities == null || entities.isEmpty()) {
            throw new IllegalArgumentException("lockEntities needs at least one entity");
        }
        if (requested != null) {
            throw new LockingRulesViolationException("Orchestration '" + ctx.getName() + "' (instance '"
                    + ctx.getInstanceId() + "') asked to lock " + entities + " while it "
                    + (current != null ? "holds" : "waits for") + " a critical section on " + requested
                    + "; critical sections do not nest. Close the first section before locking again, or lock "
                    + "every entity at once.");
        }
        List<EntityInstanceId> sorted = List.copyOf(new TreeSet<>(entities));
        List<String> ids = sorted.stream().map(EntityInstanceId::toString).toList();
        int id = ctx.nextTaskId();
        String name = lockName(ids);
        DurableTask<Void> granted = new DurableTask<>(ctx, name, Void.class);
        ctx.record(id, new OrchestratorAction.LockEntities(id, ids),
                new HistoryEvent.EntityLockRequested(ctx.now(), id, ids), "EntityLockRequested", name, granted);
        requested = sorted;
        DurableTask<CriticalSection> section = new DurableTask<>(ctx, name, CriticalSection.class);
        granted.whenDone(() -> {
            Section held = new Section(sorted, ids);
            current = held;
            section.completeWithValue(held);
        });
        return section;
    }

    boolean inCriticalSection() {
        return current != null;
    }

    List<EntityInstanceId> locked() {
        return current == null ? List.of() : current.entities;
    }

    /** A granted critical section; closing it records the release (once, and only while it is the current one). */
    private final class Section implements CriticalSection {
        private final List<EntityInstanceId> entities;
        private final List<String> ids;

        Section(List<EntityInstanceId> entities, List<String> ids) {
            this.entities = entities;
            this.ids = ids;
        }

        @Override
        public List<EntityInstanceId> getLockedEntities() {
            return entities;
        }

        /**
         * Code unwound because it waits for history (in a try-with-resources around the wait) must not release: the
         * section still holds in the history, and the unwinding error must not be suppressed by another.
         */
        @Override
        public void close() {
            if (ctx.isBlocked() || ctx.fatal() != null) {
                return;
            }
            ctx.checkRunnable();
            if (current != this) {
                return;
            }
            int id = ctx.nextTaskId();
            ctx.record(id, new OrchestratorAction.UnlockEntities(id, ids),
                    new HistoryEvent.EntityUnlockSent(ctx.now(), id, ids), "EntityUnlockSent", unlockName(ids), null);
            current = null;
            requested = null;
        }

        @Override
        public String toString() {
            return "CriticalSection" + entities;
        }
    }
}
