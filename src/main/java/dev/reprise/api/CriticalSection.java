package dev.reprise.api;

import java.util.List;

/**
 * The entities an orchestration holds locked, as the {@code IDisposable} Durable Functions'
 * {@code LockAsync} returns (durabletask-java's {@code AutoCloseable} from {@code lockEntities}). Closing it releases
 * them; its {@code close} throws no checked exception, so it fits a try-with-resources in orchestrator code:
 * <pre>{@code
 * try (CriticalSection section = ctx.lockEntities(from, to).await()) {
 *     ...
 * }
 * }</pre>
 */
public interface CriticalSection extends AutoCloseable {

    /** The entities locked, in the global lock order. */
    List<EntityInstanceId> getLockedEntities();

    /**
     * Releases the locks (a message to each entity, sent when the step commits). Closing again, or after the section
     * was replaced, does nothing.
     */
    @Override
    void close();
}
