package dev.reprise.dispatch;

import dev.reprise.api.ActivityFunction;
import dev.reprise.api.AsyncActivityFunction;
import dev.reprise.api.FailureDetails;
import dev.reprise.api.NonRetriableException;
import dev.reprise.config.RepriseConfig;
import dev.reprise.history.HistoryEvent;
import dev.reprise.replay.PayloadConverter;
import dev.reprise.store.OrchestrationStore;
import dev.reprise.store.WorkItem;
import dev.reprise.store.WorkItemRepository;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Runs activities: claims work items, runs blocking activities on worker threads and {@code Uni} activities on the
 * calling context, and commits each outcome (work item removed, result sent to the orchestration) in one transaction.
 */
@Singleton
public class ActivityDispatcher extends PumpedDispatcher<WorkItem> {

    private static final Logger LOG = Logger.getLogger(ActivityDispatcher.class);

    private final RepriseConfig config;
    private final Clock clock;
    private final EngineIdentity identity;
    private final OrchestrationStore store;
    private final WorkItemRepository workItems;
    private final FunctionRegistry registry;
    private final PayloadConverter converter;
    private final Wakeups wakeups;

    ActivityDispatcher(RepriseConfig config, Clock clock, EngineIdentity identity, OrchestrationStore store,
                       WorkItemRepository workItems, FunctionRegistry registry, PayloadConverter converter,
                       Wakeups wakeups) {
        super("activity dispatcher", config.activities().concurrency());
        this.config = config;
        this.clock = clock;
        this.identity = identity;
        this.store = store;
        this.workItems = workItems;
        this.registry = registry;
        this.converter = converter;
        this.wakeups = wakeups;
    }





    @Override
    Uni<List<WorkItem>> claim(int limit) {
        Instant now = clock.instant();
        return workItems.claim(store.pool(), now, limit, identity.owner(),
                now.plus(config.activities().leaseDuration()));
    }

    @Override
    Uni<Void> process(WorkItem item) {
        return run(item)
                .map(json -> (HistoryEvent) new HistoryEvent.TaskCompleted(clock.instant(), item.taskId(), json))
                .onFailure().recoverWithItem(failure -> new HistoryEvent.TaskFailed(clock.instant(), item.taskId(),
                        FailureDetails.from(failure, failure instanceof NonRetriableException)))
                .chain(outcome -> store.completeActivity(identity.owner(), item, outcome, clock.instant()))
                .invoke(recorded -> {
                    if (recorded) {
                        wakeups.orchestrations();
                    } else {
                        LOG.warnf("Activity '%s' (task #%d of instance '%s') finished after its lease expired; "
                                + "its redelivery reports the result instead", item.name(), item.taskId(),
                                item.instanceId());
                    }
                })
                .replaceWithVoid();
    }

    private Uni<String> run(WorkItem item) {
        Object function = registry.activity(item.name());
        ActivityContextImpl context = new ActivityContextImpl(item, converter);
        if (function instanceof ActivityFunction blocking) {
            return Uni.createFrom().item(() -> {
                try {
                    return converter.serialize(blocking.run(context));
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new ActivityException(e);
                }
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .onFailure(ActivityException.class).transform(Throwable::getCause);
        }
        if (function instanceof AsyncActivityFunction async) {
            return Uni.createFrom().deferred(() -> async.run(context)).map(converter::serialize);
        }
        return Uni.createFrom().failure(new NonRetriableException("No activity named '" + item.name()
                + "' is registered in this application; registered activities: " + registry.activityNames()
                + ". Register a bean with @Activity(\"" + item.name() + "\") or call one of those."));
    }

    /** Carries a checked exception out of a blocking activity unchanged. */
    private static final class ActivityException extends RuntimeException {
        ActivityException(Exception cause) {
            super(cause);
        }
    }
}
