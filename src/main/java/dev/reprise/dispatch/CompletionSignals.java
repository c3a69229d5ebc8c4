package dev.reprise.dispatch;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells local waiters that an instance reached a terminal state in this replica, so a client waiting for completion
 * answers at once instead of at its next poll. Instances finished by another replica are found by polling.
 */
@ApplicationScoped
public class CompletionSignals {

    private final Map<String, List<Runnable>> waiters = new ConcurrentHashMap<>();

    /** Registers {@code listener} for {@code instanceId}; returns a handle that unregisters it. */
    public Runnable onCompletion(String instanceId, Runnable listener) {
        waiters.computeIfAbsent(instanceId, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> waiters.computeIfPresent(instanceId, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    void signal(String instanceId) {
        List<Runnable> listeners = waiters.remove(instanceId);
        if (listeners != null) {
            listeners.forEach(Runnable::run);
        }
    }
}
