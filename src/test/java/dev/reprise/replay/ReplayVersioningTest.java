package dev.reprise.replay;

import dev.reprise.api.OrchestratorFunction;
import org.junit.jupiter.api.Test;

import static dev.reprise.replay.ReplayHarness.T0;
import static dev.reprise.replay.ReplayHarness.assertCompletedWith;
import static dev.reprise.replay.ReplayHarness.assertRunningWith;
import static dev.reprise.replay.ReplayHarness.completed;
import static dev.reprise.replay.ReplayHarness.json;
import static dev.reprise.replay.ReplayHarness.schedule;

/** OrchestrationContext.getVersion (Durable Functions' orchestration versioning) read from the ExecutionStarted. */
class ReplayVersioningTest {

    /** Version 2 instances call the new activity; older ones keep the call their history recorded. */
    private static final OrchestratorFunction BRANCHING = ctx -> {
        String activity = ctx.getVersion().compareTo("2") >= 0 ? "ChargeV2" : "Charge";
        return ctx.getVersion() + ":" + ctx.callActivity(activity, null, String.class).await();
    };

    @Test
    void getVersion_startedWithVersion_branchesOnItInEveryReplay() {
        ReplayHarness h = ReplayHarness.of("Pay", BRANCHING).withVersion("2.1");

        assertRunningWith(h.start(T0, null), schedule(0, "ChargeV2", null));
        assertCompletedWith(h.step(T0.plusSeconds(1), completed(T0.plusSeconds(1), 0, "ok")), json("2.1:ok"));
    }

    @Test
    void getVersion_startedWithOlderVersion_keepsTheOldBranch() {
        ReplayHarness h = ReplayHarness.of("Pay", BRANCHING).withVersion("1.0");

        assertRunningWith(h.start(T0, null), schedule(0, "Charge", null));
        assertCompletedWith(h.step(T0.plusSeconds(1), completed(T0.plusSeconds(1), 0, "ok")), json("1.0:ok"));
    }

    @Test
    void getVersion_historyWrittenBeforeVersions_isEmpty() {
        ReplayHarness h = ReplayHarness.of("Pay", BRANCHING).withVersion(null);

        assertRunningWith(h.start(T0, null), schedule(0, "Charge", null));
        assertCompletedWith(h.step(T0.plusSeconds(1), completed(T0.plusSeconds(1), 0, "ok")), json(":ok"));
    }
}
