package dev.reprise.dispatch;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the schema is migrated and the dispatchers run; database reachability is reported beside it by the
 * datasource health checks.
 */
@Readiness
@ApplicationScoped
public class EngineReadiness implements HealthCheck {

    private final EngineLifecycle lifecycle;
    private final OrchestrationDispatcher orchestrations;
    private final ActivityDispatcher activities;

    EngineReadiness(EngineLifecycle lifecycle, OrchestrationDispatcher orchestrations,
                    ActivityDispatcher activities) {
        this.lifecycle = lifecycle;
        this.orchestrations = orchestrations;
        this.activities = activities;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Reprise engine")
                .status(lifecycle.isStarted())
                .withData("orchestrationStepsInFlight", orchestrations.inFlight())
                .withData("activitiesInFlight", activities.inFlight())
                .build();
    }
}
