package dev.reprise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.api.AbstractTaskEntity;
import dev.reprise.api.CriticalSection;
import dev.reprise.api.Entity;
import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.TaskEntity;
import dev.reprise.api.TaskEntityOperation;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

import java.util.ArrayList;
import java.util.List;

/**
 * Entities and the orchestrations that use them, for the store, dispatch and HTTP tests. Names start with "Test".
 */
@ApplicationScoped
public class EntityTestFunctions {

    /** Entity: a list of texts; see {@link Ledger}. */
    public static final String LEDGER = "TestLedger";
    /** Entity written as a plain {@link TaskEntity}: set (any JSON), readInt, unserializable, returnUnserializable. */
    public static final String RAW = "TestRaw";
    /** Input {@link Call}: calls the operation and returns its result (a failure fails the instance). */
    public static final String CALL = "TestEntityCall";
    /** Input {@link Call}: signals the operation {@code count} times with input {@code input}; output: count. */
    public static final String SIGNAL = "TestEntitySignal";
    /** Input {@link Locking}: locks the ledgers, appends its instance ID to each, waits for {@link #GO}, closes. */
    public static final String LOCK_AND_WAIT = "TestLockAndWait";
    /** Input {@link Locking}: locks the ledgers, appends its instance ID to each, and ends holding them. */
    public static final String LOCK_AND_END = "TestLockAndEnd";
    /**
     * Input {@link Call}: calls the operation with a 1 s timeout; output "timed out" when the call timed out
     * ({@link dev.reprise.api.TaskCanceledException}), else the operation's result.
     */
    public static final String CALL_WITH_TIMEOUT = "TestEntityCallWithTimeout";
    /** The event {@link #LOCK_AND_WAIT} waits for inside its critical section. */
    public static final String GO = "go";

    @RegisterForReflection
    public record Call(String name, String key, String operation, JsonNode input, int count) {
    }

    @RegisterForReflection
    public record Locking(List<String> ledgers) {
    }

    @RegisterForReflection
    public record Entries(List<String> entries) {
    }

    @RegisterForReflection
    public record Forward(String key, String text) {
    }

    /**
     * A ledger: {@code append} a text; {@code appendThenFail} appends and throws (nothing stays); {@code get};
     * {@code forward} signals another ledger's {@code append}, {@code forwardThenFail} signals and throws (nothing is
     * sent); {@code startEcho} starts TestEcho with the input and returns its instance ID.
     */
    @Entity(LEDGER)
    @Dependent
    @RegisterForReflection
    public static class Ledger extends AbstractTaskEntity<Entries> {

        public void append(String text) {
            List<String> next = new ArrayList<>(state.entries());
            next.add(text);
            state = new Entries(next);
        }

        public void appendThenFail(String text) {
            append(text);
            throw new IllegalStateException("appendThenFail failed on purpose after appending " + text);
        }

        public Entries get() {
            return state;
        }

        public void forward(Forward forward) {
            context.signalEntity(EntityInstanceId.of(LEDGER, forward.key()), "append", forward.text());
        }

        public void forwardThenFail(Forward forward) {
            forward(forward);
            throw new IllegalStateException("forwardThenFail failed on purpose");
        }

        public String startEcho(String input) {
            return context.scheduleNewOrchestration(TestFunctions.ECHO, input, null);
        }

        @Override
        protected Entries initializeState(TaskEntityOperation operation) {
            return new Entries(List.of());
        }
    }

    @Produces
    @Entity(RAW)
    TaskEntity raw() {
        return op -> switch (op.getName()) {
            case "set" -> {
                op.getState().setState(op.getInput(JsonNode.class));
                yield null;
            }
            case "readInt" -> op.getState().getState(Integer.class);
            case "unserializable" -> {
                op.getState().setState(new Unserializable());
                yield null;
            }
            case "returnUnserializable" -> new Unserializable();
            default -> throw new UnsupportedOperationException("TestRaw has no operation " + op.getName());
        };
    }

    /** Jackson cannot write it: its only property throws. */
    public static final class Unserializable {
        public String getValue() {
            throw new IllegalStateException("this value cannot be written");
        }
    }

    @Produces
    @Orchestrator(CALL)
    OrchestratorFunction call() {
        return ctx -> {
            Call c = ctx.getInput(Call.class);
            return ctx.callEntity(EntityInstanceId.of(c.name(), c.key()), c.operation(), c.input(), JsonNode.class)
                    .await();
        };
    }

    @Produces
    @Orchestrator(CALL_WITH_TIMEOUT)
    OrchestratorFunction callWithTimeout() {
        return ctx -> {
            Call c = ctx.getInput(Call.class);
            try {
                return ctx.callEntity(EntityInstanceId.of(c.name(), c.key()), c.operation(), c.input(),
                        java.time.Duration.ofSeconds(1), JsonNode.class).await();
            } catch (dev.reprise.api.TaskCanceledException e) {
                return "timed out";
            }
        };
    }

    @Produces
    @Orchestrator(SIGNAL)
    OrchestratorFunction signal() {
        return ctx -> {
            Call c = ctx.getInput(Call.class);
            for (int i = 0; i < c.count(); i++) {
                ctx.signalEntity(EntityInstanceId.of(c.name(), c.key()), c.operation(), c.input());
            }
            return c.count();
        };
    }

    private static List<EntityInstanceId> ledgers(Locking locking) {
        return locking.ledgers().stream().map(k -> EntityInstanceId.of(LEDGER, k)).toList();
    }

    @Produces
    @Orchestrator(LOCK_AND_WAIT)
    OrchestratorFunction lockAndWait() {
        return ctx -> {
            try (CriticalSection section = ctx.lockEntities(ledgers(ctx.getInput(Locking.class))).await()) {
                for (EntityInstanceId ledger : section.getLockedEntities()) {
                    ctx.callEntity(ledger, "append", ctx.getInstanceId(), Void.class).await();
                }
                ctx.waitForExternalEvent(GO, Void.class).await();
            }
            return "released";
        };
    }

    @Produces
    @Orchestrator(LOCK_AND_END)
    OrchestratorFunction lockAndEnd() {
        return ctx -> {
            CriticalSection section = ctx.lockEntities(ledgers(ctx.getInput(Locking.class))).await();
            for (EntityInstanceId ledger : section.getLockedEntities()) {
                ctx.callEntity(ledger, "append", ctx.getInstanceId(), Void.class).await();
            }
            return "ended holding " + section.getLockedEntities();
        };
    }
}
