package dev.reprise.replay;

import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.Task;
import dev.reprise.api.TaskFailedException;
import dev.reprise.api.HistoryEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.reprise.replay.ReplayHarness.T0;
import static dev.reprise.replay.ReplayHarness.assertCompletedWith;
import static dev.reprise.replay.ReplayHarness.assertRunningWith;
import static dev.reprise.replay.ReplayHarness.completed;
import static dev.reprise.replay.ReplayHarness.failed;
import static dev.reprise.replay.ReplayHarness.json;
import static dev.reprise.replay.ReplayHarness.schedule;
import static org.assertj.core.api.Assertions.assertThat;

class ReplayChainingAndFanOutTest {

    private static final Instant T1 = T0.plusSeconds(1);
    private static final Instant T2 = T0.plusSeconds(2);
    private static final Instant T3 = T0.plusSeconds(3);
    private static final Instant T4 = T0.plusSeconds(4);

    /** Three sequential activities, each fed the previous result. */
    private static final OrchestratorFunction CHAIN = ctx -> {
        String city = ctx.getInput(String.class);
        String a = ctx.callActivity("SayHello", city, String.class).await();
        String b = ctx.callActivity("Shout", a, String.class).await();
        String c = ctx.callActivity("Sign", b, String.class).await();
        return List.of(a, b, c);
    };

    /** One activity per input item in parallel, then a sum over all results. */
    private static final OrchestratorFunction FAN_OUT = ctx -> {
        List<String> words = Arrays.asList(ctx.getInput(String[].class));
        List<Task<Integer>> parallel = new ArrayList<>();
        for (String w : words) {
            parallel.add(ctx.callActivity("Length", w, Integer.class));
        }
        List<Integer> lengths = ctx.allOf(parallel).await();
        int total = ctx.callActivity("Sum", lengths, Integer.class).await();
        return new FanOutResult(lengths, total);
    };

    record FanOutResult(List<Integer> lengths, int total) {
    }

    @Test
    void chaining_firstStep_schedulesFirstActivityWithInputAndRecordsIt() {
        ReplayHarness h = ReplayHarness.of("Chain", CHAIN);

        ReplayResult r = h.start(T0, "Tokyo");

        assertRunningWith(r, schedule(0, "SayHello", "Tokyo"));
        assertThat(r.newHistory()).containsExactly(
                new HistoryEvent.OrchestratorStarted(T0),
                new HistoryEvent.ExecutionStarted(T0, "Chain", "inst-1", "exec-1", "\"Tokyo\"", null, -1),
                new HistoryEvent.TaskScheduled(T0, 0, "SayHello", "\"Tokyo\""),
                new HistoryEvent.OrchestratorCompleted(T0));
        assertThat(r.output()).isNull();
        assertThat(r.failure()).isNull();
    }

    @Test
    void chaining_threeActivitiesStepByStep_passesResultsAlongAndCompletesWithAllResults() {
        ReplayHarness h = ReplayHarness.of("Chain", CHAIN);
        h.start(T0, "Tokyo");

        ReplayResult r2 = h.step(T1, completed(T1, 0, "Hello Tokyo"));
        assertRunningWith(r2, schedule(1, "Shout", "Hello Tokyo"));
        assertThat(r2.newHistory()).contains(new HistoryEvent.TaskScheduled(T1, 1, "Shout", "\"Hello Tokyo\""));

        ReplayResult r3 = h.step(T2, completed(T2, 1, "HELLO TOKYO"));
        assertRunningWith(r3, schedule(2, "Sign", "HELLO TOKYO"));

        ReplayResult r4 = h.step(T3, completed(T3, 2, "HELLO TOKYO -- R"));
        assertCompletedWith(r4, "[\"Hello Tokyo\",\"HELLO TOKYO\",\"HELLO TOKYO -- R\"]");
        assertThat(r4.newHistory()).containsExactly(
                new HistoryEvent.OrchestratorStarted(T3),
                completed(T3, 2, "HELLO TOKYO -- R"),
                new HistoryEvent.ExecutionCompleted(T3, OrchestrationRuntimeStatus.Completed,
                        "[\"Hello Tokyo\",\"HELLO TOKYO\",\"HELLO TOKYO -- R\"]", null),
                new HistoryEvent.OrchestratorCompleted(T3));

        h.replayFromScratch(T4);
    }

    @Test
    void chaining_unrelatedEventsInBatch_doNotAdvanceTheChain() {
        ReplayHarness h = ReplayHarness.of("Chain", CHAIN);
        h.start(T0, "Oslo");

        ReplayResult r = h.step(T1, ReplayHarness.raised(T1, "noise", 1));

        assertRunningWith(r);
        h.replayFromScratch(T2);
    }

    @Test
    void fanOut_firstStep_schedulesAllActivitiesInInputOrder() {
        ReplayHarness h = ReplayHarness.of("FanOut", FAN_OUT);

        ReplayResult r = h.start(T0, List.of("a", "bb", "ccc", "dddd"));

        assertRunningWith(r,
                schedule(0, "Length", "a"), schedule(1, "Length", "bb"),
                schedule(2, "Length", "ccc"), schedule(3, "Length", "dddd"));
    }

    @Test
    void fanOut_completionsOutOfOrderInSeveralBatches_waitsForAllThenKeepsInputOrder() {
        ReplayHarness h = ReplayHarness.of("FanOut", FAN_OUT);
        h.start(T0, List.of("a", "bb", "ccc", "dddd"));

        assertRunningWith(h.step(T1, completed(T1, 2, 3), completed(T1, 0, 1)));
        assertRunningWith(h.step(T2, completed(T2, 3, 4)));
        ReplayResult r = h.step(T3, completed(T3, 1, 2));
        assertRunningWith(r, schedule(4, "Sum", List.of(1, 2, 3, 4)));
        assertThat(r.newHistory()).contains(new HistoryEvent.TaskScheduled(T3, 4, "Sum", "[1,2,3,4]"));

        ReplayResult done = h.step(T4, completed(T4, 4, 10));
        assertCompletedWith(done, "{\"lengths\":[1,2,3,4],\"total\":10}");

        h.replayFromScratch(T4.plusSeconds(1));
    }

    @Test
    void fanOut_allCompletionsInOneBatchInReverseOrder_continuesInSameStep() {
        ReplayHarness h = ReplayHarness.of("FanOut", FAN_OUT);
        h.start(T0, List.of("a", "bb", "ccc"));

        ReplayResult r = h.step(T1, completed(T1, 2, 3), completed(T1, 1, 2), completed(T1, 0, 1));

        assertRunningWith(r, schedule(3, "Sum", List.of(1, 2, 3)));
        assertCompletedWith(h.step(T2, completed(T2, 3, 6)), "{\"lengths\":[1,2,3],\"total\":6}");
        h.replayFromScratch(T3);
    }

    @Test
    void fanOut_midwayReplayFromScratch_keepsSumPendingWithoutNewActions() {
        ReplayHarness h = ReplayHarness.of("FanOut", FAN_OUT);
        h.start(T0, List.of("x", "yy"));
        h.step(T1, completed(T1, 1, 2));
        h.step(T2, completed(T2, 0, 1));

        // Replaying the history up to now gives the same pending Sum and asks for nothing new.
        ReplayResult replay = h.replayFromScratch(T3);

        assertThat(replay.status()).isEqualTo(OrchestrationRuntimeStatus.Running);
        assertThat(replay.actions()).isEmpty();
    }

    @Test
    void fanOut_emptyInput_allOfCompletesAtOnce() {
        ReplayHarness h = ReplayHarness.of("FanOut", FAN_OUT);
        h.start(T0, List.of());

        ReplayResult r = h.last();
        assertRunningWith(r, schedule(0, "Sum", List.of()));
        assertCompletedWith(h.step(T1, completed(T1, 0, 0)), "{\"lengths\":[],\"total\":0}");
        h.replayFromScratch(T2);
    }

    @Test
    void fanOut_oneActivityFails_allOfFailsOnlyAfterAllAreDoneWithFirstFailureInListOrder() {
        OrchestratorFunction fn = ctx -> {
            List<Task<String>> tasks = List.of(ctx.callActivity("A", null, String.class),
                    ctx.callActivity("B", null, String.class), ctx.callActivity("C", null, String.class));
            try {
                return ctx.allOf(tasks).await();
            } catch (TaskFailedException e) {
                return "failed:" + e.getTaskName() + ":" + e.getFailureDetails().errorMessage();
            }
        };
        ReplayHarness h = ReplayHarness.of("FanOutFail", fn);
        h.start(T0, null);

        assertRunningWith(h.step(T1, failed(T1, 2, "java.lang.IllegalStateException", "c broke")));
        ReplayResult r = h.step(T2, completed(T2, 0, "a"),
                failed(T2, 1, "java.lang.IllegalStateException", "b broke"));

        // All three are done now; B is the first failure in list order although C failed earlier.
        assertCompletedWith(r, json("failed:B:b broke"));
        h.replayFromScratch(T3);
    }

    @Test
    void fanOut_sameInputReplayedTwiceFromScratch_givesSameOutputEachTime() {
        ReplayHarness h = ReplayHarness.of("FanOut", FAN_OUT);
        h.start(T0, List.of("p", "qq"));
        h.step(T1, completed(T1, 0, 1), completed(T1, 1, 2));
        h.step(T2, completed(T2, 2, 3));

        ReplayResult first = h.replayFromScratch(T3);
        ReplayResult second = h.replayFromScratch(T3.plus(Duration.ofDays(1)));

        assertThat(second.output()).isEqualTo(first.output()).isEqualTo("{\"lengths\":[1,2],\"total\":3}");
    }
}
