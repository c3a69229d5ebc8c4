package dev.reprise.dispatch;

import dev.reprise.store.SchemaBootstrap;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the dispatchers run and the schema has every migration this build ships. A pod started with migrations
 * off (the migration Job's task) stays not-ready until the Job has finished, instead of answering 500s. Database
 * reachability is reported beside it by the reactive datasource health check.
 *
 * <p>Knative forwards the request that woke a scaled-to-zero service only once this answers UP, so it is on that
 * request's path: it asks the schema once through the reactive pool the engine already holds (never Flyway, whose
 * answer needs a JDBC connection and its driver first), and not again once the schema was current.
 */
@Readiness
@ApplicationScoped
public class EngineReadiness implements AsyncHealthCheck {

    private final EngineLifecycle lifecycle;
    private final OrchestrationDispatcher orchestrations;
    private final ActivityDispatcher activities;
    private final SchemaBootstrap schema;

    EngineReadiness(EngineLifecycle lifecycle, OrchestrationDispatcher orchestrations,
                    ActivityDispatcher activities, SchemaBootstrap schema) {
        this.lifecycle = lifecycle;
        this.orchestrations = orchestrations;
        this.activities = activities;
        this.schema = schema;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return schema.isCurrent().map(current -> HealthCheckResponse.named("Reprise engine")
                .status(lifecycle.isStarted() && current)
                .withData("schemaMigrated", current)
                .withData("orchestrationStepsInFlight", orchestrations.inFlight())
                .withData("activitiesInFlight", activities.inFlight())
                .build());
    }
}
