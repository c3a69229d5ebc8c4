package dev.reprise.dispatch;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.HistoryEvent;
import dev.reprise.api.TaskEntity;
import dev.reprise.api.UnknownFunctionException;
import dev.reprise.history.EntityMessage;
import dev.reprise.replay.PayloadConverter;
import dev.reprise.store.EntityBatchCommit;
import dev.reprise.store.EntityInboxMessage;
import dev.reprise.store.EntityRecord;
import dev.reprise.store.InboxMessage;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One batch of an entity: its waiting messages applied in order to one copy of its state, producing what the batch
 * commits ({@link EntityBatchCommit}). Operations run one at a time; one that throws has its state change and the
 * messages it sent undone, and its caller gets the failure. While the entity is locked, only the holder's messages
 * run; the others stay queued, in order, and run once a release in the same batch unlocks it (or in a later batch).
 * A lock request is granted only to an execution that still runs; the grant goes on to the next entity of the request,
 * or to the execution when this is the last.
 */
final class EntityBatch {

    private static final Logger LOG = Logger.getLogger(EntityBatch.class);

    /** What the batch does, and how many operations it ran. */
    record Result(EntityBatchCommit commit, int operations) {
    }

    private final EntityRecord entity;
    private final TaskEntity function;
    private final Collection<String> entityNames;
    private final PayloadConverter converter;
    private final Function<String, Set<String>> orchestrators;
    private final Instant now;
    private String state;
    private String lockedBy;
    private String lockedByExecution;
    private int operations;
    private final List<Long> consumed = new ArrayList<>();
    private final List<InboxMessage> replies = new ArrayList<>();
    private final List<EntityBatchCommit.EntitySendRequest> sends = new ArrayList<>();
    private final List<EntityBatchCommit.NewOrchestration> starts = new ArrayList<>();
    private final Map<String, EntityBatchCommit.LockEntry> locks = new LinkedHashMap<>();

    /**
     * @param function      the entity's code, or {@code null} when no entity of its name is registered (calls then
     *                      fail, signals are dropped; locks work as for any entity)
     * @param entityNames   the registered entity names, for that failure's message
     * @param orchestrators see {@link EntityOperationRun}
     */
    EntityBatch(EntityRecord entity, TaskEntity function, Collection<String> entityNames, PayloadConverter converter,
                Function<String, Set<String>> orchestrators, Instant now) {
        this.entity = entity;
        this.function = function;
        this.entityNames = entityNames;
        this.converter = converter;
        this.orchestrators = orchestrators;
        this.now = now;
        this.state = entity.state();
        this.lockedBy = entity.lockedBy();
        this.lockedByExecution = entity.lockedByExecution();
    }

    /** Applies {@code messages} (in id order). */
    Result run(List<EntityInboxMessage> messages) {
        LinkedList<EntityInboxMessage> waiting = new LinkedList<>(messages);
        boolean released = true;
        while (released) {
            released = false;
            for (Iterator<EntityInboxMessage> it = waiting.iterator(); it.hasNext() && !released; ) {
                EntityInboxMessage m = it.next();
                if (lockedBy != null && !isHolder(m)) {
                    continue; // waits for the release, in order
                }
                it.remove();
                consumed.add(m.id());
                released = apply(m);
            }
        }
        return new Result(new EntityBatchCommit(entity, state, lockedBy, lockedByExecution,
                operations > 0 ? now : null, consumed, replies, sends, starts, List.copyOf(locks.values()), now),
                operations);
    }

    private boolean isHolder(EntityInboxMessage m) {
        return lockedBy.equals(m.senderInstance()) && Objects.equals(lockedByExecution, m.senderExecution());
    }

    /** Applies one message; returns {@code true} when it released the entity (waiting messages may run now). */
    private boolean apply(EntityInboxMessage m) {
        EntityMessage message = m.message();
        if (message.kind() == null) {
            // Only the engine writes these; one without a kind is damaged, and keeping it would stall the entity.
            LOG.errorf("Entity %s: message %d has no kind and is dropped; its payload was written by something "
                    + "other than this engine", entity.id(), m.id());
            return false;
        }
        switch (message.kind()) {
            case SIGNAL, CALL -> operate(m, message);
            case LOCK -> lock(m, message);
            case RELEASE -> {
                if (lockedBy != null) {
                    lockedBy = null;
                    lockedByExecution = null;
                    locks.put(m.senderInstance() + " " + m.senderExecution(), new EntityBatchCommit.LockEntry(
                            m.senderInstance(), m.senderExecution(), false));
                    return true;
                }
            }
        }
        return false;
    }

    private void lock(EntityInboxMessage m, EntityMessage message) {
        if (!m.senderRuns()) {
            LOG.debugf("Entity %s: lock request of instance '%s' dropped: that execution no longer runs",
                    entity.id(), m.senderInstance());
            return;
        }
        lockedBy = m.senderInstance();
        lockedByExecution = m.senderExecution();
        locks.put(lockedBy + " " + lockedByExecution, new EntityBatchCommit.LockEntry(lockedBy, lockedByExecution,
                true));
        int next = message.position() + 1;
        if (next < message.lockSet().size()) {
            sends.add(new EntityBatchCommit.EntitySendRequest(
                    dev.reprise.api.EntityInstanceId.fromString(message.lockSet().get(next)),
                    EntityMessage.lock(message.taskId(), message.lockSet(), next), lockedBy, lockedByExecution, null));
        } else {
            replies.add(InboxMessage.toSend(lockedBy, lockedByExecution,
                    new HistoryEvent.EntityLockGranted(now, message.taskId()), now));
        }
    }

    private void operate(EntityInboxMessage m, EntityMessage message) {
        boolean call = message.kind() == EntityMessage.Kind.CALL;
        if (function == null) {
            String text = UnknownFunctionException.entity(entity.id().getName(), new java.util.TreeSet<>(entityNames))
                    .getMessage();
            if (call) {
                reply(m, message, null, FailureDetails.of(UnknownFunctionException.class.getName(), text, true));
            } else {
                LOG.warnf("Signal '%s' to entity %s dropped: %s", message.operation(), entity.id(), text);
            }
            return;
        }
        operations++;
        EntityOperationRun run = new EntityOperationRun(entity.id(), message.operation(), message.input(), state,
                converter, orchestrators);
        String result;
        try {
            result = converter.serialize(function.run(run));
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw (VirtualMachineError) e;
            }
            // The operation's own changes are dropped with `run`; the entity goes on from the state before it.
            if (call) {
                reply(m, message, null, FailureDetails.from(e));
            } else {
                LOG.warnf("Operation '%s' signalled to entity %s failed; its changes were undone: %s",
                        message.operation(), entity.id(), e.toString());
            }
            return;
        }
        state = run.state();
        sends.addAll(run.sends());
        starts.addAll(run.starts());
        if (call) {
            reply(m, message, result, null);
        }
    }

    private void reply(EntityInboxMessage m, EntityMessage message, String result, FailureDetails failure) {
        HistoryEvent event = failure == null
                ? new HistoryEvent.EntityOperationCompleted(now, message.taskId(), result)
                : new HistoryEvent.EntityOperationFailed(now, message.taskId(), failure);
        replies.add(InboxMessage.toSend(m.senderInstance(), m.senderExecution(), event, now));
    }
}
