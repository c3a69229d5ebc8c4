package dev.reprise.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * Completes when every child is done, as {@code Task.WhenAll}: with all results in the children's order, or failed
 * with the first failure in that order.
 */
final class AllOfTask<T> extends DurableTask<List<T>> {

    private final List<DurableTask<T>> children;
    private int remaining;

    /** allOf over tasks of {@code ctx}'s replay. */
    static <T> AllOfTask<T> of(ReplayContext ctx, List<dev.reprise.api.Task<T>> tasks) {
        List<DurableTask<T>> children = new ArrayList<>(tasks.size());
        for (dev.reprise.api.Task<T> t : tasks) {
            children.add(own(ctx, t));
        }
        return new AllOfTask<>(ctx, children);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    AllOfTask(ReplayContext ctx, List<DurableTask<T>> children) {
        super(ctx, "allOf", (Class) List.class);
        this.children = children;
        this.remaining = children.size();
        if (remaining == 0) {
            completeWithValue(List.of());
            return;
        }
        for (DurableTask<T> child : children) {
            child.whenDone(this::childDone);
        }
    }

    private void childDone() {
        if (--remaining > 0) {
            return;
        }
        for (DurableTask<T> child : children) {
            if (child.failure() != null) {
                fail(child.failure());
                return;
            }
        }
        List<T> results = new ArrayList<>(children.size());
        for (DurableTask<T> child : children) {
            results.add(child.await());
        }
        completeWithValue(results);
    }
}
