package dev.reprise.dispatch;

import dev.reprise.api.ActivityContext;
import dev.reprise.api.NonRetriableException;
import dev.reprise.replay.PayloadConverter;
import dev.reprise.store.WorkItem;

/** The {@link ActivityContext} of one delivery of a work item. */
final class ActivityContextImpl implements ActivityContext {

    private final WorkItem item;
    private final PayloadConverter converter;
    private final Runnable heartbeat;
    private final ActivityCancellations.Running cancellation;

    ActivityContextImpl(WorkItem item, PayloadConverter converter, Runnable heartbeat,
                        ActivityCancellations.Running cancellation) {
        this.item = item;
        this.converter = converter;
        this.heartbeat = heartbeat;
        this.cancellation = cancellation;
    }

    @Override
    public boolean isCancellationRequested() {
        return cancellation.requested();
    }

    @Override
    public String getName() {
        return item.name();
    }

    @Override
    public <T> T getInput(Class<T> type) {
        try {
            return converter.deserialize(item.input(), type);
        } catch (IllegalArgumentException e) {
            // The same input would fail again on every retry.
            throw new NonRetriableException("Input of activity '" + item.name() + "' cannot be read: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String getInstanceId() {
        return item.instanceId();
    }

    @Override
    public String getExecutionId() {
        return item.executionId();
    }

    @Override
    public int getTaskId() {
        return item.taskId();
    }

    @Override
    public int getDeliveryCount() {
        return item.deliveryCount();
    }

    @Override
    public void heartbeat() {
        heartbeat.run();
    }
}
