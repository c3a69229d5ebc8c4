package dev.reprise.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.api.HistoryEvent;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.json.JacksonPayloadConverter;
import dev.reprise.replay.ReplayEngine;
import dev.reprise.replay.ReplaySession;
import dev.reprise.store.InstanceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which kept instances a claim may use (only those still in step with the store), and how the memory budget and the
 * session count bound what is kept.
 */
class KeptInstancesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ReplayEngine engine = new ReplayEngine(new JacksonPayloadConverter(new ObjectMapper()));
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private ReplaySession waiting(String instanceId) {
        return ReplaySession.start(engine, ctx -> ctx.callActivity("Slow", null, String.class).await(), List.of(),
                List.of(new HistoryEvent.OrchestratorStarted(T0), new HistoryEvent.ExecutionStarted(T0, "Wait",
                        instanceId, "exec-1", null, null, -1)), threads);
    }

    private static InstanceRecord record(String instanceId) {
        return new InstanceRecord(instanceId, "exec-1", "Wait", OrchestrationRuntimeStatus.Running, null, null, null,
                null, null, null, null, T0, T0, null, null, null);
    }

    /** An instance kept with a parked session after a step, as the committer leaves it. */
    private KeptInstance keptWithSession(String instanceId, long payloadBytes) {
        ReplaySession session = waiting(instanceId);
        KeptInstance k = new KeptInstance(record(instanceId), 0, null);
        k.committed(record(instanceId), session.historySize(), payloadBytes, null, session);
        return k;
    }

    @Test
    void inStepWith_sameExecutionAndHistorySize_isTrue() {
        KeptInstances kept = new KeptInstances(1 << 20, 8, 0);
        KeptInstance a = keptWithSession("a", 100);
        kept.put(a);

        assertThat(kept.get("a")).isSameAs(a);
        assertThat(a.inStepWith("exec-1", 4)).isTrue();
    }

    @Test
    void inStepWith_storeHistoryMovedOn_isFalseAndDroppingClosesTheSession() {
        KeptInstance a = keptWithSession("a", 100);
        ReplaySession session = a.take().session();

        // another replica committed a step: the store has more events than the kept copy saw
        assertThat(a.inStepWith("exec-1", 8)).isFalse();
        a.drop();

        assertThat(session.isOpen()).isFalse();
        assertThat(a.inStepWith("exec-1", 4)).as("a dropped copy is never used again").isFalse();
    }

    @Test
    void inStepWith_otherExecution_isFalse() {
        KeptInstance a = keptWithSession("a", 100);

        assertThat(a.inStepWith("exec-2", 4)).isFalse();
    }

    @Test
    void touched_beyondTheMemoryBudget_evictsTheLeastRecentlyUsedIdleInstanceAndClosesItsSession() {
        long one = KeptInstances.cost(100, true);
        KeptInstances kept = new KeptInstances(2 * one, 8, 0);
        KeptInstance a = keptWithSession("a", 100);
        KeptInstance b = keptWithSession("b", 100);
        KeptInstance c = keptWithSession("c", 100);
        ReplaySession aSession = a.take().session();
        ReplaySession bSession = b.take().session();
        ReplaySession cSession = c.take().session();
        kept.put(a);
        kept.put(b);
        kept.put(c);

        List<KeptInstance> evicted = kept.touched(c);

        assertThat(evicted).containsExactly(a);
        assertThat(aSession.isOpen()).isFalse();
        assertThat(bSession.isOpen()).isTrue();
        assertThat(cSession.isOpen()).isTrue();
        assertThat(kept.size()).isEqualTo(2);
        assertThat(kept.heldBytes()).isLessThanOrEqualTo(2 * one);
        kept.clear().forEach(KeptInstance::drop);
        assertThat(bSession.isOpen()).isFalse();
        assertThat(cSession.isOpen()).isFalse();
    }

    @Test
    void touched_busyInstance_isNotEvictedEvenOverTheBudget() {
        KeptInstances kept = new KeptInstances(1, 8, 0);
        KeptInstance a = keptWithSession("a", 100);
        kept.put(a);
        a.holdForStart(); // a step is running for it

        assertThat(kept.touched(a)).isEmpty();
        assertThat(kept.get("a")).isSameAs(a);
    }

    @Test
    void sessionAllowed_belowTheMinimumHistoryOrWhenOffOrFull_isFalse() {
        assertThat(new KeptInstances(1 << 20, 8, 40).sessionAllowed(39)).isFalse();
        assertThat(new KeptInstances(1 << 20, 8, 40).sessionAllowed(40)).isTrue();
        assertThat(new KeptInstances(1 << 20, 0, 0).sessionAllowed(1000)).isFalse();
        KeptInstances one = new KeptInstances(1 << 20, 1, 0);
        one.put(keptWithSession("a", 100));
        assertThat(one.sessionAllowed(1000)).as("the one session slot is taken").isFalse();
    }

    @Test
    void fits_budgetOffOrHistoryTooLarge_isFalse() {
        assertThat(new KeptInstances(0, 8, 0).fits(0)).isFalse();
        assertThat(new KeptInstances(1 << 20, 8, 0).fits(1 << 20)).isFalse();
        assertThat(new KeptInstances(1 << 20, 8, 0).fits(1000)).isTrue();
    }
}
