package dev.reprise.dispatch;

import dev.reprise.config.RepriseConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Moves every instance forward within one request, for scale-to-zero hosting: with no pod running there is no
 * scheduler and no LISTEN connection, so a Knative PingSource calls this every minute. It fires due durable timers
 * and drains due orchestration steps and activities, alternating, until nothing is due or the time budget is spent.
 * It works whether or not the dispatchers run.
 */
@ApplicationScoped
public class TickService {

    /**
     * What one tick did.
     *
     * @param orchestrationSteps steps committed
     * @param timersFired        durable timers among the messages those steps applied
     * @param activities         activity executions finished
     * @param entityBatches      entity batches run
     * @param durationMs         time spent, in milliseconds
     * @param drained            {@code true} when nothing due was left; {@code false} when the budget ran out first
     */
    @RegisterForReflection
    public record TickReport(int orchestrationSteps, int timersFired, int activities, int entityBatches,
                             long durationMs, boolean drained) {
    }

    private final OrchestrationDispatcher orchestrations;
    private final ActivityDispatcher activities;
    private final EntityDispatcher entities;
    private final RepriseConfig config;
    private final Clock clock;

    TickService(OrchestrationDispatcher orchestrations, ActivityDispatcher activities, EntityDispatcher entities,
                RepriseConfig config, Clock clock) {
        this.orchestrations = orchestrations;
        this.activities = activities;
        this.entities = entities;
        this.config = config;
        this.clock = clock;
    }

    /** Drains due work for at most {@code reprise.tick.max-duration}. */
    public Uni<TickReport> tick() {
        Instant started = clock.instant();
        return round(started, started.plus(config.tick().maxDuration()), new TickReport(0, 0, 0, 0, 0, false));
    }

    private Uni<TickReport> round(Instant started, Instant deadline, TickReport sofar) {
        long timersBefore = orchestrations.timersFired();
        return orchestrations.drainOnce(config.orchestrations().concurrency())
                .chain(steps -> activities.drainOnce(config.activities().concurrency())
                        .chain(done -> entities.drainOnce(config.entities().concurrency()).map(batches ->
                                add(sofar, steps, (int) (orchestrations.timersFired() - timersBefore), done,
                                        batches))))
                .chain(report -> {
                    boolean idle = report.orchestrationSteps() == sofar.orchestrationSteps()
                            && report.activities() == sofar.activities()
                            && report.entityBatches() == sofar.entityBatches();
                    Instant now = clock.instant();
                    long elapsed = Duration.between(started, now).toMillis();
                    if (idle || !now.isBefore(deadline)) {
                        return Uni.createFrom().item(new TickReport(report.orchestrationSteps(),
                                report.timersFired(), report.activities(), report.entityBatches(), elapsed, idle));
                    }
                    return round(started, deadline, report);
                });
    }

    private static TickReport add(TickReport sofar, List<?> steps, int timers, List<?> done, List<?> batches) {
        return new TickReport(sofar.orchestrationSteps() + steps.size(), sofar.timersFired() + timers,
                sofar.activities() + done.size(), sofar.entityBatches() + batches.size(), 0, false);
    }
}
