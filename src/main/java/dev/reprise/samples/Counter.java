package dev.reprise.samples;

import dev.reprise.api.AbstractTaskEntity;
import dev.reprise.api.Entity;
import dev.reprise.api.TaskEntityOperation;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.Dependent;

/**
 * Durable Functions' Counter entity: a number that operations add to, reset and read, one operation at a time.
 *
 * <h2>Contract</h2>
 * Entity name {@code Counter}; state: the count, a JSON number (0 before any operation). Operations (names match
 * ignoring case): {@code add} with a number (may be negative), {@code reset}, {@code get} (returns the count) and
 * {@code delete} (the entity no longer exists; a later operation starts again from 0). {@code add} without a number
 * fails, and changes nothing.
 * <pre>
 * POST /runtime/webhooks/durabletask/entities/Counter/steps?op=add   body 5
 * GET  /runtime/webhooks/durabletask/entities/Counter/steps          answers 5
 * </pre>
 */
@Entity("Counter")
@Dependent
@RegisterForReflection
@LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
public class Counter extends AbstractTaskEntity<Integer> {

    public void add(int amount) {
        state += amount;
    }

    public void reset() {
        state = 0;
    }

    public int get() {
        return state;
    }

    @Override
    protected Integer initializeState(TaskEntityOperation operation) {
        return 0;
    }
}
