package dev.reprise.dispatch;

import dev.reprise.store.OrchestrationStore;
import dev.reprise.store.SchemaBootstrap;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import dev.reprise.store.QueueMaintenance;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Inject;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import dev.reprise.config.RepriseConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the engine once the schema is ready (work that fell due while the service was down, timers included, is
 * claimed at once), and stops claiming at shutdown.
 */
@ApplicationScoped
public class EngineLifecycle {

    private static final Logger LOG = Logger.getLogger(EngineLifecycle.class);
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(5);

    private final SchemaBootstrap schema;
    private final FunctionRegistry registry;
    private final OrchestrationDispatcher orchestrations;
    private final ActivityDispatcher activities;
    private final WakeupListener listener;
    private final Wakeups wakeups;
    private final RepriseConfig config;
    private final OrchestrationStore store;
    private final EngineIdentity identity;
    private final Clock clock;
    private volatile boolean started;
    @Inject
    QueueMaintenance maintenance;
    @Inject
    EntityDispatcher entities;

    EngineLifecycle(RepriseConfig config, OrchestrationStore store, EngineIdentity identity, Clock clock,
                    SchemaBootstrap schema, FunctionRegistry registry, OrchestrationDispatcher orchestrations,
                    ActivityDispatcher activities, WakeupListener listener, Wakeups wakeups) {
        this.schema = schema;
        this.registry = registry;
        this.orchestrations = orchestrations;
        this.activities = activities;
        this.listener = listener;
        this.wakeups = wakeups;
        this.config = config;
        this.store = store;
        this.identity = identity;
        this.clock = clock;
    }

    void onStart(@Observes @Priority(100) StartupEvent event) {
        if (config.migrateAndExit()) {
            schema.migrate();
            LOG.info("Schema migrated; exiting as configured (reprise.migrate-and-exit=true)");
            Quarkus.asyncExit(0);
            return;
        }
        schema.prepare();
        wakeups.register(orchestrations::wake, activities::wake);
        wakeups.registerEntities(entities::wake);
        listener.start().await().atMost(LISTEN_TIMEOUT);
        orchestrations.start();
        activities.start();
        entities.start();
        started = true;
        LOG.infof("Reprise engine started as lease owner %s: orchestrators %s, activities %s, entities %s",
                identity.owner(), registry.orchestratorNames(), registry.activityNames(), registry.entityNames());
    }

    /**
     * Stops claiming, then lets steps and activities in flight commit within the grace period, before Quarkus closes
     * the connection pool under them. The leases of whatever is still unfinished are then released, so another
     * replica takes that work at once (a late commit under a released lease is rolled back).
     */
    void onStop(@Observes ShutdownEvent event) {
        started = false;
        CompletableFuture<Void> drained = CompletableFuture.allOf(orchestrations.stop(), activities.stop(),
                entities.stop());
        try {
            drained.get(config.shutdownGracePeriod().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("Work still in flight after the %s grace period; releasing its leases so other replicas take "
                    + "it over", config.shutdownGracePeriod());
        } catch (ExecutionException e) {
            LOG.warn("Waiting for work in flight failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            int released = store.releaseAll(identity.owner(), clock.instant()).await().atMost(RELEASE_TIMEOUT);
            if (released > 0) {
                LOG.infof("Released %d leases of unfinished work for other replicas", released);
            }
            int entityLeases = entities.releaseAll().await().atMost(RELEASE_TIMEOUT);
            if (entityLeases > 0) {
                LOG.infof("Released %d entity leases for other replicas", entityLeases);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not release leases at shutdown (%s); they expire on their own", e.getMessage());
        }
        listener.stop();
        LOG.infof("Reprise engine stopped: %d orchestration steps committed, %d activity results recorded, %d entity "
                + "operations run", orchestrations.stepsCommitted(), activities.activitiesRecorded(),
                entities.operationsRun());
    }

    /** The polling fallback: also sweeps durable timers that fell due while no wake-up arrived. */
    @Scheduled(every = "${reprise.polling-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (started) {
            wakeups.all();
        }
    }

    /** Vacuums the queue tables when the database's autovacuum is off (see {@link QueueMaintenance}). */
    @Scheduled(every = "${reprise.maintenance.vacuum-interval:30s}", identity = "reprise-queue-maintenance",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void maintain() {
        if (started) {
            maintenance.vacuumIfNeeded().subscribe().with(vacuumed -> { });
        }
    }

    public boolean isStarted() {
        return started;
    }
}
