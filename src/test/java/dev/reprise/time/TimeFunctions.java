package dev.reprise.time;

import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Duration;
import java.time.Instant;

/** Orchestrators for the clock tests. */
@ApplicationScoped
public class TimeFunctions {

    /** Sleeps durably for one hour and reports the replay-safe times before and after. */
    @Produces
    @Orchestrator("TestHourLongTimer")
    OrchestratorFunction hourLongTimer() {
        return ctx -> {
            Instant before = ctx.getCurrentInstant();
            ctx.createTimer(Duration.ofHours(1)).await();
            Instant after = ctx.getCurrentInstant();
            return Duration.between(before, after).toMinutes();
        };
    }
}
