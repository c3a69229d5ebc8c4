package dev.reprise.store;

import dev.reprise.api.EntityInstanceId;

import java.time.Instant;
import java.util.List;

/**
 * Everything one batch of an entity writes, committed atomically by {@link EntityStore#commitBatches}: the entity's
 * new state and lock, the messages it consumed, the results and lock grants it sends to orchestrations, the
 * messages it sends to entities, the orchestrations its operations started, and the lock entries of the executions
 * it locked or released.
 *
 * @param before           the entity as claimed (its version guards the commit)
 * @param state            the state after the batch, or {@code null} for none
 * @param lockedBy         the holder after the batch, or {@code null}
 * @param lockedByExecution the holder's execution after the batch, or {@code null}
 * @param lastModified     the time of the batch when an operation ran, or {@code null} to keep the last one
 * @param consumed         ids of the messages the batch took (applied, or dropped)
 * @param replies          results, failures and lock grants for orchestration executions, in order
 * @param sends            messages to entities: operations signalled, lock requests passed on
 * @param starts           orchestrations the operations started
 * @param locks            per execution the batch locked or released: its lock entry, and whether it holds it now
 * @param now              the batch's time
 */
public record EntityBatchCommit(EntityRecord before, String state, String lockedBy, String lockedByExecution,
                                Instant lastModified, List<Long> consumed, List<InboxMessage> replies,
                                List<EntitySendRequest> sends, List<NewOrchestration> starts,
                                List<LockEntry> locks, Instant now) {

    /** A message to an entity; the sender columns are those of the message's logical sender. */
    public record EntitySendRequest(EntityInstanceId target, dev.reprise.history.EntityMessage message,
                                    String senderInstance, String senderExecution, Instant visibleAt) {
    }

    /** An orchestration an operation started; nothing is started when an instance already has the ID. */
    public record NewOrchestration(String instanceId, String executionId, String name, String input) {
    }

    /**
     * The lock entry of {@code instanceId}'s execution {@code executionId} on this entity: {@code held} when the
     * batch leaves the entity locked by it (the execution must still run, or nothing of the batch is applied), not
     * held when it leaves it released.
     */
    public record LockEntry(String instanceId, String executionId, boolean held) {
    }
}
