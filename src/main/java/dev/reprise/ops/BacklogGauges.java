package dev.reprise.ops;

import dev.reprise.config.RepriseConfig;
import dev.reprise.dispatch.EngineLifecycle;
import dev.reprise.store.InboxRepository;
import dev.reprise.store.OrchestrationStore;
import dev.reprise.store.WorkItemRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backlog gauges: due inbox messages and due activity work items. Reading a gauge only reads a number; the numbers
 * are counted in the database in the background every {@code reprise.metrics.backlog-refresh-interval}, without
 * blocking any thread. When a count fails (the database is down) the gauges keep the last value counted.
 */
@Startup
@Singleton
public class BacklogGauges {

    public static final String INBOX_DUE = "reprise.inbox.due";
    public static final String WORK_ITEMS_DUE = "reprise.work.items.due";
    private static final Logger LOG = Logger.getLogger(BacklogGauges.class);

    private final AtomicLong dueMessages = new AtomicLong();
    private final AtomicLong dueWorkItems = new AtomicLong();
    private final AtomicBoolean counting = new AtomicBoolean();
    private final EngineLifecycle lifecycle;
    private final OrchestrationStore store;
    private final InboxRepository inbox;
    private final WorkItemRepository workItems;
    private final Clock clock;

    BacklogGauges(MeterRegistry registry, EngineLifecycle lifecycle, OrchestrationStore store, InboxRepository inbox,
                  WorkItemRepository workItems, Clock clock) {
        this.lifecycle = lifecycle;
        this.store = store;
        this.inbox = inbox;
        this.workItems = workItems;
        this.clock = clock;
        Gauge.builder(INBOX_DUE, dueMessages, AtomicLong::get)
                .description("Inbox messages (starts, results, events, timers) that are due and not yet applied to "
                        + "their orchestration, as last counted")
                .register(registry);
        Gauge.builder(WORK_ITEMS_DUE, dueWorkItems, AtomicLong::get)
                .description("Activity work items that are due and wait for a worker, as last counted")
                .register(registry);
    }

    @Scheduled(every = "${reprise.metrics.backlog-refresh-interval:5s}", identity = "reprise-backlog-gauges",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        // The schema exists only once the engine started; a count still running is not started twice.
        if (!lifecycle.isStarted() || !counting.compareAndSet(false, true)) {
            return;
        }
        Instant now = clock.instant();
        inbox.countDue(store.pool(), now)
                .chain(messages -> workItems.countDue(store.pool(), now).invoke(items -> {
                    dueMessages.set(messages);
                    dueWorkItems.set(items);
                }))
                .eventually(() -> counting.set(false))
                .subscribe().with(ok -> { }, e -> LOG.debugf("Counting the backlog failed: %s", e));
    }
}
