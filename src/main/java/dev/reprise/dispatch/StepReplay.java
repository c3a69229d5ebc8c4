package dev.reprise.dispatch;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.HistoryEvent;
import dev.reprise.api.OrchestrationLimitException;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.PotentialDeadlockException;
import dev.reprise.config.RepriseConfig;
import dev.reprise.replay.ReplayEngine;
import dev.reprise.replay.ReplayResult;
import dev.reprise.replay.ReplaySession;
import dev.reprise.store.InstanceRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Runs the orchestrator code of one step: in the instance's extended session when it has one (or should start one),
 * otherwise by replaying the kept or loaded history on a code thread. An instance whose version this process does not
 * run (under {@code versioning.failure=fail}) or whose history is over the limit fails without running its code.
 * Code that neither finishes nor waits within {@code reprise.orchestrations.step-timeout} of engine time is abandoned
 * (interrupted, and unwound at its next call to the context) and its instance fails with
 * {@link PotentialDeadlockException}, as Temporal's deadlock detection does: a runaway orchestrator costs its
 * instance, never the engine.
 */
@Singleton
class StepReplay {

    private static final Logger LOG = Logger.getLogger(StepReplay.class);

    /** A step's result, and the session to keep for the instance's next step ({@code null} for none). */
    record Replayed(ReplayResult result, ReplaySession session) {
    }

    private record Watch(CodeControl control, CompletableFuture<ReplayResult> result, ReplaySession session,
                         List<HistoryEvent> newEvents) {
    }

    private final ReplayEngine engine;
    private final KeptInstances kept;
    private final Clock clock;
    private final Duration timeout;
    private final long maxHistoryBytes;
    private final Map<CodeControl, Watch> watched = new ConcurrentHashMap<>();
    private final VersionGate versions;
    private final Vertx vertx;
    private long watchdog = -1;

    StepReplay(ReplayEngine engine, KeptInstances kept, Clock clock, RepriseConfig config, VersionGate versions,
               Vertx vertx) {
        this.engine = engine;
        this.kept = kept;
        this.clock = clock;
        this.timeout = config.orchestrations().stepTimeout();
        this.maxHistoryBytes = config.orchestrations().maxHistorySize().asLongValue();
        this.versions = versions;
        this.vertx = vertx;
    }

    ReplayEngine engine() {
        return engine;
    }

    /** Looks for abandoned code at most every second of real time, against engine time (tests move the clock). */
    void startWatching() {
        if (watchdog < 0) {
            watchdog = vertx.setPeriodic(Math.max(100, Math.min(1_000, timeout.toMillis() / 4)), id -> check());
        }
    }

    @PreDestroy
    void stopWatching() {
        if (watchdog >= 0) {
            vertx.cancelTimer(watchdog);
            watchdog = -1;
        }
    }

    /**
     * Runs the step's code. {@code history} is the instance's committed history when no session holds it;
     * {@code keepSession} says whether the instance may be kept with a session after this step.
     */
    Uni<Replayed> run(OrchestratorFunction function, KeptInstance.Work work, List<HistoryEvent> history,
                      List<HistoryEvent> newEvents, CodeControl control, boolean keepSession) {
        InstanceRecord instance = work.instance();
        // A terminate ends the instance without running its code, so its version does not matter then.
        boolean terminates = newEvents.stream().anyMatch(e -> e instanceof HistoryEvent.ExecutionTerminated);
        FailureDetails refused = terminates ? null : versions.mismatch(instance);
        if (refused == null && work.payloadBytes() > maxHistoryBytes) {
            refused = historyTooLarge(instance, work.payloadBytes());
        }
        if (refused != null) {
            if (work.session() != null) {
                work.session().close(); // the instance fails; nothing will continue its code
            }
            return Uni.createFrom().item(new Replayed(engine.failWithoutReplay(newEvents, refused), null));
        }
        ReplaySession session = work.session();
        if (session == null && keepSession && kept.sessionAllowed(history.size() + newEvents.size())) {
            session = ReplaySession.open(engine, function, history, kept.threads());
        }
        CompletableFuture<ReplayResult> result;
        if (session != null) {
            result = session.step(newEvents, control);
        } else {
            result = CompletableFuture.supplyAsync(() -> engine.execute(function, history, newEvents, control),
                    kept.threads());
        }
        ReplaySession used = session;
        Watch watch = new Watch(control, result, used, newEvents);
        watched.put(control, watch);
        return Uni.createFrom().completionStage(result)
                .eventually(() -> watched.remove(control))
                .map(r -> new Replayed(r, used != null && used.isOpen() && !control.abandoned() ? used : null));
    }

    private void check() {
        for (Watch watch : watched.values()) {
            CodeControl control = watch.control();
            if (Duration.between(control.started(), clock.instant()).compareTo(timeout) <= 0
                    || watch.result().isDone()) {
                continue;
            }
            StackTraceElement[] where = control.where();
            InstanceRecord instance = control.instance();
            String stack = Arrays.stream(where).limit(20).map(e -> "\tat " + e).collect(Collectors.joining("\n"));
            String message = "Orchestrator '" + instance.name() + "' (instance '" + instance.instanceId()
                    + "') neither finished nor waited for a durable task within " + timeout + " (a loop, or a "
                    + "blocking call such as Thread.sleep or I/O). Orchestrator code must only compute and call the "
                    + "context: do blocking work in activities and wait with durable timers, or raise "
                    + "reprise.orchestrations.step-timeout. Its thread was at:\n" + stack;
            LOG.error(message);
            // The failure wins over whatever the code does once abandoned (it unwinds, or throws when interrupted).
            watch.result().complete(engine.failWithoutReplay(watch.newEvents(),
                    FailureDetails.from(new PotentialDeadlockException(message), true)));
            control.abandon();
            if (watch.session() != null) {
                watch.session().close();
            }
        }
    }

    private FailureDetails historyTooLarge(InstanceRecord instance, long historyBytes) {
        return FailureDetails.of(OrchestrationLimitException.class.getName(), "The history of orchestration '"
                + instance.name() + "' (instance '" + instance.instanceId() + "') is " + historyBytes
                + " bytes, over the limit of " + maxHistoryBytes + " bytes. Use continueAsNew to restart long-running "
                + "orchestrations with a fresh history, keep large payloads out of inputs and outputs, or raise "
                + "reprise.orchestrations.max-history-size.", true);
    }
}
