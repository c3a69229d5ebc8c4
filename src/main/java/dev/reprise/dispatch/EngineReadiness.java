package dev.reprise.dispatch;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Ready once the dispatchers run and the schema has every migration this build ships. A pod started with migrations
 * off (the migration Job's task) stays not-ready until the Job has finished, instead of answering 500s. Database
 * reachability is reported beside it by the datasource health checks.
 */
@Readiness
@ApplicationScoped
public class EngineReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(EngineReadiness.class);

    private final EngineLifecycle lifecycle;
    private final OrchestrationDispatcher orchestrations;
    private final ActivityDispatcher activities;
    private final Flyway flyway;
    /** Migrations never un-apply, so once the schema was current it is not asked again. */
    private volatile boolean schemaCurrent;

    EngineReadiness(EngineLifecycle lifecycle, OrchestrationDispatcher orchestrations,
                    ActivityDispatcher activities, Flyway flyway) {
        this.lifecycle = lifecycle;
        this.orchestrations = orchestrations;
        this.activities = activities;
        this.flyway = flyway;
    }

    @Override
    public HealthCheckResponse call() {
        boolean schema = schemaCurrent();
        return HealthCheckResponse.named("Reprise engine")
                .status(lifecycle.isStarted() && schema)
                .withData("schemaMigrated", schema)
                .withData("orchestrationStepsInFlight", orchestrations.inFlight())
                .withData("activitiesInFlight", activities.inFlight())
                .build();
    }

    /** Health checks run on a worker thread, where this one JDBC look-up may block. */
    private boolean schemaCurrent() {
        if (!schemaCurrent) {
            try {
                schemaCurrent = flyway.info().pending().length == 0;
            } catch (RuntimeException unreachable) {
                LOG.debugf("Cannot read the schema version: %s", unreachable.getMessage());
            }
        }
        return schemaCurrent;
    }
}
