package dev.reprise.samples;

import dev.reprise.api.AbstractTaskEntity;
import dev.reprise.api.Entity;
import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.NonRetriableException;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.TaskEntityOperation;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Durable Functions' sixth pattern, the aggregator ("stateful entities"): events from many senders, at any time, are
 * summed into one entity, which needs no lock because its operations run one at a time.
 *
 * <h2>Contract</h2>
 * Entity name {@code Aggregator}; state ({@link Aggregate}): {@code {"count": n, "sum": s}} over the values added.
 * Operations: {@code add} with a number, {@code get} (returns the state) and {@code reset}.
 *
 * <p>Orchestration {@code Readings} sends a batch of readings from one sender: input
 * {@code {"aggregator": "sensors", "values": [3, 4, 5]}} signals {@code add} once per value (the signals are one-way:
 * the orchestration does not wait for them); output: the number of values sent.
 */
@Entity("Aggregator")
@Dependent
@RegisterForReflection
@LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
public class Aggregator extends AbstractTaskEntity<Aggregator.Aggregate> {

    /** The entity's state. */
    @RegisterForReflection
    public record Aggregate(long count, long sum) {
    }

    /** The input of {@code Readings}. */
    @RegisterForReflection
    public record Readings(String aggregator, long[] values) {
    }

    public void add(long value) {
        state = new Aggregate(state.count() + 1, state.sum() + value);
    }

    public Aggregate get() {
        return state;
    }

    public void reset() {
        state = new Aggregate(0, 0);
    }

    @Override
    protected Aggregate initializeState(TaskEntityOperation operation) {
        return new Aggregate(0, 0);
    }

    /** The orchestration that sends readings; a bean of its own, since the entity itself is {@code @Dependent}. */
    @ApplicationScoped
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    public static class ReadingsSender {

        @Produces
        @Orchestrator("Readings")
        @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
        OrchestratorFunction readings() {
            return ctx -> {
                Readings readings = ctx.getInput(Readings.class);
                if (readings == null || readings.aggregator() == null || readings.values() == null) {
                    throw new NonRetriableException("Readings needs {\"aggregator\": key, \"values\": [numbers]}, "
                            + "got " + readings);
                }
                EntityInstanceId aggregator = EntityInstanceId.of("Aggregator", readings.aggregator());
                for (long value : readings.values()) {
                    ctx.signalEntity(aggregator, "add", value);
                }
                return readings.values().length;
            };
        }
    }
}
