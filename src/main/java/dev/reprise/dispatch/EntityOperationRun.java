package dev.reprise.dispatch;

import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.Names;
import dev.reprise.api.TaskEntityContext;
import dev.reprise.api.TaskEntityOperation;
import dev.reprise.api.TaskEntityState;
import dev.reprise.api.UnknownFunctionException;
import dev.reprise.history.EntityMessage;
import dev.reprise.replay.PayloadConverter;
import dev.reprise.store.EntityBatchCommit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * One operation as its code sees it: the operation, the entity's state and its context in one object. The state is
 * kept as JSON; what the operation sends is gathered here and handed to the batch only if the operation returns.
 */
final class EntityOperationRun implements TaskEntityOperation, TaskEntityState, TaskEntityContext {

    private final EntityInstanceId id;
    private final String name;
    private final String input;
    private final PayloadConverter converter;
    private final Function<String, Set<String>> orchestrators;
    private String state;
    private final List<EntityBatchCommit.EntitySendRequest> sends = new ArrayList<>();
    private final List<EntityBatchCommit.NewOrchestration> starts = new ArrayList<>();

    /**
     * @param orchestrators given an orchestrator name, {@code null} when it is registered, otherwise the registered
     *                      names (for the error)
     */
    EntityOperationRun(EntityInstanceId id, String name, String input, String state, PayloadConverter converter,
                       Function<String, Set<String>> orchestrators) {
        this.id = id;
        this.name = name;
        this.input = input;
        this.state = state;
        this.converter = converter;
        this.orchestrators = orchestrators;
    }

    /** The state as JSON after the operation, {@code null} for none. */
    String state() {
        return state;
    }

    List<EntityBatchCommit.EntitySendRequest> sends() {
        return sends;
    }

    List<EntityBatchCommit.NewOrchestration> starts() {
        return starts;
    }

    // ---- TaskEntityOperation ----

    @Override
    public String getName() {
        return name;
    }

    @Override
    public <T> T getInput(Class<T> type) {
        return converter.deserialize(input, type);
    }

    @Override
    public boolean hasInput() {
        return input != null;
    }

    @Override
    public TaskEntityState getState() {
        return this;
    }

    @Override
    public TaskEntityContext getContext() {
        return this;
    }

    // ---- TaskEntityState ----

    @Override
    public boolean hasState() {
        return state != null;
    }

    @Override
    public <T> T getState(Class<T> type) {
        try {
            return converter.deserialize(state, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The state of entity " + id + " cannot be read as " + type.getName()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void setState(Object value) {
        state = converter.serialize(value);
    }

    @Override
    public void deleteState() {
        state = null;
    }

    // ---- TaskEntityContext ----

    @Override
    public EntityInstanceId getId() {
        return id;
    }

    @Override
    public void signalEntity(EntityInstanceId target, String operation, Object data, Instant scheduledTime) {
        java.util.Objects.requireNonNull(target, "target entity must not be null");
        Names.operationName(operation);
        sends.add(new EntityBatchCommit.EntitySendRequest(target,
                EntityMessage.signal(operation, converter.serialize(data)), id.toString(), null, scheduledTime));
    }

    @Override
    public String scheduleNewOrchestration(String orchestrator, Object data, String instanceId) {
        Set<String> registered = orchestrators.apply(orchestrator);
        if (registered != null) {
            throw new UnknownFunctionException("orchestrator", orchestrator, registered);
        }
        String started = instanceId != null ? Names.instanceId(instanceId) : UUID.randomUUID().toString()
                .replace("-", "");
        starts.add(new EntityBatchCommit.NewOrchestration(started, UUID.randomUUID().toString(), orchestrator,
                converter.serialize(data)));
        return started;
    }
}
