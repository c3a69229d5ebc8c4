package dev.reprise.store;

import dev.reprise.api.EntityInstanceId;
import dev.reprise.history.EntityMessage;
import dev.reprise.history.OrchestratorAction;

import java.util.List;

/** The messages to entities an orchestration step's entity actions write, sent as that execution. */
final class EntityActions {

    private EntityActions() {
    }

    static boolean isEntityAction(OrchestratorAction action) {
        return action instanceof OrchestratorAction.CallEntity || action instanceof OrchestratorAction.SignalEntity
                || action instanceof OrchestratorAction.LockEntities
                || action instanceof OrchestratorAction.UnlockEntities;
    }

    /**
     * Appends the messages of {@code action} to {@code out}: a call or signal to its entity, a lock request to the
     * first entity of its set (each entity passes it on to the next), a release to each entity.
     */
    static void sends(OrchestratorAction action, String instanceId, String executionId, List<EntitySends.Send> out) {
        if (action instanceof OrchestratorAction.CallEntity c) {
            out.add(send(instanceId, executionId, c.entityId(), EntityMessage.call(c.operation(), c.input(),
                    c.taskId()), null));
        } else if (action instanceof OrchestratorAction.SignalEntity s) {
            out.add(send(instanceId, executionId, s.entityId(), EntityMessage.signal(s.operation(), s.input()),
                    s.scheduledTime()));
        } else if (action instanceof OrchestratorAction.LockEntities l) {
            out.add(send(instanceId, executionId, l.entityIds().get(0), EntityMessage.lock(l.taskId(),
                    l.entityIds(), 0), null));
        } else if (action instanceof OrchestratorAction.UnlockEntities u) {
            for (String entityId : u.entityIds()) {
                out.add(send(instanceId, executionId, entityId, EntityMessage.release(), null));
            }
        }
    }

    private static EntitySends.Send send(String instanceId, String executionId, String entityId,
                                         EntityMessage message, java.time.Instant visibleAt) {
        return new EntitySends.Send(instanceId, EntityInstanceId.fromString(entityId), message, instanceId,
                executionId, visibleAt);
    }
}
