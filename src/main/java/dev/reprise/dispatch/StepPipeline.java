package dev.reprise.dispatch;

import dev.reprise.api.HistoryEvent;
import dev.reprise.api.NonRetriableException;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.config.RepriseConfig;
import dev.reprise.store.HistoryRepository;
import dev.reprise.store.InboxMessage;
import dev.reprise.store.InboxRepository;
import dev.reprise.store.InstanceRecord;
import dev.reprise.store.LoadedHistory;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One orchestration step of a kept instance, in three named parts: which messages and outcomes it takes
 * ({@link #gather}), running the orchestrator's code ({@link StepReplay}), and committing what the code did
 * ({@link StepCommitter}). The instance is stepping throughout; one step at a time per instance.
 */
@Singleton
class StepPipeline {

    /** What gathering found: the inputs, and the history to replay when no session holds it. */
    private record Gathered(KeptInstance.Work work, StepInputs inputs, List<HistoryEvent> history,
                            long payloadBytes) {
    }

    private final RepriseConfig config;
    private final Clock clock;
    private final HistoryRepository historyRepository;
    private final InboxRepository inbox;
    private final FunctionRegistry registry;
    private final StepReplay replay;
    private final StepCommitter committer;
    private final Telemetry telemetry;

    StepPipeline(RepriseConfig config, Clock clock, HistoryRepository historyRepository, InboxRepository inbox,
                 FunctionRegistry registry, StepReplay replay, StepCommitter committer, Telemetry telemetry) {
        this.config = config;
        this.clock = clock;
        this.historyRepository = historyRepository;
        this.inbox = inbox;
        this.registry = registry;
        this.replay = replay;
        this.committer = committer;
        this.telemetry = telemetry;
    }

    /**
     * Runs one step of {@code instance}: emits once it is committed (or found nothing to do, or failed and was
     * dropped). With {@code keep}, the instance stays kept afterwards when it can.
     *
     * @return how many durable timers the step applied
     */
    Uni<Integer> run(KeptInstance instance, boolean keep) {
        KeptInstance.Work work = instance.take();
        Instant now = clock.instant();
        return gather(work, now).chain(gathered -> {
            if (gathered.inputs().isEmpty()) {
                return committer.nothingToApply(instance, work, gathered.inputs(), keep).replaceWith(0);
            }
            return step(instance, gathered, now, keep).replaceWith(gathered.inputs().timersFired());
        });
    }

    /** Which messages and outcomes the step takes: loads the history and due messages it does not hold. */
    private Uni<Gathered> gather(KeptInstance.Work work, Instant now) {
        String id = work.instance().instanceId();
        Uni<LoadedHistory> loaded = work.loaded() ? Uni.createFrom().item((LoadedHistory) null)
                : historyRepository.load(committer.pool(), List.of(id)).map(h -> h.get(id));
        Uni<List<InboxMessage>> due = !work.loadInbox() ? Uni.createFrom().item(List.<InboxMessage>of())
                : inbox.loadDue(committer.pool(), List.of(id), now, config.orchestrations().maxMessagesPerStep())
                .map(m -> m.get(id));
        return Uni.combine().all().unis(loaded, due).asTuple().map(t -> {
            List<InboxMessage> messages = new ArrayList<>(work.known());
            messages.addAll(t.getItem2());
            StepInputs inputs = StepInputs.of(work.instance(), messages, work.outcomes(), now);
            LoadedHistory history = t.getItem1();
            return history == null ? new Gathered(work, inputs, work.history(), work.payloadBytes())
                    : new Gathered(work, inputs, history.events(), history.payloadBytes());
        });
    }

    /** Runs the code and commits the step. */
    private Uni<Void> step(KeptInstance instance, Gathered gathered, Instant now, boolean keep) {
        KeptInstance.Work work = gathered.work();
        InstanceRecord record = work.instance();
        OrchestratorFunction function = Objects.requireNonNullElseGet(registry.orchestrator(record.name()),
                () -> unknownOrchestrator(record.name()));
        Telemetry.Step observed = telemetry.startStep(record);
        CodeControl control = new CodeControl(record, observed, now);
        KeptInstance.Work loaded = new KeptInstance.Work(record, work.historySize(), gathered.history(),
                work.session(), gathered.payloadBytes(), work.outcomes(), work.known(), work.loadInbox());
        long started = System.nanoTime();
        return replay.run(function, loaded, gathered.history(), gathered.inputs().newEvents(), control, keep)
                .invoke(() -> observed.replayed(System.nanoTime() - started))
                .chain(replayed -> committer.commit(instance, loaded, gathered.inputs(), replayed, now, observed,
                        keep))
                .onTermination().invoke((ok, failure, cancelled) -> observed.end(failure));
    }

    private OrchestratorFunction unknownOrchestrator(String name) {
        return ctx -> {
            throw new NonRetriableException("No orchestrator named '" + name + "' is registered in this application; "
                    + "registered orchestrators: " + registry.orchestratorNames()
                    + ". Register a bean with @Orchestrator(\"" + name + "\") or start one of those.");
        };
    }
}
