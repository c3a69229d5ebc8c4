package dev.reprise.replay;

import dev.reprise.api.Task;

import java.util.List;

/**
 * Completes with whichever child finished first in history order, as {@code Task.WhenAny}. A failed child wins like
 * any other; its failure shows when the winner is awaited.
 */
final class AnyOfTask extends DurableTask<Task<?>> {

    /** anyOf over tasks of {@code ctx}'s replay. */
    static AnyOfTask of(ReplayContext ctx, List<Task<?>> tasks) {
        List<DurableTask<?>> children = new java.util.ArrayList<>(tasks.size());
        for (Task<?> t : tasks) {
            children.add(own(ctx, t));
        }
        return new AnyOfTask(ctx, children);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    AnyOfTask(ReplayContext ctx, List<DurableTask<?>> children) {
        super(ctx, "anyOf", (Class) Task.class);
        if (children.isEmpty()) {
            throw new IllegalArgumentException("anyOf needs at least one task");
        }
        DurableTask<?> earliest = null;
        for (DurableTask<?> child : children) {
            if (child.isDone() && (earliest == null || child.completionOrder() < earliest.completionOrder())) {
                earliest = child;
            }
        }
        if (earliest != null) {
            completeWithValue(earliest);
            return;
        }
        for (DurableTask<?> child : children) {
            child.whenDone(() -> completeWithValue(child));
        }
    }
}
