package dev.reprise.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.reprise.api.FailureDetails;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.HistoryEvent;
import dev.reprise.history.OrchestratorAction;
import dev.reprise.json.JacksonPayloadConverter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives one orchestration through {@link ReplayEngine} step by step, the way the engine's shell would: each
 * step runs the orchestrator against the accumulated history plus a new batch (starting with OrchestratorStarted) and
 * appends the step's {@code newHistory}. Time only comes from the Instants the test passes in.
 *
 * <p>{@link #replayFromScratch(Instant)} then replays the whole history as past and checks that the code, replayed
 * against it, asks for nothing new and reaches the same status and output.
 */
final class ReplayHarness {

    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule());
    static final PayloadConverter CONVERTER = new JacksonPayloadConverter(MAPPER);
    static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    private final ReplayEngine engine;
    private final OrchestratorFunction orchestrator;
    private final String name;
    private final String instanceId;
    private final String executionId;
    private final List<HistoryEvent> history = new ArrayList<>();
    private final List<ReplayResult> results = new ArrayList<>();
    private static final java.util.concurrent.ExecutorService SESSION_THREADS =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "replay-session");
                t.setDaemon(true);
                return t;
            });
    private ReplaySession session;
    private boolean sessionCheck = true;
    private String version = "";

    private ReplayHarness(OrchestratorFunction orchestrator, String name, String instanceId, String executionId) {
        this(orchestrator, name, instanceId, executionId, ReplayLimits.DEFAULT);
    }

    private ReplayHarness(OrchestratorFunction orchestrator, String name, String instanceId, String executionId,
                          ReplayLimits limits) {
        this.engine = new ReplayEngine(CONVERTER, limits);
        this.orchestrator = orchestrator;
        this.name = name;
        this.instanceId = instanceId;
        this.executionId = executionId;
    }

    static ReplayHarness of(String name, OrchestratorFunction orchestrator) {
        return new ReplayHarness(orchestrator, name, "inst-1", "exec-1");
    }

    static ReplayHarness withLimits(String name, ReplayLimits limits, OrchestratorFunction orchestrator) {
        return new ReplayHarness(orchestrator, name, "inst-1", "exec-1", limits);
    }

    static ReplayHarness of(String name, String instanceId, OrchestratorFunction orchestrator) {
        return new ReplayHarness(orchestrator, name, instanceId, "exec-1");
    }

    /**
     * Skips the session check, for tests that count the code's side effects (a session runs the code once more) or
     * deploy other code between steps (a session keeps running the code it started with, until the process ends).
     */
    ReplayHarness withoutSessionCheck() {
        sessionCheck = false;
        return this;
    }

    /** Starts the instance with {@code version} (as NewOrchestrationOptions.version); {@code null}: an old event. */
    ReplayHarness withVersion(String version) {
        this.version = version;
        return this;
    }

    /** First step: [OrchestratorStarted(t), ExecutionStarted(t, ...), extra...]. */
    ReplayResult start(Instant t, Object input, HistoryEvent... extra) {
        assertThat(history).as("start() must be the first step").isEmpty();
        List<HistoryEvent> batch = new ArrayList<>();
        batch.add(new HistoryEvent.OrchestratorStarted(t));
        batch.add(new HistoryEvent.ExecutionStarted(t, name, instanceId, executionId, json(input), null, -1,
                version));
        batch.addAll(Arrays.asList(extra));
        return run(batch);
    }

    /** A later step: [OrchestratorStarted(t), events...]. */
    ReplayResult step(Instant t, HistoryEvent... events) {
        assertThat(history).as("step() needs a start() first").isNotEmpty();
        List<HistoryEvent> batch = new ArrayList<>();
        batch.add(new HistoryEvent.OrchestratorStarted(t));
        batch.addAll(Arrays.asList(events));
        return run(batch);
    }

    /**
     * Rewinds the failed history as the store does ({@link Rewind}): the failed step is cut off, and the next step
     * (at {@code t}) delivers what it received again, after the rewind marker. Returns the plan and that step's result
     * ({@link #last()}); outcomes of the work the plan runs again come in later {@link #step}s.
     */
    Rewind rewind(Instant t, String reason) {
        Rewind plan = Rewind.of(List.copyOf(history), new HistoryEvent.ExecutionRewound(t, reason));
        history.subList(plan.keep(), history.size()).clear();
        if (session != null) {
            session.close();
            session = null;
        }
        List<HistoryEvent> batch = new ArrayList<>();
        batch.add(new HistoryEvent.OrchestratorStarted(t));
        batch.addAll(plan.redeliver());
        run(batch);
        return plan;
    }

    private ReplayResult run(List<HistoryEvent> batch) {
        ReplayResult result = engine.execute(orchestrator, List.copyOf(history), List.copyOf(batch));
        assertSessionAgrees(batch, result);
        assertThat(result.newHistory()).as("newHistory begins with the new events")
                .startsWith(batch.toArray(HistoryEvent[]::new));
        assertThat(result.newHistory().get(result.newHistory().size() - 1))
                .isEqualTo(new HistoryEvent.OrchestratorCompleted(((HistoryEvent.OrchestratorStarted) batch.get(0))
                        .timestamp()));
        history.addAll(result.newHistory());
        results.add(result);
        return result;
    }

    /**
     * Every step also runs in an extended session ({@link ReplaySession}), which must produce exactly the fresh
     * replay's result; a session whose code ended is started again from the history, as the dispatcher does.
     */
    private void assertSessionAgrees(List<HistoryEvent> batch, ReplayResult fresh) {
        if (!sessionCheck) {
            return;
        }
        ReplayResult inSession;
        if (session != null && session.isOpen()) {
            inSession = session.step(List.copyOf(batch));
        } else {
            session = ReplaySession.start(engine, orchestrator, List.copyOf(history), List.copyOf(batch),
                    SESSION_THREADS);
            inSession = session.lastResult();
        }
        assertThat(withoutStackTraces(inSession.toString())).as("the session's step equals a fresh replay")
                .isEqualTo(withoutStackTraces(fresh.toString()));
        assertThat(session.historySize()).isEqualTo(history.size() + fresh.newHistory().size());
    }

    private static String withoutStackTraces(String text) {
        return text.replaceAll("stackTrace=(?s).*?, nonRetriable=", "stackTrace=…, nonRetriable=");
    }

    /**
     * Replays the full history as past with a batch of only OrchestratorStarted(t): asserts no scheduling action
     * comes out, the completion (if any) is the one the last step produced, and status, output, failure and custom
     * status are unchanged. Does not append to the history.
     */
    ReplayResult replayFromScratch(Instant t) {
        ReplayResult last = last();
        ReplayResult replay = engine.execute(orchestrator, List.copyOf(history),
                List.of(new HistoryEvent.OrchestratorStarted(t)));
        assertThat(replay.actions().stream().filter(a -> !(a instanceof OrchestratorAction.CompleteOrchestration)))
                .as("replaying the full history must not ask for new work").isEmpty();
        assertThat(replay.status()).as("status after replay").isEqualTo(last.status());
        assertThat(replay.output()).as("output after replay").isEqualTo(last.output());
        assertSameFailure(replay.failure(), last.failure());
        if (last.customStatusSet()) {
            assertThat(replay.customStatus()).as("custom status after replay").isEqualTo(last.customStatus());
        }
        List<OrchestratorAction.CompleteOrchestration> before = actionsOf(last,
                OrchestratorAction.CompleteOrchestration.class);
        List<OrchestratorAction.CompleteOrchestration> after = actionsOf(replay,
                OrchestratorAction.CompleteOrchestration.class);
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i).status()).isEqualTo(before.get(i).status());
            assertThat(after.get(i).result()).isEqualTo(before.get(i).result());
            assertThat(after.get(i).carryoverEvents()).isEqualTo(before.get(i).carryoverEvents());
            assertSameFailure(after.get(i).failure(), before.get(i).failure());
        }
        return replay;
    }

    private static void assertSameFailure(FailureDetails actual, FailureDetails expected) {
        if (expected == null) {
            assertThat(actual).as("failure after replay").isNull();
            return;
        }
        assertThat(actual).as("failure after replay").isNotNull();
        assertThat(actual.errorType()).isEqualTo(expected.errorType());
        assertThat(actual.errorMessage()).isEqualTo(expected.errorMessage());
    }

    List<HistoryEvent> history() {
        return List.copyOf(history);
    }

    ReplayResult last() {
        assertThat(results).as("no step ran yet").isNotEmpty();
        return results.get(results.size() - 1);
    }

    // ---- event and action helpers ----

    static String json(Object value) {
        return CONVERTER.serialize(value);
    }

    static HistoryEvent.TaskCompleted completed(Instant t, int taskId, Object result) {
        return new HistoryEvent.TaskCompleted(t, taskId, json(result));
    }

    static HistoryEvent.TaskFailed failed(Instant t, int taskId, String errorType, String message) {
        return new HistoryEvent.TaskFailed(t, taskId, FailureDetails.of(errorType, message, false));
    }

    static HistoryEvent.TaskFailed failedNonRetriable(Instant t, int taskId, String errorType, String message) {
        return new HistoryEvent.TaskFailed(t, taskId, FailureDetails.of(errorType, message, true));
    }

    static HistoryEvent.TimerFired fired(Instant t, int taskId, Instant fireAt) {
        return new HistoryEvent.TimerFired(t, taskId, fireAt);
    }

    static HistoryEvent.EventRaised raised(Instant t, String name, Object input) {
        return new HistoryEvent.EventRaised(t, name, json(input));
    }

    static <A extends OrchestratorAction> List<A> actionsOf(ReplayResult result, Class<A> type) {
        return result.actions().stream().filter(type::isInstance).map(type::cast).toList();
    }

    static OrchestratorAction.ScheduleTask schedule(int taskId, String name, Object input) {
        return new OrchestratorAction.ScheduleTask(taskId, name, json(input));
    }

    static OrchestratorAction.CreateTimer timer(int taskId, Instant fireAt) {
        return new OrchestratorAction.CreateTimer(taskId, fireAt);
    }

    static OrchestratorAction.CompleteOrchestration completion(ReplayResult result) {
        List<OrchestratorAction.CompleteOrchestration> done = actionsOf(result,
                OrchestratorAction.CompleteOrchestration.class);
        assertThat(done).as("exactly one CompleteOrchestration").hasSize(1);
        return done.get(0);
    }

    static void assertRunningWith(ReplayResult result, OrchestratorAction... actions) {
        assertThat(result.status()).isEqualTo(OrchestrationRuntimeStatus.Running);
        assertThat(result.actions()).containsExactly(actions);
    }

    static void assertCompletedWith(ReplayResult result, String outputJson) {
        assertThat(result.status()).isEqualTo(OrchestrationRuntimeStatus.Completed);
        assertThat(result.output()).isEqualTo(outputJson);
        assertThat(result.failure()).isNull();
        OrchestratorAction.CompleteOrchestration done = completion(result);
        assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.Completed);
        assertThat(done.result()).isEqualTo(outputJson);
    }
}
